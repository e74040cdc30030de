// A corpus of hostile inputs through every /api/v1 route handler, found on disk so a new route is
// covered the day it lands: hostile path segments, query strings and JSON bodies. Whatever comes
// in, the answer is a 2xx (the input was acceptable, e.g. an XSS string stored as text) or a 4xx
// in the contract's error shape with a message a person can read: never a 5xx, never a stack
// trace or SQL. Then hostile imports: file names that try to climb out of the store, invalid
// UTF-8, lone surrogates, a gzip bomb.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { dataDir } from "../lib/env";
import { makeToken, makeUser } from "./fixtures";
import { caseWithToken, drain } from "./import-client";

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TRoute = { file: string; url: string; params: string[]; methods: Record<string, THandler> };

const API = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(): string[] {
  return readdirSync(API, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name === "route.ts")
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

async function loadRoutes(): Promise<TRoute[]> {
  const out: TRoute[] = [];
  for (const file of routeFiles()) {
    const rel = path.relative(API, path.dirname(file)).split(path.sep);
    const mod = (await import(file)) as Record<string, unknown>;
    const methods = Object.fromEntries(METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as THandler]));
    out.push({ file: path.relative(process.cwd(), file), url: `/api/v1/${rel.join("/")}`, params: rel.filter((s) => /^\[.+\]$/.test(s)).map((s) => s.slice(1, -1)), methods });
  }
  return out;
}

