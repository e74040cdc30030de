// Liveness: the process is up and answers. Nothing else is checked: a database or store that is
// down is /readyz's business, and restarting this process would not bring it back. No sign-in.
import { json } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export function GET() {
  return json({ status: "ok" });
}
