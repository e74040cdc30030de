// The authorization matrix: every /api/v1 route handler (found on disk, with its exported methods)
// and every exported server action (every "use server" file under app/), run as each principal, and
// the outcome compared with lib/authz.ts. A handler or action with no row in MATRIX fails the test,
// and so does a row naming one that no longer exists. Each row names the permission it needs, and
// the expected outcome is computed by `can(person, permission, facts)`, so the matrix cannot drift
// from the policy; rows that map to no one permission say what they expect. Then IDOR: a member of
// case A sends an id of case B (in the path, the body or the query) and must get "not found".
// The table in README.md (Security model) is this test's output (UPDATE_AUTHZ_MATRIX=1 rewrites it);
// the test fails when it is stale.
//
// Sessions: server actions read the session through lib/session.ts's getCurrentUser, which calls
// next-auth's getServerSession. Outside a request there are no cookies to read, so getServerSession
// is replaced by one that decrypts the JWT minted for the principal (next-auth's own `decode`,
// which refuses an expired one) and runs the app's session callback; lib/session.ts is not mocked,
// so the disabled-user and stale-session-version checks are the real ones.
//
// Middleware bypass: the handlers are called in-process, so proxy.ts never runs: every result here
// is already "with the middleware bypassed". The bypass test below also sends the
// x-middleware-subrequest header (CVE-2025-29927's) and checks that nothing changes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { can, type TCaseStatus, type TPermission } from "../lib/authz";
import { TRANSITIONS, type TTransition } from "../lib/cases/workflow";
import { db } from "../lib/db";
import { HTTP_STATUS } from "../lib/errors";
import { runAction } from "../lib/action";
import { ACTION_ROUTES, splitInput, type TActionRoute, type TActionRouteKey } from "../lib/api/action-routes";
import * as capabilityActions from "../lib/capabilities/mutations";
import * as caseActions from "../lib/cases/mutations";
import * as clusterActions from "../lib/clusters/mutations";
import * as exportActions from "../lib/exports/mutations";
import * as findingActions from "../lib/findings/mutations";
import * as sampleActions from "../lib/samples/mutations";
import * as tokenActions from "../lib/tokens/mutations";
import * as userActions from "../lib/users/mutations";
import * as sharingActions from "../lib/sharing/mutations";
import { importPeerBundle } from "../lib/sharing/peer-import";
import { sealPartnerKey } from "../lib/sharing/secrets";
import { buildBundle } from "../lib/sharing/stix";
import { approveExportAction, requestExportAction } from "../lib/exports/mutations";
import { tagSampleAction } from "../lib/samples/mutations";
import { drain } from "./import-client";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { bearerFor, buildWorld, expectedByPolicy, factsFor, PRINCIPAL_LABELS, PRINCIPALS, sessionFor, TEST_SESSION_SECRET, type TCaseWorld, type TOutcome, type TPrincipal, type TWorld } from "./authz-world";

const session = vi.hoisted(() => ({ cookie: null as string | null }));
// /metrics exists only once a token is configured (else 404 for everyone): configured here, so its
// row checks that no person's credential stands for it.
vi.hoisted(() => {
  process.env.CASEBOOK_METRICS_TOKEN = "authz-matrix-metrics-token-0123456789";
});

vi.mock("next-auth", async (importOriginal) => {
  const real = await importOriginal<typeof import("next-auth")>();
  const { decode } = await import("next-auth/jwt");
  return {
    ...real,
    async getServerSession(options: import("next-auth").NextAuthOptions) {
      if (!session.cookie) return null;
      // As next-auth does: a JWT that does not decrypt or has expired is no session.
      const token = await decode({ token: session.cookie, secret: TEST_SESSION_SECRET }).catch(() => null);
      if (!token) return null;
      return options.callbacks!.session!({ session: { user: { name: token.name, email: token.email }, expires: "" }, token } as never);
    },
  };
});
// revalidatePath needs Next's request store; refreshing pages is not what is tested here.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TAction = (...args: never[]) => Promise<unknown>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const APP = path.resolve("app");

