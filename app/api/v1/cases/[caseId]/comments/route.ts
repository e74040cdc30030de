import { actionRoute } from "@/lib/api/action-route";
import { apiHandler, json } from "@/lib/api/route";
import { listComments } from "@/lib/cases/queries";
import { notFound } from "@/lib/errors";
import { caseVisible } from "@/lib/samples/queries";

// The case's comments, newest first (the last 100).
export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  if (!(await caseVisible(user, params.caseId))) throw notFound("That case");
  const rows = await listComments(user, params.caseId);
  return json({ items: rows.map((c) => ({ id: c.id, body: c.body, author: c.author.name, authorRole: c.author.role, createdAt: c.createdAt.toISOString() })) });
});

export const POST = actionRoute("POST /api/v1/cases/[caseId]/comments");
