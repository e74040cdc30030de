// The SQL of an import: the staging tables rows are COPYed into, the checks that need the case's
// data (duplicates, unknown accounts), and the moves into place. All values travel as parameters
// or COPY data; nothing from a file is ever spliced into SQL text.
import { show } from "./fields";
import { KEEP_ERRORS as KEEP, type TRowError } from "./types";

export const STAGING = {
  accounts: {
    create: `CREATE TEMP TABLE stg (line int, external_id text, created_at timestamp(3), email text, display_name text, country text,
      signup_ip text, asn bigint, payment_fingerprint text, user_agent text, organization_id text, status text, cluster text, attributes jsonb)`,
    copy: `COPY stg (line, external_id, created_at, email, display_name, country, signup_ip, asn, payment_fingerprint, user_agent, organization_id, status, cluster, attributes) FROM STDIN`,
  },
  exchanges: {
    // account_id is resolved while the file is read (lib/ingest/account-ids.ts); null on a line
    // whose account the case does not have, which is already an error of the file.
    create: `CREATE TEMP TABLE stg (line int, external_id text, account_id bigint, ts timestamp(3), model text, prompt_tokens int, completion_tokens int,
      prompt text, response text, prompt_sha256 text, request_ip text, user_agent text, metadata jsonb, attributes jsonb)`,
    copy: `COPY stg (line, external_id, account_id, ts, model, prompt_tokens, completion_tokens, prompt, response, prompt_sha256, request_ip, user_agent, metadata, attributes) FROM STDIN`,
  },
} as const;

type TQuery = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;


/** A line whose id an earlier line of the file already has. */
export function repeatedIdError(idField: "account_id" | "exchange_id", id: string, line: number, first: number): TRowError {
  return { line, field: idField, message: `line ${line}: ${idField} ${show(id)} appears again (first on line ${first}); ids must be unique` };
}

/** Errors that only the database can see (ids repeated in the file, ids already in the case).
 *  Returns up to KEEP of them and the full count. */
export async function stagingChecks(q: TQuery, kind: "accounts" | "exchanges", caseId: string): Promise<{ errors: TRowError[]; count: number }> {
  const idField = kind === "accounts" ? "account_id" : "exchange_id";
  const table = kind === "accounts" ? "account" : "exchange";
  const errors: TRowError[] = [];
  let count = 0;

  const dups = await q(
    `SELECT external_id, min(line) AS first, (array_agg(line ORDER BY line))[2:${KEEP + 1}] AS again, count(*) - 1 AS extra
       FROM stg GROUP BY external_id HAVING count(*) > 1 ORDER BY min(line)`,
  );
  for (const d of dups.rows) {
    count += Number(d.extra);
    for (const line of d.again as number[]) {
      if (errors.length < KEEP) errors.push(repeatedIdError(idField, d.external_id as string, line, d.first as number));
    }
  }

  const existsSql = `FROM stg s JOIN ${table} t ON t."caseId" = $1 AND t."externalId" = s.external_id`;
  const existing = await q(`SELECT count(*)::int AS n ${existsSql}`, [caseId]);
  count += existing.rows[0].n as number;
  if ((existing.rows[0].n as number) > 0) {
    const rows = await q(`SELECT s.line, s.external_id ${existsSql} ORDER BY s.line LIMIT ${KEEP}`, [caseId]);
    for (const r of rows.rows) errors.push({ line: r.line as number, field: idField, message: `line ${r.line}: ${idField} ${show(r.external_id)} is already in this case` });
  }

  return { errors, count };
}

/**
 * Moves staged accounts into place, counts them in the case's rollups (total, and created per UTC
 * day), and files them into their labelled clusters.
 */