function filesUnder(dir: string, pick: (name: string, text: () => string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && pick(d.name, () => readFileSync(path.join(d.parentPath, d.name), "utf8")))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

const routeUrl = (file: string) => "/" + path.relative(APP, path.dirname(file)).split(path.sep).join("/");
const actionKey = (file: string, name: string) => `${path.relative(APP, file).split(path.sep).join("/")}#${name}`;

/** Every route handler × method, and every exported server action, from the files themselves. */
async function enumerate() {
  const handlers = new Map<string, THandler>();
  for (const file of filesUnder(APP, (n) => n === "route.ts" || n === "route.tsx")) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") handlers.set(`${m} ${routeUrl(file)}`, mod[m] as THandler);
  }
  const actions = new Map<string, TAction>();
  for (const file of filesUnder(APP, (n, text) => /\.tsx?$/.test(n) && /^\s*(\/\/.*\n\s*)*["']use server["']/.test(text()))) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") actions.set(actionKey(file, name), fn as TAction);
  }
  return { handlers, actions };
}

let world: TWorld;
let handlers: Map<string, THandler>;
let actions: Map<string, TAction>;

// ---- calling --------------------------------------------------------------------------------------

/**
 * What a call came to. 2xx: "allow", the call ran its body to success. 401, 403 and 404: the refusals.
 * Anything else (a 400 on the input, a 409 on the state, a 500) is reported whole, status and
 * message: it is neither a success nor a refusal, and a cell the policy allows must not end there:
 * each row gives its call an input and a state (fresh records where a call consumes one) on which
 * the action succeeds.
 */
function outcomeOf(status: number, message = ""): string {
  if (status >= 200 && status < 300) return "allow";
  if (status === 401 || status === 403 || status === 404) return String(status);
  return `error ${status}: ${message}`;
}
/** The same, with only the status kept: for the IDOR column, where an id from another case must be "not found". */
const statusOnly = (outcome: string) => (outcome.startsWith("error ") ? outcome.slice(6, 9) : outcome);

type TApiCall = { params?: Record<string, string>; query?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

/** The audit log's last event when the latest call began (after its row's setup). */
let callStartSeq = 0n;
const lastSeq = async () => (await db().auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;

async function api(key: string, p: TPrincipal, call: TApiCall = {}): Promise<Response> {
  const [method, url] = key.split(" ");
  const params = call.params ?? {};
  const full = `http://localhost${Object.entries(params).reduce((u, [k, v]) => u.replace(`[${k}]`, encodeURIComponent(v)), url)}${call.query ? `?${call.query}` : ""}`;
  const token = await bearerFor(world, p);
  const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...call.headers };
  // Without a bearer, the shell falls back to the browser session: anonymous has none.
  session.cookie = null;
  const body = call.rawBody ?? (call.body !== undefined ? JSON.stringify(call.body) : method === "GET" ? undefined : "{}");
  callStartSeq = await lastSeq();
  const res = await handlers.get(key)!(new Request(full, { method, headers, ...(body !== undefined ? { body } : {}) }), { params: Promise.resolve(params) });
  return res;
}

async function apiOutcome(key: string, p: TPrincipal, call: TApiCall = {}): Promise<string> {
  const res = await api(key, p, call);
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel();
    return "allow";
  }
  const text = await res.text();
  let message = text.slice(0, 200);
  try {
    message = (JSON.parse(text) as { error: { message: string } }).error.message;
  } catch {
    // not the contract's error body: keep the text
  }
  return outcomeOf(res.status, message);
}

async function act(key: string, p: TPrincipal, ...args: unknown[]): Promise<string> {
  session.cookie = await sessionFor(world, p);
  callStartSeq = await lastSeq();
  const r = (await (actions.get(key)! as (...a: unknown[]) => Promise<unknown>)(...args)) as { ok: boolean; error?: { code: string; message: string }; message?: string };
  session.cookie = null;
  if (r.ok) return "allow";
  // verifyAuditAction answers {ok:false, message} (a read, not a runAction).
  if (!r.error) return r.message === "Sign in first." ? "401" : "403";
  return outcomeOf(r.error.code === "internal" ? 500 : HTTP_STATUS[r.error.code as keyof typeof HTTP_STATUS], r.error.message);
}

// ---- fresh records for calls that consume them ---------------------------------------------------

const uniq = () => Math.random().toString(36).slice(2, 8);
const leadOf = (t: TCaseWorld) => (t === world.A ? world.people.analystMember : world.leadB);

async function freshCase(t: TCaseWorld) {
  const team = await db().caseMember.findMany({ where: { caseId: t.caseId, userId: { not: leadOf(t).id }, user: { disabled: false } } });
  return makeCase(leadOf(t), { members: team.map((m) => ({ userId: m.userId, role: m.role as "analyst" | "reviewer" | "observer" })) });
}
const freshCluster = async (t: TCaseWorld) =>
  (await db().cluster.create({ data: { caseId: t.caseId, name: `Fresh ${uniq()}`, origin: "analyst", members: { create: t.accountIds.map((id) => ({ accountId: BigInt(id) })) } } })).id;
const freshExhibit = async (t: TCaseWorld) => (await db().exhibit.create({ data: { caseId: t.caseId, kind: "figure", targetId: `fig-${uniq()}`, position: 1000, createdById: leadOf(t).id } })).id;
const freshRedaction = async (t: TCaseWorld) => (await db().redaction.create({ data: { caseId: t.caseId, kind: "rule", rule: "names", reason: "privacy", createdById: leadOf(t).id } })).id;
/**
 * A fresh legal-referral export of the target's case, waiting for review (or as `status` says),
 * the case's other open ones voided first: only one may be open per profile. Setup by SQL where
 * the state cannot be reached by a call the matrix is not testing.
 */
const voidOpenExports = (t: TCaseWorld) =>
  db().exportPackage.updateMany({ where: { caseId: t.caseId, status: { in: ["requested", "changes_requested", "approved", "building", "blocked"] } }, data: { status: "voided", voidReason: "Matrix setup." } });
async function freshExport(t: TCaseWorld, status: "requested" | "changes_requested" | "failed" = "requested") {
  await voidOpenExports(t);
  // The exhibits made for the removal rows and left where the removal was refused point at no figure:
  // a request refuses a package citing them.
  await db().exhibit.deleteMany({ where: { caseId: t.caseId, kind: "figure", targetId: { startsWith: "fig-" } } });
  const r = await runAction(requestExportAction, leadOf(t), { caseId: t.caseId, profile: "legal_referral" });
  if (!r.ok) throw new Error(`setup: requesting an export: ${r.error.message}`);
  if (status === "changes_requested") await db().exportPackage.update({ where: { id: r.data.id }, data: { status: "changes_requested" } });
  if (status === "failed") {
    // As the runner leaves it when every attempt failed (tests/exports.int.test.ts does the same).
    const reviewer = t === world.A ? world.people.reviewerMember : world.reviewerB;
    const approved = await runAction(approveExportAction, reviewer, { exportId: r.data.id });
    if (!approved.ok) throw new Error(`setup: approving an export: ${approved.error.message}`);
    await db().job.updateMany({ where: { kind: "export", subjectId: r.data.id }, data: { status: "failed", lastError: "disk full" } });
    await db().exportPackage.update({ where: { id: r.data.id }, data: { status: "failed", error: "disk full" } });
  }
  return r.data.id;
}
/** The sample `exchangeId` of the target's case carries the world's capability tag, put there by its lead. */
async function tagged(t: TCaseWorld, exchangeId: string) {
  await db().annotation.deleteMany({ where: { exchangeId: BigInt(exchangeId), capabilityId: world.capabilityId } });
  const r = await runAction(tagSampleAction, leadOf(t), { caseId: t.caseId, exchangeId, capabilityId: world.capabilityId });
  if (!r.ok) throw new Error(`setup: tagging a sample: ${r.error.message}`);
  return exchangeId;
}
/** Case A's one built package (built once, in beforeAll), for the download row. */
let builtExportA: string;
const caseVersion = async (caseId: string) => (await db().case.findUniqueOrThrow({ where: { id: caseId } })).version;
const findingVersion = async (caseId: string) => (await db().finding.findFirst({ where: { caseId, section: "summary" } }))?.version ?? 0;
const teamOf = async (t: TCaseWorld) => ({
  caseId: t.caseId,
  leadId: leadOf(t).id,
  members: (await db().caseMember.findMany({ where: { caseId: t.caseId, userId: { not: leadOf(t).id }, user: { disabled: false } } })).map((m) => ({ userId: m.userId, role: m.role })),
});

/** A partner lab, made as setup (its key sealed as the action seals it). */
async function freshPartner() {
  const id = crypto.randomUUID();
  return db().sharingPartner.create({ data: { id, name: `Lab ${uniq()}`, keyCiphertext: await sealPartnerKey(id, crypto.getRandomValues(new Uint8Array(32))), keyFingerprint: "0".repeat(16), createdById: world.people.admin.id } });
}
let matrixPartner: { id: string } | null = null;
const partnerId = async () => (matrixPartner ??= await freshPartner()).id;
async function freshTaxiiToken() {
  const t = sharingActions.newTaxiiToken();
  return (await db().taxiiToken.create({ data: { partnerId: await partnerId(), name: "to revoke", prefix: t.prefix, tokenHash: t.hash, createdById: world.people.admin.id } })).id;
}
/** A share of the target's case prepared by its lead (approved by its reviewer when asked). */
async function freshShare(t: TCaseWorld, status: "requested" | "approved" = "requested") {
  const r = await runAction(sharingActions.prepareShareAction, leadOf(t), { caseId: t.caseId, partnerId: await partnerId(), tlp: "amber", include: ["account_id", "campaign"] });
  if (!r.ok) throw new Error(`setup: preparing a share: ${r.error.message}`);
  if (status === "approved") {
    const ok = await runAction(sharingActions.approveShareAction, t === world.A ? world.people.reviewerMember : world.reviewerB, { shareId: r.data.id });
    if (!ok.ok) throw new Error(`setup: approving a share: ${ok.error.message}`);
  }
  return r.data.id;
}
const sharesOf = new Map<string, string>();
const shareOf = async (t: TCaseWorld) => sharesOf.get(t.caseId) ?? sharesOf.set(t.caseId, await freshShare(t)).get(t.caseId)!;
/** A partner's bundle naming nothing of ours, new bytes every time (the same bytes again are "already imported"). */
async function peerBundleText() {
  const now = new Date();
  const bundle = buildBundle({
    lab: { name: "Matrix partner" },
    recipient: { id: crypto.randomUUID(), name: "Us", key: crypto.getRandomValues(new Uint8Array(32)) },
    case: { id: uniq(), ref: "PX-1", title: "Theirs" },
    tlp: "green",
    created: now,
    modified: now,
    validFrom: now,
    validUntil: new Date(now.getTime() + 86_400_000),
    window: null,
    volume: { accounts: 0, exchanges: 0 },
    keyed: [{ kind: "email", value: `${uniq()}@partner.example` }],
    ipRanges: [],
    asnUserAgents: [],
    templateSignatures: [],
  });
  return JSON.stringify(bundle);
}
const peerBundles = new Map<string, string>();
async function peerBundleOf(t: TCaseWorld) {
  const got = peerBundles.get(t.caseId);
  if (got) return got;
  const r = await importPeerBundle(leadOf(t), { caseId: t.caseId, partnerId: await partnerId(), fileName: "b.json", via: "api", body: (async function* () { yield new TextEncoder().encode(await peerBundleText()); })() });
  if (!r.ok) throw new Error(`setup: importing a partner bundle: ${r.error.message}`);
  peerBundles.set(t.caseId, r.data.id);
  return r.data.id;
}
/** A partner's TAXII server, in this process: every read of its collection gets a fresh bundle's objects. */
const peerTaxii = { url: "", server: null as Server | null };
async function startPeerTaxii() {
  const server = createServer((req, res) => {
    void peerBundleText().then((text) => {
      res.writeHead(200, { "content-type": "application/taxii+json;version=2.1" });
      res.end(JSON.stringify({ more: false, objects: (JSON.parse(text) as { objects: unknown[] }).objects }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  peerTaxii.server = server;
  peerTaxii.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const taxii = (key: string, params: Record<string, string> = {}) => ({ policy: "taxiiToken" as const, note: "a person's credential is not one", call: (p: TPrincipal) => apiOutcome(key, p, { params }) });

// ---- the matrix ------------------------------------------------------------------------------------

/**
 * `policy`: the permission the call needs (the expected outcome is `can`'s answer, on case A when
 * the permission is about a case), or "signedIn" (any valid credential), or "public" (no credential
 * needed). `call(p, target)`: one call as `p` on the records of `target` (case A, or case B for
 * IDOR). `idor`: whether the call names a record by id, so that case B's id must be "not found".
 */
type TRow = {
  /** "taxiiToken": a partner's TAXII token only; "metricsToken": CASEBOOK_METRICS_TOKEN only. No person's credential opens either. */
  policy: TPermission | "signedIn" | "public" | "taxiiToken" | "metricsToken";
  note?: string;
  idorExpect?: Partial<Record<TPrincipal, string>>;
  call?: (p: TPrincipal, t: TCaseWorld) => Promise<string>;
  /** For a server action or an action route: the input to call it with (the call is made from it). */
  input?: (p: TPrincipal, t: TCaseWorld) => Promise<Record<string, unknown>> | Record<string, unknown>;
  idor?: boolean;
  notCalled?: string;
};

const CASE_PERMISSIONS = /^(case\.(?!create)|export\.|share\.(?!serve)|peer\.)/;

const ROWS: Record<string, TRow> = {
  // next-auth's own endpoints (sign-in, session, CSRF): public by design, and they need Next's
  // request context; sign-in itself is covered by sign-in-throttle.int.test.ts and e2e.
  "GET /api/auth/[...nextauth]": { policy: "public", notCalled: "next-auth's sign-in endpoints" },
  "POST /api/auth/[...nextauth]": { policy: "public", notCalled: "next-auth's sign-in endpoints" },

  "GET /api/v1/cases": { policy: "signedIn", call: (p) => apiOutcome("GET /api/v1/cases", p) },
  // Named lead: an admin cannot lead a case (only analysts do), so one opening a case names one.
  "POST /api/v1/cases": { policy: "case.create", call: (p) => apiOutcome("POST /api/v1/cases", p, { body: { title: `Matrix ${uniq()}`, severity: "high", leadId: world.people.analystMember.id } }) },
  "GET /api/v1/cases/[caseId]": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]", p, { params: { caseId: t.caseId } }) },
  "GET /api/v1/cases/[caseId]/accounts": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/accounts", p, { params: { caseId: t.caseId } }) },
  "POST /api/v1/cases/[caseId]/analyses": {
    policy: "case.edit",
    idor: true,
    call: (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/analyses", p, { params: { caseId: t.caseId }, body: { kind: "rule_flags" } }),
  },
  "GET /api/v1/cases/[caseId]/capabilities": {
    policy: "case.view",
    idor: true,
    // The draw is named in the query: case B's draw under case A's path is "not found" too.
    call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/capabilities", p, { params: { caseId: world.A.caseId }, query: `draw=${t.drawId}` }),
  },
  "GET /api/v1/cases/[caseId]/clusters": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/clusters", p, { params: { caseId: t.caseId } }) },
  "POST /api/v1/cases/[caseId]/clusters/suggest": { policy: "case.edit", idor: true, call: (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/clusters/suggest", p, { params: { caseId: t.caseId } }) },
  "GET /api/v1/cases/[caseId]/draws": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/draws", p, { params: { caseId: t.caseId } }) },
  "POST /api/v1/cases/[caseId]/draws": { policy: "case.edit", idor: true, call: (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/draws", p, { params: { caseId: t.caseId }, body: { k: 2 } }) },
  "GET /api/v1/cases/[caseId]/exchanges": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/exchanges", p, { params: { caseId: t.caseId } }) },
  "GET /api/v1/cases/[caseId]/exports": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/exports", p, { params: { caseId: t.caseId } }) },
  "POST /api/v1/cases/[caseId]/exports": {
    policy: "export.request",
    idor: true,
    call: (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/exports", p, { params: { caseId: t.caseId }, body: { profile: "legal_referral" } }),
  },
  "GET /api/v1/cases/[caseId]/imports": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/imports", p, { params: { caseId: t.caseId } }) },
  "POST /api/v1/cases/[caseId]/imports": {
    policy: "case.import",
    idor: true,
    call: (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/imports", p, { params: { caseId: t.caseId }, query: "kind=accounts&filename=m.csv", rawBody: `account_id,created_at\nacct_${uniq()},2026-04-01T00:00:00Z\n` }),
  },
  "GET /api/v1/exports/[exportId]": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/exports/[exportId]", p, { params: { exportId: t.exportId } }) },
  "POST /api/v1/exports/[exportId]/approve": { policy: "export.review", idor: true, call: async (p, t) => apiOutcome("POST /api/v1/exports/[exportId]/approve", p, { params: { exportId: await freshExport(t) }, body: {} }) },
  "POST /api/v1/exports/[exportId]/reject": {
    policy: "export.review",
    idor: true,
    call: async (p, t) => apiOutcome("POST /api/v1/exports/[exportId]/reject", p, { params: { exportId: await freshExport(t) }, body: { comment: "Needs more work." } }),
  },
  "GET /api/v1/exports/[exportId]/download": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/exports/[exportId]/download", p, { params: { exportId: t === world.A ? builtExportA : t.exportId } }) },
  "GET /api/v1/imports/[importId]": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/imports/[importId]", p, { params: { importId: t.importId } }) },
  "GET /api/v1/imports/[importId]/errors": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/imports/[importId]/errors", p, { params: { importId: t.importId } }) },
  "GET /api/v1/exchanges/[exchangeId]": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/exchanges/[exchangeId]", p, { params: { exchangeId: t.exchangeIds[0] } }) },
  "GET /api/v1/analyses/[runId]": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/analyses/[runId]", p, { params: { runId: t.analysisId } }) },
  "GET /api/v1/evidence/[evidenceId]/download": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/evidence/[evidenceId]/download", p, { params: { evidenceId: t.evidenceId } }) },
  "GET /api/v1/audit/verify": { policy: "audit.verify", call: (p) => apiOutcome("GET /api/v1/audit/verify", p) },
  "GET /api/v1/signing-key": { policy: "public", note: "a public key", call: (p) => apiOutcome("GET /api/v1/signing-key", p) },
  "GET /api/v1/openapi.json": { policy: "public", note: "the API's description", call: (p) => apiOutcome("GET /api/v1/openapi.json", p) },
  // Operations (lib/ops): the probes a load balancer calls, and the metrics a Prometheus scrapes.
  "GET /healthz": { policy: "public", note: "only that the process is up", call: (p) => apiOutcome("GET /healthz", p) },
  "GET /readyz": { policy: "public", note: "only which dependency fails", call: (p) => apiOutcome("GET /readyz", p) },
  "GET /metrics": { policy: "metricsToken", note: "a person's credential is not it", call: (p) => apiOutcome("GET /metrics", p) },

  // ---- reads the action routes need (ids, versions) ----
  "GET /api/v1/me": { policy: "signedIn", call: (p) => apiOutcome("GET /api/v1/me", p) },
  "GET /api/v1/users": { policy: "signedIn", note: "admins see everyone, others the assignable people", call: (p) => apiOutcome("GET /api/v1/users", p) },
  "GET /api/v1/capabilities": { policy: "signedIn", call: (p) => apiOutcome("GET /api/v1/capabilities", p) },
  "GET /api/v1/tokens": { policy: "signedIn", note: "one's own", call: (p) => apiOutcome("GET /api/v1/tokens", p) },
  "GET /api/v1/cases/[caseId]/comments": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/comments", p, { params: { caseId: t.caseId } }) },
  "GET /api/v1/cases/[caseId]/findings": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/findings", p, { params: { caseId: t.caseId } }) },
  // Action routes get their rows from the server action running the same action (below), except:
  // a redaction rule, which no server action row calls (the row there withholds a span).
  "POST /api/v1/cases/[caseId]/redactions": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => {
      await db().redaction.deleteMany({ where: { caseId: t.caseId, kind: "rule", rule: "emails" } });
      return { kind: "rule", caseId: t.caseId, rule: "emails", reason: "privacy" };
    },
  },

  // ---- sharing (partners, shares, TAXII) ----
  "GET /api/v1/partners": { policy: "signedIn", note: "tokens to admins only", call: (p) => apiOutcome("GET /api/v1/partners", p) },
  "GET /api/v1/cases/[caseId]/shares": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/shares", p, { params: { caseId: t.caseId } }) },
  "GET /api/v1/shares/[shareId]/bundle": { policy: "case.view", idor: true, call: async (p, t) => apiOutcome("GET /api/v1/shares/[shareId]/bundle", p, { params: { shareId: await shareOf(t) } }) },
  "GET /taxii2": taxii("GET /taxii2"),
  "GET /taxii2/api": taxii("GET /taxii2/api"),
  "GET /taxii2/api/collections": taxii("GET /taxii2/api/collections"),
  "GET /taxii2/api/collections/[collectionId]": taxii("GET /taxii2/api/collections/[collectionId]", { collectionId: crypto.randomUUID() }),
  "GET /taxii2/api/collections/[collectionId]/manifest": taxii("GET /taxii2/api/collections/[collectionId]/manifest", { collectionId: crypto.randomUUID() }),
  "GET /taxii2/api/collections/[collectionId]/objects": taxii("GET /taxii2/api/collections/[collectionId]/objects", { collectionId: crypto.randomUUID() }),
  "GET /taxii2/api/collections/[collectionId]/objects/[objectId]": taxii("GET /taxii2/api/collections/[collectionId]/objects/[objectId]", { collectionId: crypto.randomUUID(), objectId: "indicator--0" }),
  "POST /api/v1/cases/[caseId]/peer-bundles": {
    policy: "peer.import",
    idor: true,
    call: async (p, t) => apiOutcome("POST /api/v1/cases/[caseId]/peer-bundles", p, { params: { caseId: t.caseId }, query: `partnerId=${await partnerId()}&filename=b.json`, rawBody: await peerBundleText() }),
  },
  "GET /api/v1/cases/[caseId]/peer-bundles": { policy: "case.view", idor: true, call: (p, t) => apiOutcome("GET /api/v1/cases/[caseId]/peer-bundles", p, { params: { caseId: t.caseId } }) },
  // Read from a partner's TAXII collection: a server in this process serves one (new objects each time).
  "POST /api/v1/cases/[caseId]/peer-bundles/taxii": {
    policy: "peer.import",
    idor: true,
    call: async (p, t) =>
      apiOutcome("POST /api/v1/cases/[caseId]/peer-bundles/taxii", p, { params: { caseId: t.caseId }, body: { partnerId: await partnerId(), url: `${peerTaxii.url}/taxii2/api/collections/theirs/`, token: "tx_partner" } }),
  },
  "GET /api/v1/peer-bundles/[bundleId]/matches": { policy: "case.view", idor: true, call: async (p, t) => apiOutcome("GET /api/v1/peer-bundles/[bundleId]/matches", p, { params: { bundleId: await peerBundleOf(t) } }) },
  "(app)/admin/partners/actions.ts#createPartnerAction": { policy: "partner.manage", input: () => ({ name: `Lab ${uniq()}` }) },
  "(app)/admin/partners/actions.ts#createTaxiiTokenAction": { policy: "partner.manage", input: async () => ({ partnerId: await partnerId(), name: "matrix" }) },
  "(app)/admin/partners/actions.ts#revokeTaxiiTokenAction": { policy: "partner.manage", input: async () => ({ tokenId: await freshTaxiiToken() }) },
  "(app)/cases/[caseId]/sharing/actions.ts#prepareShareAction": {
    policy: "share.prepare",
    idor: true,
    input: async (_p, t) => ({ caseId: t.caseId, partnerId: await partnerId(), tlp: "amber", include: ["account_id", "campaign"] }),
  },
  "(app)/cases/[caseId]/sharing/actions.ts#approveShareAction": { policy: "share.review", idor: true, input: async (_p, t) => ({ shareId: await freshShare(t) }) },
  "(app)/cases/[caseId]/sharing/actions.ts#rejectShareAction": { policy: "share.review", idor: true, input: async (_p, t) => ({ shareId: await freshShare(t), comment: "Not yet." }) },
  "(app)/cases/[caseId]/sharing/actions.ts#voidShareAction": { policy: "share.review", idor: true, input: async (_p, t) => ({ shareId: await freshShare(t, "approved"), reason: "Withdrawn." }) },

  // ---- server actions ----
  "(app)/admin/audit/actions.ts#verifyAuditAction": { policy: "audit.verify", call: (p) => act("(app)/admin/audit/actions.ts#verifyAuditAction", p) },
  "(app)/admin/capabilities/actions.ts#createCapabilityAction": {
    policy: "taxonomy.manage",
    input: () => ({ key: `matrix-${uniq()}`, name: "Matrix capability", description: "" }),
  },
  "(app)/admin/capabilities/actions.ts#updateCapabilityAction": {
    policy: "taxonomy.manage",
    input: async () => ({ capabilityId: (await db().capability.findFirstOrThrow({ where: { key: { startsWith: "matrix-" } } }).catch(() => db().capability.findFirstOrThrow())).id, name: `Renamed ${uniq()}`, description: "" }),
  },
  "(app)/admin/users/actions.ts#createUserAction": { policy: "user.manage", input: () => ({ email: `new-${uniq()}@test.local`, name: "New person", role: "analyst" }) },
  "(app)/admin/users/actions.ts#updateUserAction": { policy: "user.manage", input: async () => ({ userId: (await makeUser("analyst", "victim")).id, name: "Renamed", role: "reviewer" }) },
  "(app)/admin/users/actions.ts#setUserDisabledAction": { policy: "user.manage", input: async () => ({ userId: (await makeUser("analyst", "victim")).id, disabled: true }) },
  "(app)/admin/users/actions.ts#resetPasswordAction": { policy: "user.manage", input: async () => ({ userId: (await makeUser("analyst", "victim")).id }) },
  "(app)/admin/users/actions.ts#signOutEverywhereAction": { policy: "user.manage", note: "someone else's", input: async () => ({ userId: (await makeUser("analyst", "victim")).id }) },

  "(app)/cases/actions.ts#createCaseAction": {
    policy: "case.create",
    input: () => ({ title: `Matrix ${uniq()}`, severity: "low", leadId: world.people.analystMember.id, members: [] }),
  },
  "(app)/cases/actions.ts#updateCaseAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ caseId: t.caseId, version: await caseVersion(t.caseId), title: `Edited ${uniq()}`, severity: "high" }),
  },
  "(app)/cases/actions.ts#setCaseTeamAction": { policy: "case.manageMembers", idor: true, input: async (_p, t) => (await teamOf(t)) },
  "(app)/cases/actions.ts#transitionCaseAction": {
    policy: "case.submit",
    note: "submit, on a fresh open case",
    idor: true,
    input: async (_p, t) => ({ caseId: (await freshCase(t)).id, transition: "submit" }),
  },
  "(app)/cases/actions.ts#addCommentAction": { policy: "case.comment", idor: true, input: (_p, t) => ({ caseId: t.caseId, body: "A comment." }) },

  "(app)/cases/[caseId]/exports/actions.ts#requestExportAction": {
    policy: "export.request",
    idor: true,
    input: async (_p, t) => {
      await voidOpenExports(t);
      return { caseId: t.caseId, profile: "legal_referral" };
    },
  },
  "(app)/cases/[caseId]/exports/actions.ts#resubmitExportAction": {
    policy: "export.request",
    idor: true,
    input: async (_p, t) => ({ exportId: await freshExport(t, "changes_requested") }),
  },
  "(app)/cases/[caseId]/exports/actions.ts#commentExportAction": {
    policy: "case.comment",
    idor: true,
    input: (_p, t) => ({ exportId: t.exportId, body: "A remark." }),
  },
  "(app)/cases/[caseId]/exports/actions.ts#approveExportAction": {
    policy: "export.review",
    idor: true,
    input: async (_p, t) => ({ exportId: await freshExport(t) }),
  },
  "(app)/cases/[caseId]/exports/actions.ts#rejectExportAction": {
    policy: "export.review",
    idor: true,
    input: async (_p, t) => ({ exportId: await freshExport(t), comment: "Needs more work." }),
  },
  "(app)/cases/[caseId]/exports/actions.ts#retryExportAction": {
    policy: "export.review",
    idor: true,
    input: async (_p, t) => ({ exportId: await freshExport(t, "failed") }),
  },

  "(app)/cases/[caseId]/capabilities/actions.ts#tagSampleAction": {
    policy: "case.edit",
    idor: true,
    input: (_p, t) => ({ exchangeId: t.exchangeIds[1], capabilityId: world.capabilityId }),
  },
  "(app)/cases/[caseId]/capabilities/actions.ts#untagSampleAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ exchangeId: await tagged(t, t.exchangeIds[2]), capabilityId: world.capabilityId }),
  },
  "(app)/cases/[caseId]/capabilities/actions.ts#decideFlagsAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => {
      // Flags waiting again (a decided flag cannot be decided twice), for each call.
      await db().ruleFlag.updateMany({ where: { exchangeId: BigInt(t.exchangeIds[0]) }, data: { status: "pending", decidedById: null, decidedAt: null } });
      return { exchangeId: t.exchangeIds[0], decision: "confirm" };
    },
  },
  "(app)/cases/[caseId]/capabilities/actions.ts#setTriagedAction": {
    policy: "case.edit",
    idor: true,
    input: (_p, t) => ({ exchangeId: t.exchangeIds[3], triaged: true }),
  },
  "(app)/cases/[caseId]/capabilities/actions.ts#drawSampleAction": { policy: "case.edit", idor: true, input: (_p, t) => ({ caseId: t.caseId, k: 2 }) },

  "(app)/cases/[caseId]/clusters/actions.ts#decideClusterAction": {
    policy: "case.edit",
    idor: true,
    input: (_p, t) => ({ clusterId: t.clusterIds[0], decision: "accept" }),
  },
  "(app)/cases/[caseId]/clusters/actions.ts#renameClusterAction": {
    policy: "case.edit",
    idor: true,
    input: (_p, t) => ({ clusterId: t.clusterIds[1], name: `Renamed ${uniq()}` }),
  },
  "(app)/cases/[caseId]/clusters/actions.ts#mergeClustersAction": {
    policy: "case.edit",
    idor: true,
    // Into case A's cluster, from one of the target's: from case B's, a member of A gets "not found".
    input: async (_p, t) => ({ targetId: world.A.clusterIds[0], sourceId: await freshCluster(t) }),
  },
  "(app)/cases/[caseId]/clusters/actions.ts#splitClusterAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ clusterId: await freshCluster(t), accountIds: [t.accountIds[0]], name: `Split ${uniq()}` }),
  },
  "(app)/cases/[caseId]/clusters/actions.ts#removeAccountsAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ clusterId: await freshCluster(t), accountIds: [t.accountIds[0]] }),
  },
  "(app)/cases/[caseId]/clusters/actions.ts#addAccountsAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ clusterId: t.clusterIds[1], externalIds: ["acct_1"] }),
  },

  "(app)/cases/[caseId]/findings/actions.ts#saveFindingAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ caseId: t.caseId, section: "summary", body: `Text ${uniq()}`, version: await findingVersion(t.caseId) }),
  },
  "(app)/cases/[caseId]/findings/actions.ts#addExhibitAction": {
    policy: "case.edit",
    idor: true,
    // Case A's exhibit list (A is visible), pointing at case B's cluster: "There is no such cluster
    // in this case", the 400 an id that exists nowhere gets; a reviewer of A may not edit A at all.
    idorExpect: { analystMember: "400", reviewerMember: "403" },
    input: async (_p, t) => ({ caseId: world.A.caseId, kind: "cluster", targetId: await freshCluster(t) }),
  },
  "(app)/cases/[caseId]/findings/actions.ts#captionExhibitAction": {
    policy: "case.edit",
    idor: true,
    input: (_p, t) => ({ exhibitId: t.exhibitId, caption: `Caption ${uniq()}` }),
  },
  "(app)/cases/[caseId]/findings/actions.ts#removeExhibitAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ exhibitId: await freshExhibit(t) }),
  },
  "(app)/cases/[caseId]/findings/actions.ts#reorderExhibitsAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ caseId: t.caseId, order: (await db().exhibit.findMany({ where: { caseId: t.caseId }, orderBy: { position: "desc" } })).map((e) => e.id) }),
  },
  "(app)/cases/[caseId]/findings/actions.ts#addRedactionAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => {
      await db().redaction.deleteMany({ where: { exchangeId: BigInt(t.exchangeIds[4]), kind: "manual" } });
      return { kind: "manual", exchangeId: t.exchangeIds[4], field: "prompt", span: { start: 0, end: 3 }, reason: "privacy" };
    },
  },
  "(app)/cases/[caseId]/findings/actions.ts#removeRedactionAction": {
    policy: "case.edit",
    idor: true,
    input: async (_p, t) => ({ redactionId: await freshRedaction(t) }),
  },

  "(app)/settings/actions.ts#createTokenAction": { policy: "token.manageOwn", input: () => ({ name: "matrix", expiresInDays: 1 }) },
  "(app)/settings/actions.ts#revokeTokenAction": {
    policy: "token.manageOwn",
    note: "one's own token",
    input: async (p) => {
      const owner = p === "anonymous" || p === "disabledUser" ? world.people.analystMember : world.people[p];
      return { tokenId: (await makeToken(owner.email, "to revoke")).id };
    },
  },
  "(app)/settings/actions.ts#signOutEverywhereAction": { policy: "session.endOwn", input: () => ({}) },
};

/** Action routes whose action two server actions run: the one whose input the route takes. */
const MIRROR: Partial<Record<TActionRouteKey, string>> = {
  "POST /api/v1/users/[userId]/sign-out-everywhere": "(app)/admin/users/actions.ts#signOutEverywhereAction",
  "POST /api/v1/me/sign-out-everywhere": "(app)/settings/actions.ts#signOutEverywhereAction",
};

/** The lib action behind each exported server action: the app's one-liners keep the lib's export names. */
const LIB_ACTIONS = new Map<string, unknown>(
  [capabilityActions, caseActions, clusterActions, exportActions, findingActions, sampleActions, tokenActions, userActions, sharingActions].flatMap((m) => Object.entries(m)),
);

/**
 * The matrix: the rows above, each call made from its input where it gives one (a server action is
 * called with it; an action route gets it split into its path and body), and a row for every action
 * route that has none, from the server action running the same action: same policy, same input,
 * same IDOR expectation. A new action route is in the matrix by itself.
 */
function buildMatrix(rows: Record<string, TRow>): Record<string, TRow> {
  const out: Record<string, TRow> = {};
  for (const [key, row] of Object.entries(rows)) {
    const input = row.input;
    if (row.call || !input) out[key] = row;
    else if (key.includes("#")) out[key] = { ...row, call: async (p, t) => act(key, p, await input(p, t)) };
    else out[key] = { ...row, call: async (p, t) => apiOutcome(key, p, splitInput(key as TActionRouteKey, await input(p, t))) };
  }
  for (const [key, route] of Object.entries(ACTION_ROUTES) as [TActionRouteKey, TActionRoute][]) {
    if (out[key]) continue;
    const mirrors = Object.keys(rows).filter((k) => k.includes("#") && rows[k].input && LIB_ACTIONS.get(k.split("#")[1]) === route.action);
    const from = MIRROR[key] ?? (mirrors.length === 1 ? mirrors[0] : undefined);
    if (!from) continue; // no row: the first test names it
    const { call: _call, input, ...rest } = rows[from];
    out[key] = { ...rest, call: async (p, t) => apiOutcome(key, p, splitInput(key, await input!(p, t))) };
  }
  return out;
}
const MATRIX = buildMatrix(ROWS);

// Who sends case B's ids: people who are on case A and not on case B (admins see every case).
const IDOR_PRINCIPALS: TPrincipal[] = ["analystMember", "reviewerMember"];

function expected(row: TRow, p: TPrincipal): TOutcome {
  if (row.policy === "public") return "allow";
  if (row.policy === "taxiiToken" || row.policy === "metricsToken") return "401";
  if (row.policy === "signedIn") return expectedByPolicy(world, p, "session.endOwn", false);
  return expectedByPolicy(world, p, row.policy, CASE_PERMISSIONS.test(row.policy));
}

/** Route handlers other than GET, and server actions other than the audit check (a read), write. */
const isWrite = (key: string) => (key.includes("#") ? !key.endsWith("#verifyAuditAction") : !key.startsWith("GET "));

const CELL: Record<TOutcome, string> = { allow: "✓", "401": "401", "403": "403", "404": "404" };

function markdown(): string {
  const head = `| Route or server action | Needs | ${PRINCIPALS.map((p) => PRINCIPAL_LABELS[p]).join(" | ")} | IDOR (case B's id) |`;
  const rule = `|${" --- |".repeat(PRINCIPALS.length + 3)}`;
  const rows = Object.entries(MATRIX)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, row]) => {
      const needs = `${row.policy === "signedIn" ? "signed in" : row.policy === "taxiiToken" ? "a partner's TAXII token" : row.policy === "metricsToken" ? "the metrics token" : row.policy}${row.note ? ` (${row.note})` : ""}${row.notCalled ? "; not called in-process" : ""}`;
      return `| \`${key}\` | ${needs} | ${PRINCIPALS.map((p) => CELL[expected(row, p)]).join(" | ")} | ${row.idor ? (row.idorExpect ? [...new Set(Object.values(row.idorExpect))].join(" / ") : "404") : "–"} |`;
    });
  return [
    "Generated by `tests/authz-matrix.int.test.ts` from lib/authz.ts (`UPDATE_AUTHZ_MATRIX=1 npx vitest run tests/authz-matrix.int.test.ts`);",
    "the test runs every cell and fails when this table is stale. ✓ = allowed (the call runs to success,",
    "2xx, on a valid input, and a write leaves its audit event), 401 = no valid credential, 403 = refused, 404 = the",
    "case is hidden from this person. Members are on case A (the analyst leads it); the IDOR column is",
    "a member of case A sending an id of case B, in the path, the body or the query as the call takes it.",
    "",
    head,
    rule,
    ...rows,
    "",
  ].join("\n");
}

