// An HTTP client for /api/v1 and /taxii2 that calls the route handlers in this process: a path is routed to its
// route file as Next routes it (the folder tree under app/api/v1), with the token in the header and
// the body as JSON, so a test reads like the pipeline script it stands for.
import { readdirSync } from "node:fs";
import path from "node:path";

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TRoute = { pattern: RegExp; names: string[]; file: string };

const APP = path.resolve(import.meta.dirname, "../app");
/** The public API and the TAXII server: the folders under app/ whose route files this client calls. */
const ROOTS = ["api/v1", "taxii2"];

function routes(): TRoute[] {
  return ROOTS.flatMap((root) =>
    readdirSync(path.join(APP, root), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name === "route.ts")
      .map((d) => {
        const segments = path.relative(APP, d.parentPath).split(path.sep).filter(Boolean);
        const names = segments.filter((s) => s.startsWith("[")).map((s) => s.slice(1, -1));
        const pattern = new RegExp(`^${segments.map((s) => (s.startsWith("[") ? "/([^/]+)" : `/${s.replace(/\./g, "\\.")}`)).join("")}/?$`);
        return { pattern, names, file: path.join(d.parentPath, d.name) };
      }),
  )
    // Fixed segments before parameters (as Next matches): the longest literal prefix first.
    .sort((a, b) => b.pattern.source.replace(/\(\[\^\/\]\+\)/g, "").length - a.pattern.source.replace(/\(\[\^\/\]\+\)/g, "").length);
}

let table: TRoute[] | null = null;

export type TApiReply<T = unknown> = { status: number; body: T; headers: Headers; bytes: Uint8Array };

/** Calls `METHOD /api/v1/...` as the token's owner; the body is JSON unless it is bytes. */
export async function api<T = Record<string, unknown>>(method: string, url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<TApiReply<T>> {
  table ??= routes();
  const { pathname } = new URL(url, "http://localhost");
  const route = table.find((r) => r.pattern.test(pathname));
  if (!route) throw new Error(`no route for ${pathname}`);
  const mod = (await import(route.file)) as Record<string, THandler>;
  const handler = mod[method];
  if (!handler) throw new Error(`${route.file} has no ${method}`);
  const values = pathname.match(route.pattern)!.slice(1).map(decodeURIComponent);
  const params = Object.fromEntries(route.names.map((n, i) => [n, values[i]]));
  const raw = body instanceof Uint8Array || typeof body === "string";
  const req = new Request(`http://localhost${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": raw ? "application/octet-stream" : "application/json", ...headers },
    ...(body !== undefined ? { body: raw ? (body as BodyInit) : JSON.stringify(body) } : {}),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let parsed: unknown = text;
  if ((res.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers, bytes };
}

/** The same, failing unless the status is the one expected: a step the test rests on. */
export async function apiOk<T = Record<string, unknown>>(status: number, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const r = await api<T>(method, url, token, body);
  if (r.status !== status) throw new Error(`${method} ${url} answered ${r.status}, not ${status}: ${typeof r.body === "string" ? r.body.slice(0, 500) : JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}