export async function moveAccounts(q: TQuery, caseId: string, importId: string) {
  await q(
    `WITH ins AS (
       INSERT INTO account ("caseId", "externalId", "accountCreatedAt", email, "displayName", country, "signupIp", asn,
          "paymentFingerprint", "userAgent", "organizationId", status, attributes, "importId", "ipPrefix")
       SELECT $1, external_id, created_at, email, display_name, country, signup_ip, asn, payment_fingerprint, user_agent,
          organization_id, status::"AccountStatus", attributes, $2, casebook_ip_prefix(signup_ip)
         FROM stg ORDER BY line
       RETURNING "accountCreatedAt"),
     days AS (
       INSERT INTO case_day_rollup ("caseId", day, "accountsCreated")
       SELECT $1, "accountCreatedAt"::date, count(*)::int FROM ins GROUP BY 2
       ON CONFLICT ("caseId", day) DO UPDATE SET "accountsCreated" = case_day_rollup."accountsCreated" + EXCLUDED."accountsCreated"
       RETURNING 1)
     INSERT INTO case_rollup ("caseId", accounts) SELECT $1, count(*)::int FROM ins
     ON CONFLICT ("caseId") DO UPDATE SET accounts = case_rollup.accounts + EXCLUDED.accounts`,
    [caseId, importId],
  );
  const created = await q(
    `INSERT INTO cluster (id, "caseId", name, origin, status, notes, "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, label, 'imported', 'proposed', '', now(), now()
       FROM (SELECT DISTINCT cluster AS label FROM stg WHERE cluster IS NOT NULL) l
     ON CONFLICT ("caseId", name) DO NOTHING RETURNING id`,
    [caseId],
  );
  await q(
    `INSERT INTO cluster_member ("clusterId", "accountId")
     SELECT c.id, a.id FROM stg s
       JOIN account a ON a."caseId" = $1 AND a."externalId" = s.external_id
       JOIN cluster c ON c."caseId" = $1 AND c.name = s.cluster
     ON CONFLICT DO NOTHING`,
    [caseId],
  );
  // One "pipeline label" signal a cluster, counting all its members after this import.
  const touched = `SELECT c.id, c.name FROM cluster c WHERE c."caseId" = $1 AND c.name IN (SELECT DISTINCT cluster FROM stg WHERE cluster IS NOT NULL)`;
  await q(`DELETE FROM cluster_link l USING (${touched}) t WHERE l."clusterId" = t.id AND l.kind = 'imported_label'`, [caseId]);
  await q(
    `INSERT INTO cluster_link (id, "clusterId", kind, value, confidence, weight, "accountCount", "memberCount", evidence)
     SELECT gen_random_uuid()::text, t.id, 'imported_label', t.name, 1, 1, n, n, jsonb_build_object('lastImportId', $2::text)
       FROM (${touched}) t, LATERAL (SELECT count(*)::int AS n FROM cluster_member m WHERE m."clusterId" = t.id) k`,
    [caseId, importId],
  );
  const labels = await q(`SELECT count(DISTINCT cluster)::int AS n FROM stg WHERE cluster IS NOT NULL`);
  return { clustersCreated: created.rows.length, clustersTouched: labels.rows[0].n as number };
}

/**
 * Moves staged exchanges into place and adds them to the case's rollups (totals; per UTC day and
 * model; per account and day; per account; active accounts per day), in one statement of the import's transaction: the figures always match the rows.
 */
