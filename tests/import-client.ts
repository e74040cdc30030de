// Drives imports as a detection pipeline does: the file goes up through the real API route with a
// token, then the real queue functions run every queued job to its end, in this process.
import { POST as postImport } from "../app/api/v1/cases/[caseId]/imports/route";
import { claimNextJob, processJob } from "../lib/jobs/import-queue";
import { createTokenFromCli } from "../lib/tokens/system";
import { makeCase, makeUser } from "./fixtures";

export function upload(caseId: string, token: string, kind: string, body: Uint8Array | string, filename: string) {
  return postImport(
    new Request(`http://localhost/api/v1/cases/${caseId}/imports?kind=${kind}&filename=${filename}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
    { params: Promise.resolve({ caseId }) },
  );
}

export async function drain() {
  for (;;) {
    const job = await claimNextJob("test-worker");
    if (!job) return;
    await processJob(job, "test-worker", (m) => process.env.DEBUG_IMPORTS && console.error(m));
  }
}

/** An analyst leading a fresh case, with an API token. */
export async function caseWithToken() {
  const analyst = await makeUser("analyst");
  const c = await makeCase(analyst);
  const { token } = await createTokenFromCli(analyst.email, "pipeline");
  return { analyst, c, token };
}