afterAll(() => peerTaxii.server?.close());

beforeAll(async () => {
  await startPeerTaxii();
  ({ handlers, actions } = await enumerate());
  world = await buildWorld();
  // A package to download: requested, approved and built (the world's own export stays requested).
  builtExportA = await freshExport(world.A);
  const approved = await runAction(approveExportAction, world.people.reviewerMember, { exportId: builtExportA });
  if (!approved.ok) throw new Error(`setup: approving an export: ${approved.error.message}`);
  await drain();
  const built = await db().exportPackage.findUniqueOrThrow({ where: { id: builtExportA } });
  if (built.status !== "built") throw new Error(`setup: the export did not build: ${built.status} ${built.error ?? ""}`);
}, 240_000);

describe("authorization matrix", () => {
  it("has exactly one row per route handler method and per exported server action", () => {
    const found = [...handlers.keys(), ...actions.keys()].sort();
    expect(handlers.size).toBeGreaterThanOrEqual(25);
    expect(actions.size).toBeGreaterThanOrEqual(35);
    const rows = Object.keys(MATRIX).sort();
    expect({ withoutRow: found.filter((k) => !rows.includes(k)), rowWithoutCode: rows.filter((k) => !found.includes(k)) }).toEqual({ withoutRow: [], rowWithoutCode: [] });
  });

  it("gives every principal what lib/authz.ts says, on every route and action, and runs every allowed call to success", async () => {
    const mismatches: string[] = [];
    let allowedCells = 0;
    let ranToSuccess = 0;
    for (const [key, row] of Object.entries(MATRIX)) {
      if (!row.call) continue;
      for (const p of PRINCIPALS) {
        const want = expected(row, p);
        const got = await row.call(p, world.A);
        if (want === "allow") {
          allowedCells++;
          // Its effect: every write appends its audit event in the same transaction, so a write that
          // ran to success left an event newer than the moment it was called (after its setup).
          if (got === "allow" && isWrite(key) && (await lastSeq()) <= callStartSeq) mismatches.push(`${key} as ${p}: succeeded, and left no audit event`);
          if (got === "allow") ranToSuccess++;
          else mismatches.push(`${key} as ${p}: allowed, and got ${got}`);
        } else if (got !== want) mismatches.push(`${key} as ${p}: got ${got}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Every allowed cell ran its action's body to success, on an input and a state it accepts.
    expect(allowedCells).toBeGreaterThan(100);
    expect(ranToSuccess).toBe(allowedCells);
    console.log(`authorization matrix: ${allowedCells} allowed cells, ${ranToSuccess} ran their action to success (writes: each left its audit event)`);
  }, 600_000);

  it("answers an id of another case with 404, in the path, the body and the query", async () => {
    const mismatches: string[] = [];
    for (const [key, row] of Object.entries(MATRIX)) {
      if (!row.idor || !row.call) continue;
      for (const p of IDOR_PRINCIPALS) {
        const got = statusOnly(await row.call(p, world.B));
        if (got !== (row.idorExpect?.[p] ?? "404")) mismatches.push(`${key} as ${p} with case B's id: got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);

  // The matrix above calls each action once, on an open case. The workflow is where the state
  // matters most: every transition, from every state, as every principal, against the policy.
  // (The state is set by SQL: that is the setup; the transition under test goes through the action.)
  it("runs every workflow transition from every case state as every principal, as lib/authz.ts says", async () => {
    const STATES: TCaseStatus[] = ["open", "in_review", "approved", "referred", "closed"];
    const submitter = world.people.analystMember.id;
    const mismatches: string[] = [];
    let cells = 0;
    let allowed = 0;
    for (const transition of Object.keys(TRANSITIONS) as TTransition[]) {
      for (const status of STATES) {
        const c = await freshCase(world.A);
        for (const p of PRINCIPALS) {
          await db().case.update({ where: { id: c.id }, data: { status, submittedById: status === "open" ? null : submitter } });
          const got = await act("(app)/cases/actions.ts#transitionCaseAction", p, { caseId: c.id, transition, ...(TRANSITIONS[transition].needsComment ? { comment: "Matrix." } : {}) });
          const want = expectedByPolicy(world, p, TRANSITIONS[transition].permission, true, { status, submittedById: status === "open" ? null : submitter });
          cells++;
          if (got === "allow") allowed++;
          if (got !== want) mismatches.push(`${transition} from ${status} as ${p}: got ${got}, expected ${want}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(Object.keys(TRANSITIONS).length * STATES.length * PRINCIPALS.length);
    expect(allowed).toBeGreaterThan(5); // the walk reaches allowed cells, not refusals only
  }, 600_000);

  it("refuses edits, team changes and comments on a closed case to everyone, as lib/authz.ts says", async () => {
    const c = await freshCase(world.A);
    const t = { ...world.A, caseId: c.id };
    const calls: [string, TPermission, () => Promise<unknown>][] = [
      ["updateCaseAction", "case.edit", async () => ({ caseId: c.id, version: await caseVersion(c.id), title: `Edited ${uniq()}`, severity: "high" })],
      ["setCaseTeamAction", "case.manageMembers", async () => teamOf(t)],
      ["addCommentAction", "case.comment", async () => ({ caseId: c.id, body: "A comment." })],
    ];
    const mismatches: string[] = [];
    for (const [name, permission, input] of calls) {
      for (const p of PRINCIPALS) {
        await db().case.update({ where: { id: c.id }, data: { status: "closed" } });
        const got = await act(`(app)/cases/actions.ts#${name}`, p, await input());
        const want = expectedByPolicy(world, p, permission, true, { status: "closed" });
        if (got !== want) mismatches.push(`${name} on a closed case as ${p}: got ${got}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Nobody, admins included, edits or comments on a closed case: a member is refused, not shown "not found".
    expect(can(world.people.analystMember, "case.edit", factsFor(world, "analystMember", "closed")).ok).toBe(false);
  }, 300_000);

  it("answers the same with an injected x-middleware-subrequest header (middleware bypass)", async () => {
    const INJECTED = ["middleware", "middleware:middleware:middleware:middleware:middleware", "proxy:proxy:proxy:proxy:proxy", "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware"];
    const differences: string[] = [];
    for (const key of [...handlers.keys()].filter((k) => k.includes("/api/v1/"))) {
      const params = {
        caseId: world.A.caseId,
        exportId: world.A.exportId,
        importId: world.A.importId,
        exchangeId: world.A.exchangeIds[0],
        runId: world.A.analysisId,
        evidenceId: world.A.evidenceId,
        clusterId: world.A.clusterIds[0],
        exhibitId: world.A.exhibitId,
        capabilityId: world.capabilityId,
        userId: world.people.analystMember.id,
        section: "summary",
        shareId: "no-such-share",
        partnerId: crypto.randomUUID(),
        tokenId: "no-such-token",
        collectionId: crypto.randomUUID(),
        objectId: "indicator--00000000-0000-5000-8000-000000000000",
        bundleId: "no-such-bundle",
      };
      for (const p of ["anonymous", "analystNonMember", "reviewerNonMember"] as const) {
        // Reads are repeatable; the writes are refused for these principals (but for their own tokens and
        // sessions, which they may manage every time), so the two calls come to the same.
        const plain = await apiOutcome(key, p, { params });
        for (const value of INJECTED) {
          const injected = await apiOutcome(key, p, { params, headers: { "x-middleware-subrequest": value } });
          if (injected !== plain) differences.push(`${key} as ${p} with x-middleware-subrequest: ${value}: ${injected}, without: ${plain}`);
        }
      }
    }
    expect(differences).toEqual([]);
  }, 600_000);

  it("is the table in README.md, up to date", () => {
    const file = path.resolve("README.md");
    const [BEGIN, END] = ["<!-- authz-matrix:begin (generated; UPDATE_AUTHZ_MATRIX=1 rewrites it) -->", "<!-- authz-matrix:end -->"];
    const readme = readFileSync(file, "utf8");
    const [at, to] = [readme.indexOf(BEGIN), readme.indexOf(END)];
    expect(at >= 0 && to > at, `README.md has no ${BEGIN} … ${END} section`).toBe(true);
    const section = `${BEGIN}\n\n${markdown()}\n${END}`;
    if (process.env.UPDATE_AUTHZ_MATRIX === "1") writeFileSync(file, readme.slice(0, at) + section + readme.slice(to + END.length));
    const now = readFileSync(file, "utf8");
    expect(now.slice(now.indexOf(BEGIN), now.indexOf(END) + END.length)).toBe(section);
  });
});
