// Reading a partner's TAXII 2.1 collection, to import what it shares with us: every page of
// `…/objects/` (following `next`), put together as one STIX bundle whose bytes become the evidence.
// The URL is a person's input and the server fetches it: only http(s), only a TAXII collection's
// path, no redirects followed, a time limit per page and a size limit in all.
import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { MAX_PEER_BUNDLE_BYTES } from "./schema";
import { TAXII_MEDIA_TYPE } from "./taxii";

const PAGE_TIMEOUT_MS = 30_000;
const MAX_PAGES = 500;

/** The collection's objects URL from what a person pasted: a collection's URL or its objects/ URL. */
export function objectsUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError("bad_input", "Paste the collection's URL, e.g. https://taxii.partner.example/taxii2/api/collections/ID/.", [{ field: "url", message: "That is not a URL." }]);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new AppError("bad_input", "A TAXII server is reached over https.", [{ field: "url", message: "Use an https:// URL." }]);
  const path = u.pathname.endsWith("/") ? u.pathname : `${u.pathname}/`;
  const m = /^(.*\/collections\/[^/]+\/)(objects\/)?$/.exec(path);
  if (!m) throw new AppError("bad_input", "That is not a TAXII collection's URL: it ends in /collections/<id>/.", [{ field: "url", message: "Paste the collection's URL." }]);
  u.pathname = `${m[1]}objects/`;
  u.search = "";
  u.hash = "";
  return u;
}

/** Every object of the collection, as one bundle's JSON text. */
export async function fetchCollection(raw: string, token: string): Promise<{ text: string; url: string; pages: number; objects: number }> {
  const base = objectsUrl(raw);
  const objects: unknown[] = [];
  let next: string | undefined;
  let pages = 0;
  let bytes = 0;
  do {
    const u = new URL(base);
    u.searchParams.set("limit", "1000");
    if (next) u.searchParams.set("next", next);
    let res: Response;
    try {
      res = await fetch(u, { headers: { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${token.trim()}` }, redirect: "manual", signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
    } catch (e) {
      throw new AppError("bad_input", `The TAXII server did not answer (${(e as Error).message}).`, [{ field: "url", message: "Check the URL, and that this server can reach it." }]);
    }
    const text = await res.text();
    bytes += text.length;
    if (bytes > MAX_PEER_BUNDLE_BYTES) throw new AppError("too_large", "The collection holds more than 64 MiB: ask the partner for a file instead.");
    if (res.status === 401 || res.status === 403) throw new AppError("bad_input", `The TAXII server refused the token (${res.status}).`, [{ field: "token", message: "Check the token the partner gave you." }]);
    if (!res.ok) throw new AppError("bad_input", `The TAXII server answered ${res.status}${res.status >= 300 && res.status < 400 ? " (a redirect: paste the URL it points to)" : ""}.`, [{ field: "url", message: text.slice(0, 200) }]);
    let env: { more?: boolean; next?: string; objects?: unknown[] };
    try {
      env = JSON.parse(text) as typeof env;
    } catch {
      throw new AppError("bad_input", "The TAXII server's answer is not JSON.", [{ field: "url", message: "Is this a TAXII 2.1 collection?" }]);
    }
    objects.push(...(env.objects ?? []));
    next = env.more && env.next ? env.next : undefined;
    pages++;
  } while (next && pages < MAX_PAGES);
  return { text: JSON.stringify({ type: "bundle", id: `bundle--${randomUUID()}`, objects }), url: base.toString(), pages, objects: objects.length };
}
