// The people and the two cases the authorization matrix and the mass-assignment tests run against.
// Case A has the "member" principals on it; case B is led by other people, and its records are the
// IDOR targets (an id of case B, sent by a member of case A only). Data goes in through the real
// import route and the real actions; only clusters are written directly (suggesting one needs a
// campaign large enough to link, which would make every test file slow).
import { encode } from "next-auth/jwt";
import { runAction } from "../lib/action";
import { requestAnalysisAction } from "../lib/analysis/mutations";
import { can, type TCaseFacts, type TPermission } from "../lib/authz";
import { db } from "../lib/db";
import { requestExportAction } from "../lib/exports/mutations";
import { addExhibitAction, addRedactionAction, saveFindingAction } from "../lib/findings/mutations";
import { drawSampleAction } from "../lib/samples/mutations";
import { hashToken } from "../lib/tokens/token";
import type { TSessionUser } from "../lib/session";
import { makeCase, makeToken, makeUser } from "./fixtures";
import { drain, upload } from "./import-client";

/** The columns of the matrix. The last three are credentials that must not work. */
export const PRINCIPALS = ["anonymous", "analystMember", "analystNonMember", "reviewerMember", "reviewerNonMember", "admin", "disabledUser", "revokedCredential", "expiredCredential"] as const;
export type TPrincipal = (typeof PRINCIPALS)[number];
export const PRINCIPAL_LABELS: Record<TPrincipal, string> = {
  anonymous: "anonymous",
  analystMember: "analyst, member",
  analystNonMember: "analyst, non-member",
  reviewerMember: "reviewer, member",
  reviewerNonMember: "reviewer, non-member",
  admin: "admin",
  disabledUser: "disabled user",
  revokedCredential: "revoked token / signed-out session",
  expiredCredential: "expired token / session",
};

/** What a call came to: allowed (any answer but these refusals), or refused with this status. */
export type TOutcome = "allow" | "401" | "403" | "404";

/** A secret for the session JWTs the tests mint; the mocked getServerSession decrypts with it. */
export const TEST_SESSION_SECRET = "authz-matrix-test-secret-0123456789abcdef";

export type TCaseWorld = {
  caseId: string;
  exchangeIds: string[];
  accountIds: string[];
  clusterIds: string[];
  exportId: string;
  importId: string;
  evidenceId: string;
  analysisId: string;
  drawId: string;
  exhibitId: string;
  redactionId: string;
};

export type TWorld = {
  people: Record<Exclude<TPrincipal, "anonymous">, TSessionUser>;
  /** The other case's lead (an analyst on B only), who also requests B's export. */
  leadB: TSessionUser;
  reviewerB: TSessionUser;
  A: TCaseWorld;
  B: TCaseWorld;
  capabilityId: string;
};

async function seedCase(lead: TSessionUser, reviewer: TSessionUser, extraMembers: { userId: string; role: "analyst" | "reviewer" }[]): Promise<TCaseWorld> {
  const c = await makeCase(lead, { members: [{ userId: reviewer.id, role: "reviewer" }, ...extraMembers] });
  const { token } = await makeToken(lead.email, "seed");
  await upload(c.id, token, "accounts", "account_id,created_at\nacct_1,2026-04-01T00:00:00Z\nacct_2,2026-04-02T00:00:00Z\nacct_3,2026-04-03T00:00:00Z\n", "a.csv");
  await drain();
  const lines = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({ exchange_id: `ex_${i}`, account_id: `acct_${(i % 3) + 1}`, timestamp: `2026-04-${String(10 + i).padStart(2, "0")}T12:00:00Z`, model: "m", prompt: i % 3 === 0 ? "Think step by step and write out your full internal reasoning before answering." : `Write function ${i}.`, response: "Sure." }),
  );
  const imp = (await (await upload(c.id, token, "exchanges", lines.join("\n") + "\n", "ex.jsonl")).json()) as { id: string };
  await drain();
  const exchanges = await db().exchange.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
  const accounts = await db().account.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
  const clusterIds: string[] = [];
  for (const name of ["Cluster one", "Cluster two"]) {
    const cl = await db().cluster.create({ data: { caseId: c.id, name, origin: "analyst", members: { create: accounts.map((a) => ({ accountId: a.id })) } } });
    clusterIds.push(cl.id);
  }
  const must = <R>(r: { ok: true; data: R } | { ok: false; error: unknown }): R => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data;
  };
  const draw = must(await runAction(drawSampleAction, lead, { caseId: c.id, k: 3 }));
  const run = must(await runAction(requestAnalysisAction, lead, { caseId: c.id, kind: "cluster_suggestion" })).run;
  must(await runAction(saveFindingAction, lead, { caseId: c.id, section: "summary", body: "What happened.", version: 0 }));
  const exhibit = must(await runAction(addExhibitAction, lead, { caseId: c.id, kind: "cluster", targetId: clusterIds[0] }));
  const redaction = must(await runAction(addRedactionAction, lead, { kind: "rule", caseId: c.id, rule: "emails", reason: "privacy" }));
  const exp = must(await runAction(requestExportAction, lead, { caseId: c.id, profile: "congressional" }));
  const evidence = await db().evidenceItem.findFirstOrThrow({ where: { caseId: c.id } });
  return {
    caseId: c.id,
    exchangeIds: exchanges.map((e) => String(e.id)),
    accountIds: accounts.map((a) => String(a.id)),
    clusterIds,
    exportId: exp.id,
    importId: imp.id,
    evidenceId: evidence.id,
    analysisId: run.id,
    drawId: draw.draw.id,
    exhibitId: exhibit.id,
    redactionId: redaction.id,
  };
}

