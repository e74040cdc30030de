// The export signing public key, for recipients checking a package: public, no token (it is a public key).
import { errorResponse, json } from "@/lib/api/route";
import { toActionError } from "@/lib/errors";
import { publicSigningKey } from "@/lib/signing/key";

export async function GET() {
  try {
    return json(await publicSigningKey());
  } catch (e) {
    return errorResponse(toActionError(e));
  }
}
