import { z } from "zod";
import { runAction, zodDetails } from "@/lib/action";
import { apiHandler, json, readJson, resultResponse } from "@/lib/api/route";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { createCaseAction } from "@/lib/cases/mutations";
import { caseJson, getCase, listCasesPage } from "@/lib/cases/queries";
import { ZApiCaseListQuery } from "@/lib/cases/schema";
import { AppError } from "@/lib/errors";

const ZCursor = z.object({ u: z.coerce.date(), i: z.string() });

export const GET = apiHandler(async ({ req, user }) => {
  const parsed = ZApiCaseListQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new AppError("bad_input", "The query has invalid parameters.", zodDetails(parsed.error));
  const { cursor, ...rest } = parsed.data;
  const page = await listCasesPage(user, { ...rest, cursor: decodeCursor(cursor, ZCursor) });
  return json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
});

export const POST = apiHandler(async ({ req, user }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new AppError("bad_input", "Send a JSON object.");
  // The contract's body has no lead: the caller leads the case they open, unless they name one.
  const r = await runAction(createCaseAction, user, { members: [], ...body, leadId: body.leadId ?? user.id });
  if (!r.ok) return resultResponse(r);
  const c = await getCase(user, r.data.id);
  return json(caseJson(c!), 201);
});
