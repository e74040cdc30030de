import { json } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";

export function GET() {
  return json(openApiDocument());
}