export async function moveExchanges(q: TQuery, caseId: string, importId: string) {
  const r = await q(
    `WITH ins AS (
       INSERT INTO exchange ("caseId", "accountId", "externalId", ts, model, "promptTokens", "completionTokens", prompt, response,
          "promptSha256", "requestIp", "userAgent", metadata, attributes, "isSample", "importId")
       SELECT $1, s.account_id, s.external_id, s.ts, s.model, s.prompt_tokens, s.completion_tokens, s.prompt, s.response, s.prompt_sha256,
          s.request_ip, s.user_agent, s.metadata, s.attributes, (s.prompt IS NOT NULL OR s.response IS NOT NULL), $2
         FROM stg s
       RETURNING "accountId", ts, model, "isSample", "promptTokens", "completionTokens"),
     account_days AS (
       INSERT INTO account_day_rollup ("accountId", day, "caseId", exchanges, "promptTokens", "completionTokens")
       SELECT "accountId", ts::date, $1, count(*), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
         FROM ins GROUP BY 1, 2
       ON CONFLICT ("accountId", day) DO UPDATE SET
         exchanges = account_day_rollup.exchanges + EXCLUDED.exchanges,
         "promptTokens" = account_day_rollup."promptTokens" + EXCLUDED."promptTokens",
         "completionTokens" = account_day_rollup."completionTokens" + EXCLUDED."completionTokens"
       -- xmax is 0 on a row this statement inserted: an account active on a day it was not before.
       RETURNING day, (xmax = 0) AS fresh),
     active AS (
       INSERT INTO case_day_rollup ("caseId", day, "activeAccounts")
       SELECT $1, day, count(*) FILTER (WHERE fresh)::int FROM account_days GROUP BY 2
       ON CONFLICT ("caseId", day) DO UPDATE SET "activeAccounts" = case_day_rollup."activeAccounts" + EXCLUDED."activeAccounts"
       RETURNING 1),
     accounts AS (
       INSERT INTO account_rollup ("accountId", "caseId", exchanges, "firstSeen", "lastSeen")
       SELECT "accountId", $1, count(*), min(ts), max(ts) FROM ins GROUP BY 1
       ON CONFLICT ("accountId") DO UPDATE SET exchanges = account_rollup.exchanges + EXCLUDED.exchanges,
         "firstSeen" = least(account_rollup."firstSeen", EXCLUDED."firstSeen"), "lastSeen" = greatest(account_rollup."lastSeen", EXCLUDED."lastSeen")
       RETURNING 1),
     days AS (
       INSERT INTO exchange_day_rollup ("caseId", day, model, exchanges, samples, "promptTokens", "completionTokens")
       SELECT $1, ts::date, model, count(*), count(*) FILTER (WHERE "isSample"), sum(coalesce("promptTokens", 0)), sum(coalesce("completionTokens", 0))
         FROM ins GROUP BY 2, 3
       ON CONFLICT ("caseId", day, model) DO UPDATE SET
         exchanges = exchange_day_rollup.exchanges + EXCLUDED.exchanges, samples = exchange_day_rollup.samples + EXCLUDED.samples,
         "promptTokens" = exchange_day_rollup."promptTokens" + EXCLUDED."promptTokens",
         "completionTokens" = exchange_day_rollup."completionTokens" + EXCLUDED."completionTokens"
       RETURNING 1),
     total AS (
       SELECT count(*)::int AS n, count(*) FILTER (WHERE "isSample")::int AS samples, sum(coalesce("promptTokens", 0)) AS pt,
              sum(coalesce("completionTokens", 0)) AS ct, min(ts) AS first, max(ts) AS last
         FROM ins),
     rolled AS (
       INSERT INTO case_rollup ("caseId", exchanges, samples, "promptTokens", "completionTokens", "firstExchangeAt", "lastExchangeAt")
       SELECT $1, n, samples, pt, ct, first, last FROM total
       ON CONFLICT ("caseId") DO UPDATE SET
         exchanges = case_rollup.exchanges + EXCLUDED.exchanges, samples = case_rollup.samples + EXCLUDED.samples,
         "promptTokens" = case_rollup."promptTokens" + EXCLUDED."promptTokens",
         "completionTokens" = case_rollup."completionTokens" + EXCLUDED."completionTokens",
         "firstExchangeAt" = least(case_rollup."firstExchangeAt", EXCLUDED."firstExchangeAt"),
         "lastExchangeAt" = greatest(case_rollup."lastExchangeAt", EXCLUDED."lastExchangeAt")
       RETURNING 1)
     SELECT n, samples, (SELECT count(*) FROM days)::int AS days, (SELECT count(*) FROM rolled)::int AS rolled,
            (SELECT count(*) FROM active)::int AS active, (SELECT count(*) FROM accounts)::int AS accounts FROM total`,
    [caseId, importId],
  );
  return { exchanges: r.rows[0].n as number, samples: r.rows[0].samples as number };
}