const TEN_MB = "A".repeat(10 * 1024 * 1024);
const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>`;
const HOSTILE_SEGMENTS = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0000", "x".repeat(10_000), "' OR 1=1 --", "1; DROP TABLE case_record;--", "-1", "1e9", "NaN", "99999999999999999999999", "9999999999999999999", "\ud800", XSS, "😀", " "];
const HOSTILE_QUERIES = [
  "limit=-1",
  "limit=0",
  "limit=1e9",
  "limit=NaN",
  "limit=abc",
  "limit=1&limit=2",
  "cursor=garbage",
  `cursor=${Buffer.from(JSON.stringify({ u: "x", i: "' OR 1=1" })).toString("base64url")}`,
  `cursor=${Buffer.from(JSON.stringify({ t: "2026-01-01", i: "abc", k: "x" })).toString("base64url")}`,
  `cursor=${"A".repeat(100_000)}`,
  "page=NaN",
  "page=-5",
  "size=1000000",
  "q=%27%20OR%201%3D1%20--",
  `q=${encodeURIComponent(XSS)}`,
  "q=%00",
  "q=%ED%A0%80", // the UTF-8 spelling of a lone surrogate: invalid UTF-8
  "q=%FF%FE",
  `q=${"x".repeat(10_000)}`,
  "kind=../../x",
  "kind=accounts%00",
  "draw=garbage",
  "draw=%00",
  "from=yesterday&to=-1",
  "status=%3Cscript%3E",
  "sort=__proto__&dir=constructor",
  "accounts=1&samplesOnly=maybe",
  "asn=AS99999999999999",
  "at=abc",
];
const HOSTILE_BODIES: { name: string; body: string }[] = [
  { name: "invalid JSON", body: "{" },
  { name: "empty body", body: "" },
  { name: "null", body: "null" },
  { name: "an array", body: "[1,2,3]" },
  { name: "a string", body: '"hello"' },
  { name: "a number", body: "1e999" },
  { name: "XSS in every field", body: JSON.stringify({ title: XSS, summary: XSS, kind: XSS, profile: XSS, comment: XSS, seed: XSS, model: XSS, k: XSS }) },
  { name: "10 MB strings", body: JSON.stringify({ title: TEN_MB, summary: TEN_MB, comment: TEN_MB, kind: TEN_MB, profile: TEN_MB, seed: TEN_MB }) },
  { name: "wrong types", body: JSON.stringify({ title: 1, severity: [], windowStart: {}, members: "all", kind: 7, profile: false, comment: { a: 1 }, k: "ten", seed: [] }) },
  { name: "nulls", body: JSON.stringify({ title: null, severity: null, leadId: null, members: null, kind: null, profile: null, comment: null, k: null }) },
  { name: "SQL metacharacters", body: JSON.stringify({ title: "'; DROP TABLE case_record; --", summary: "\\' OR 1=1 --", comment: "'||pg_sleep(10)||'", kind: "cluster_suggestion'--", seed: "' OR '1'='1" }) },
  { name: "a NUL character", body: JSON.stringify({ title: "a\u0000b", summary: "\u0000", comment: "\u0000", seed: "\u0000", severity: "high" }) },
  { name: "a lone surrogate", body: '{"title":"a\\ud800b","summary":"\\udc00","comment":"\\ud800","seed":"\\ud800","severity":"high"}' },
  { name: "huge and negative numbers", body: JSON.stringify({ k: -1, from: "-1", to: 1e308 }) },
  { name: "k = 1e9", body: JSON.stringify({ k: 1e9 }) },
  { name: "prototype pollution", body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"title":"p"}' },
  { name: "deep nesting", body: "[".repeat(5000) + "]".repeat(5000) },
];

/** No stack frame, file path, SQL or driver text in what the caller reads. */
const STACK = /\bat \S+ \(\S+:\d+:\d+\)|\.tsx?:\d+:\d+/;
const LEAK = /\bat \S+ \(\S+:\d+:\d+\)|\.tsx?:\d+:\d+|node_modules|\/work\/|\.ts:\d+|prisma|PrismaClient|SELECT |INSERT |syntax error|invalid input syntax|violates|relation "|ECONNREFUSED|\bpg_/i;

/** What is wrong with an answer, or null: a 5xx, a 4xx out of the contract's shape, or a leak. */
async function problemWith(res: Response, what: string): Promise<string | null> {
  const type = res.headers.get("content-type") ?? "";
  const text = /json|text/.test(type) ? await res.text() : (await res.body?.cancel(), "");
  if (res.status >= 500) return `${what}: ${res.status} ${text.slice(0, 200)}`;
  if (res.status >= 400) {
    if (!/application\/json/.test(type)) return `${what}: ${res.status} is not JSON (${type})`;
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (!/^[a-z_]+$/.test(body.error?.code ?? "") || (body.error?.message ?? "").trim().length < 6) return `${what}: ${res.status} without {error: {code, message}}: ${text.slice(0, 200)}`;
    if (LEAK.test(text)) return `${what}: leaks ${text.match(LEAK)![0]} in ${text.slice(0, 300)}`;
  } else if (STACK.test(text.slice(0, 2_000_000))) return `${what}: a 2xx that leaks`;
  return null;
}

async function expectCleanAnswer(res: Response, what: string) {
  expect(await problemWith(res, what)).toBeNull();
}

let routes: TRoute[];
let token: string;
let adminToken: string;
let caseId: string;

beforeAll(async () => {
  routes = await loadRoutes();
  const made = await caseWithToken();
  token = made.token;
  caseId = made.c.id;
  adminToken = (await makeToken((await makeUser("admin")).email, "admin")).token;
});

function call(route: TRoute, method: string, params: Record<string, string>, query = "", body?: string, bearer = token) {
  const url = `http://localhost${route.params.reduce((u, p) => u.replace(`[${p}]`, encodeURIComponent((params[p] ?? "").replace(/[\uD800-\uDFFF]/g, "_"))), route.url)}${query ? `?${query}` : ""}`;
  const req = new Request(url, { method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, ...(body !== undefined && method !== "GET" ? { body } : {}) });
  return route.methods[method](req, { params: Promise.resolve(params) });
}

/** Params that name something real where one exists (the case), so the query and body get read. */
const realParams = (route: TRoute) => Object.fromEntries(route.params.map((p) => [p, p === "caseId" ? caseId : "does-not-exist"]));

