// Readiness: 200 when the database answers with its migrations current and the object store can be
// reached, else 503 naming what fails (lib/ops/readiness.ts logs why). No sign-in, no detail.
import { json } from "@/lib/api/route";
import { currentReadiness } from "@/lib/ops/readiness";

export async function GET() {
  const r = await currentReadiness();
  return r.ready ? json({ status: "ok" }) : json({ status: "unavailable", failing: r.failing }, 503);
}