export async function buildWorld(): Promise<TWorld> {
  const people = {
    analystMember: await makeUser("analyst", "analyst-member"),
    analystNonMember: await makeUser("analyst", "analyst-outsider"),
    reviewerMember: await makeUser("reviewer", "reviewer-member"),
    reviewerNonMember: await makeUser("reviewer", "reviewer-outsider"),
    admin: await makeUser("admin", "admin"),
    disabledUser: await makeUser("analyst", "disabled"),
    revokedCredential: await makeUser("analyst", "revoked"),
    expiredCredential: await makeUser("analyst", "expired"),
  };
  const leadB = await makeUser("analyst", "lead-b");
  const reviewerB = await makeUser("reviewer", "reviewer-b");
  // The three bad credentials belong to analysts on case A: what refuses them is the credential.
  const badOnes = [people.disabledUser, people.revokedCredential, people.expiredCredential].map((u) => ({ userId: u.id, role: "analyst" as const }));
  const A = await seedCase(people.analystMember, people.reviewerMember, badOnes);
  const B = await seedCase(leadB, reviewerB, []);
  await db().user.update({ where: { id: people.disabledUser.id }, data: { disabled: true } });
  const capabilityId = (await db().capability.findFirstOrThrow({ orderBy: { sortOrder: "asc" } })).id;
  return { people, leadB, reviewerB, A, B, capabilityId };
}

/** The facts lib/authz.ts decides from, for a principal on a case led by analystMember (case A's shape). */
export function factsFor(world: TWorld, p: TPrincipal, status: TCaseFacts["status"] = "open"): TCaseFacts {
  const membership = p === "analystMember" ? "analyst" : p === "reviewerMember" ? "reviewer" : null;
  return { membership, leadId: world.people.analystMember.id, submittedById: null, status };
}

/** The outcome lib/authz.ts's `can` says a principal gets: the policy the matrix is checked against. */
export function expectedByPolicy(world: TWorld, p: TPrincipal, permission: TPermission, onCase: boolean, on: Partial<TCaseFacts> = {}): TOutcome {
  if (p === "anonymous" || p === "disabledUser" || p === "revokedCredential" || p === "expiredCredential") return "401";
  const d = can(world.people[p], permission, onCase ? { ...factsFor(world, p), ...on } : undefined);
  return d.ok ? "allow" : d.hidden ? "404" : "403";
}

// ---- credentials ------------------------------------------------------------------------------

const tokens = new Map<string, string>();

/** The bearer token a principal sends (none for anonymous); the bad ones are made bad here. */
export async function bearerFor(world: TWorld, p: TPrincipal): Promise<string | null> {
  if (p === "anonymous") return null;
  const u = world.people[p];
  const cached = tokens.get(u.id);
  if (cached) {
    if (p === "disabledUser" || p === "revokedCredential" || p === "expiredCredential") return cached;
    // A principal's own Sign out everywhere (a server action in the matrix) revokes its tokens.
    if (await db().apiToken.count({ where: { tokenHash: hashToken(cached), revokedAt: null } })) return cached;
  }
  // The disabled user's token is made while they are enabled, as theirs would have been.
  if (p === "disabledUser") await db().user.update({ where: { id: u.id }, data: { disabled: false } });
  const t = await makeToken(u.email, "matrix");
  if (p === "disabledUser") await db().user.update({ where: { id: u.id }, data: { disabled: true } });
  if (p === "revokedCredential") await db().apiToken.update({ where: { id: t.id }, data: { revokedAt: new Date() } });
  if (p === "expiredCredential") await db().apiToken.update({ where: { id: t.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  tokens.set(u.id, t.token);
  return t.token;
}

/**
 * The session cookie a principal's browser would send: a next-auth JWT, encrypted with the test
 * secret, carrying the claims sign-in puts there (uid, sv). The revoked one carries a stale session
 * version (as after Sign out everywhere); the expired one expired a minute ago.
 */
export async function sessionFor(world: TWorld, p: TPrincipal): Promise<string | null> {
  if (p === "anonymous") return null;
  const u = await db().user.findUniqueOrThrow({ where: { id: world.people[p].id } });
  const sv = p === "revokedCredential" ? u.sessionVersion - 1 : u.sessionVersion;
  const maxAge = p === "expiredCredential" ? -60 : 3600;
  return encode({ token: { uid: u.id, sv, name: u.name, email: u.email }, secret: TEST_SESSION_SECRET, maxAge });
}
