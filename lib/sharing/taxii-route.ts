// The shell of every TAXII 2.1 route (app/taxii2/): the partner's token, the media type, and errors
// as TAXII's error message. Read-only: a partner reads the collection of what was approved for it,
// and nothing else exists for its token (another collection is "not found").
import { NextResponse } from "next/server";
import { runAction } from "../action";
import { db } from "../db";
import { env } from "../env";
import { hashToken } from "../tokens/token";
import { recordServedAction } from "./mutations";
import { collectionVersions, TAXII_MEDIA_TYPE, TaxiiInputError, type TVersion } from "./taxii";

export type TTaxiiCaller = { tokenId: string; partner: { id: string; name: string } };

class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    description: string,
  ) {
    super(description);
  }
}

export const taxiiNotFound = (what: string) => new TaxiiError(404, "Not found", `${what} does not exist, or this token may not read it.`);

export function taxiiJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new NextResponse(JSON.stringify(body), { status, headers: { "content-type": TAXII_MEDIA_TYPE, "cache-control": "private, no-store", ...headers } });
}

function errorResponse(e: TaxiiError) {
  return taxiiJson({ title: e.title, description: e.message, http_status: String(e.status) }, e.status, e.status === 401 ? { "www-authenticate": 'Bearer realm="taxii"' } : {});
}

// Whether the client takes TAXII 2.1 JSON: no Accept header, any type, or application/taxii+json (2.1 or unversioned).
function acceptsTaxii(accept: string | null): boolean {
  if (!accept) return true;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (type === "*/*" || type === "application/*") return true;
    if (type !== "application/taxii+json") return false;
    const version = params.find((p) => p.startsWith("version="));
    return !version || version === "version=2.1";
  });
}

async function authenticate(header: string | null): Promise<TTaxiiCaller> {
  const m = /^Bearer\s+(tx_[0-9a-f]{12}_[A-Za-z0-9_-]{32})\s*$/.exec(header ?? "");
  if (!m) throw new TaxiiError(401, "Unauthorized", "Send the TAXII token this lab gave you: Authorization: Bearer tx_….");
  const t = await db().taxiiToken.findUnique({ where: { tokenHash: hashToken(m[1]) }, include: { partner: { select: { id: true, name: true } } } });
  if (!t || t.revokedAt) throw new TaxiiError(401, "Unauthorized", "This token is not valid: it was revoked, or never issued here.");
  return { tokenId: t.id, partner: t.partner };
}

/** Where this server is reached: NEXTAUTH_URL when set, else the request's own origin. */
export const baseUrl = (req: Request) => (env().NEXTAUTH_URL ?? new URL(req.url).origin).replace(/\/$/, "");

export function taxiiHandler<P>(fn: (args: { req: Request; caller: TTaxiiCaller; params: P }) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }) => {
    try {
      if (!acceptsTaxii(req.headers.get("accept"))) throw new TaxiiError(406, "Not acceptable", `This server answers ${TAXII_MEDIA_TYPE}.`);
      const caller = await authenticate(req.headers.get("authorization"));
      return await fn({ req, caller, params: await ctx.params });
    } catch (e) {
      if (e instanceof TaxiiError) return errorResponse(e);
      if (e instanceof TaxiiInputError) return errorResponse(new TaxiiError(400, "Bad request", e.message));
      console.error(`[taxii] ${req.method} ${new URL(req.url).pathname}: ${(e as Error).stack ?? e}`);
      return errorResponse(new TaxiiError(500, "Server error", "The server could not answer; try again later."));
    }
  };
}

/** The partner's collection: the same id as the partner. Any other id is not found. */
export async function collectionOf(caller: TTaxiiCaller, collectionId: string): Promise<TVersion[]> {
  if (collectionId !== caller.partner.id) throw taxiiNotFound("That collection");
  const shares = await db().indicatorShare.findMany({ where: { partnerId: caller.partner.id, status: "approved" }, select: { id: true, approvedAt: true, bundle: true } });
  return collectionVersions(shares.map((s) => ({ id: s.id, approvedAt: s.approvedAt!, bundle: s.bundle })));
}

export function collectionResource(caller: TTaxiiCaller) {
  return {
    id: caller.partner.id,
    title: `Indicators shared with ${caller.partner.name}`,
    description: `STIX 2.1 bundles approved for ${caller.partner.name}: identifiers keyed with HMAC-SHA256 under the key agreed with you; IP ranges, ASNs, user agents and template signatures in clear.`,
    can_read: true,
    can_write: false,
    media_types: ["application/stix+json;version=2.1"],
  };
}

/** Records what was served (a partner's read of what we shared is part of the production log). */
export async function recordServed(caller: TTaxiiCaller, endpoint: string, items: TVersion[]) {
  if (!items.length) return;
  const perShare = new Map<string, number>();
  for (const i of items) perShare.set(i.shareId, (perShare.get(i.shareId) ?? 0) + 1);
  const served = [...perShare].map(([shareId, objects]) => ({ shareId, objects }));
  const r = await runAction(recordServedAction, { system: "taxii", detail: caller.partner.name }, { tokenId: caller.tokenId, endpoint, served });
  if (!r.ok) throw new Error(`recording a TAXII read: ${r.error.message}`);
}

/** The X-TAXII-Date-Added-First/Last headers of a page. */
export function dateHeaders(items: TVersion[]): Record<string, string> {
  return items.length ? { "X-TAXII-Date-Added-First": items[0].dateAdded, "X-TAXII-Date-Added-Last": items[items.length - 1].dateAdded } : {};
}
