import { apiHandler, json } from "@/lib/api/route";
import { notFound } from "@/lib/errors";
import { caseContent } from "@/lib/exports/queries";

// What a package will say: every findings section (with the version to send back when saving), the
// exhibits in order (numbered as the findings cite them), and the redactions.
export const GET = apiHandler<{ caseId: string }>(async ({ user, params }) => {
  const content = await caseContent(user, params.caseId);
  if (!content) throw notFound("That case");
  return json(content);
});
