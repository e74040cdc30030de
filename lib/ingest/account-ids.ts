// The case's accounts by their external id, read once before an exchanges file is streamed: each
// line's account is resolved as it is read, so the rows go to the database with their account's
// row id (no join at the end), and a line naming an account the case does not have is an error
// the moment it is read, with its line number. 25,000 accounts take a few MB here.
import type pg from "pg";
import { show } from "./fields";
import type { TRowError } from "./types";

/** The case's accounts: external id → row id. */
export async function loadAccountIds(client: pg.ClientBase, caseId: string): Promise<ReadonlyMap<string, string>> {
  const { rows } = await client.query<{ e: string; id: string }>({ text: `SELECT "externalId" AS e, id::text AS id FROM account WHERE "caseId" = $1`, values: [caseId] });
  const ids = new Map<string, string>();
  for (const r of rows) ids.set(r.e, r.id);
  return ids;
}

export function unknownAccount(line: number, externalId: string): TRowError {
  return { line, field: "account_id", message: `line ${line}: account_id ${show(externalId)} is not an account of this case; import its accounts first` };
}