describe("hostile input through every API route", () => {
  it("finds the routes on disk, each with at least one method", () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const r of routes) expect(Object.keys(r.methods).length, r.file).toBeGreaterThan(0);
  });

  it("answers hostile path segments with a 4xx, never a 5xx", async () => {
    const problems: (string | null)[] = [];
    for (const route of routes.filter((r) => r.params.length)) {
      for (const method of Object.keys(route.methods)) {
        for (const seg of HOSTILE_SEGMENTS) {
          const params = Object.fromEntries(route.params.map((p) => [p, seg]));
          problems.push(await problemWith(await call(route, method, params, "", method === "GET" ? undefined : "{}"), `${method} ${route.url} ${JSON.stringify(seg.slice(0, 40))}`));
        }
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it("answers hostile query strings with a 2xx or a 4xx, never a 5xx", async () => {
    const problems: (string | null)[] = [];
    for (const route of routes) {
      if (!route.methods.GET) continue;
      for (const q of HOSTILE_QUERIES) {
        for (const bearer of [token, adminToken]) problems.push(await problemWith(await call(route, "GET", realParams(route), q, undefined, bearer), `GET ${route.url}?${q.slice(0, 60)}`));
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it("answers hostile JSON bodies with a 2xx or a 4xx, never a 5xx", async () => {
    const problems: (string | null)[] = [];
    for (const route of routes) {
      for (const method of Object.keys(route.methods).filter((m) => m !== "GET")) {
        // The imports route takes a file, not JSON: its hostile files are below.
        if (route.url.endsWith("/imports")) continue;
        // Ending one's own sessions takes no body, and would revoke the token the rest of the sweep uses.
        if (route.url === "/api/v1/me/sign-out-everywhere") continue;
        for (const b of HOSTILE_BODIES) problems.push(await problemWith(await call(route, method, realParams(route), "", b.body), `${method} ${route.url} with ${b.name}`));
      }
    }
    expect(problems.filter(Boolean)).toEqual([]);
    // Every write route of the API, each with every hostile body: about a hundred routes and methods.
  }, 300_000);

  it("stores an XSS title as the text it is", async () => {
    const create = routes.find((r) => r.url === "/api/v1/cases")!;
    const res = await call(create, "POST", {}, "", JSON.stringify({ title: XSS.slice(0, 150), severity: "high" }));
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string; title: string };
    expect(made.title).toBe(XSS.slice(0, 150));
    expect((await db().case.findUniqueOrThrow({ where: { id: made.id } })).title).toBe(XSS.slice(0, 150));
  });
});

function blobFiles(): string[] {
  const dir = path.join(dataDir(), "blobs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

function uploadAs(caseIdTo: string, bearer: string, kind: string, body: Uint8Array | string, filename: string) {
  const route = routes.find((r) => r.url.endsWith("/cases/[caseId]/imports"))!;
  const req = new Request(`http://localhost/api/v1/cases/${caseIdTo}/imports?kind=${kind}&filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/octet-stream" },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return route.methods.POST(req, { params: Promise.resolve({ caseId: caseIdTo }) });
}

async function importOutcome(id: string) {
  return db().importJob.findUniqueOrThrow({ where: { id } });
}

describe("hostile imports", () => {
  it("keeps path-traversal file names as names: nothing is written outside the store", async () => {
    const { c, token: t } = await caseWithToken();
    const names = ["../../x.csv", "..\\..\\x.csv", "/etc/passwd", "a\u0000b.csv", "line\nbreak\r.csv", "x".repeat(5000) + ".csv", `${XSS}.csv`, "CON", ""];
    let accepted = 0;
    for (const [i, name] of names.entries()) {
      const res = await uploadAs(c.id, t, "accounts", `account_id,created_at\nacct_${i},2026-04-22T00:00:00Z\n`, name);
      const what = `upload named ${JSON.stringify(name.slice(0, 40))}`;
      if (/[/\\\u0000\r\n]/.test(name) || name === "" || name.length > 255) {
        expect(res.status, what).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message, what).toMatch(/slashes|control characters|NUL|needs a name|255/);
      } else {
        await expectCleanAnswer(res, what);
        accepted++;
      }
    }
    expect(accepted, "the name that is only odd, not dangerous (CON), is taken").toBe(1);
    await drain();
    const stored = blobFiles();
    expect(stored.length, "the accepted uploads are in the store").toBeGreaterThanOrEqual(accepted);
    for (const f of stored) expect(f).toMatch(/^([0-9a-f]{2}[/\\][0-9a-f]{2}[/\\][0-9a-f]{64}|tmp[/\\][0-9a-f-]{36})$/);
    const blobs = path.join(dataDir(), "blobs");
    for (const dir of [blobs, path.join(blobs, "tmp"), path.join(blobs, "ab", "cd"), process.cwd()]) {
      for (const climbed of ["../../x.csv", "../x.csv", "x.csv", "../../../x.csv", "etc/passwd"]) expect(existsSync(path.resolve(dir, climbed)), `${dir} ${climbed}`).toBe(false);
    }
    const jobs = await db().importJob.findMany({ where: { caseId: c.id } });
    expect(jobs).toHaveLength(accepted);
    for (const j of jobs) {
      expect(j.fileName).not.toMatch(/[\u0000\r\n]/);
      expect(j.fileName.length).toBeLessThanOrEqual(255);
    }
    const evidence = await db().evidenceItem.findMany({ where: { caseId: c.id } });
    expect(evidence, "the accepted file is an evidence item").toHaveLength(accepted);
    for (const e of evidence) expect(e.originalName).not.toMatch(/[\u0000\r\n]/);
  });

  it("refuses a JSONL line holding a lone surrogate, by line and field, and stores nothing of the file", async () => {
    const { c, token: t } = await caseWithToken();
    await uploadAs(c.id, t, "accounts", "account_id,created_at\nacct_1,2026-04-22T00:00:00Z\n", "a.csv");
    await drain();
    const ok = '{"exchange_id":"e1","account_id":"acct_1","timestamp":"2026-04-22T00:00:00Z","model":"m","prompt":"fine 😀"}';
    const bad = '{"exchange_id":"e2","account_id":"acct_1","timestamp":"2026-04-22T00:00:00Z","model":"m","prompt":"half \\ud800 a pair","response":"\\udc00"}';
    const res = await uploadAs(c.id, t, "exchanges", `${ok}\n${bad}\n`, "surrogate.jsonl");
    const job = (await res.json()) as { id: string };
    await drain();
    const done = await importOutcome(job.id);
    expect(done.status).toBe("failed");
    expect(JSON.stringify(done.errors)).toContain("line 2: prompt holds a lone surrogate (\\\\ud800) at character 6, which is not valid Unicode text");
    expect(JSON.stringify(done.errors)).toContain("line 2: response holds a lone surrogate (\\\\udc00)");
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("refuses invalid UTF-8 and a gzip bomb with a clear message, never replacing bytes with U+FFFD", async () => {
    const { c, token: t } = await caseWithToken();
    const cases: { name: string; kind: string; body: Uint8Array; message: RegExp }[] = [
      { name: "latin1.csv", kind: "accounts", body: Buffer.concat([Buffer.from("account_id,created_at,display_name\nacct_1,2026-04-22T00:00:00Z,Jos"), Buffer.from([0xe9]), Buffer.from("\n")]), message: /not valid UTF-8/ },
      { name: "surrogate-bytes.jsonl", kind: "exchanges", body: Buffer.concat([Buffer.from('{"exchange_id":"e","account_id":"a","timestamp":"2026-04-22T00:00:00Z","model":"m","prompt":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]), message: /not valid UTF-8/ },
      { name: "bomb.csv.gz", kind: "accounts", body: gzipSync(Buffer.alloc(64 * 1024 * 1024, "a")), message: /decompress|expand|limit/i },
    ];
    for (const x of cases) {
      const res = await uploadAs(c.id, t, x.kind, x.body, x.name);
      expect(res.status, x.name).toBe(202);
      const job = (await res.json()) as { id: string };
      await drain();
      const done = await importOutcome(job.id);
      expect(done.status, x.name).toBe("failed");
      expect(JSON.stringify(done.errors), x.name).toMatch(x.message);
    }
    expect(await db().account.count({ where: { caseId: c.id } })).toBe(0);
  });
});
