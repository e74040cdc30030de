// Who may do what on which case. Pure: it decides from plain facts the caller has loaded
// (the user, their membership of the case, the case's state) and is unit-tested in authz.test.ts.
// Global roles bound what a person can ever do; case membership says where they can do it.
export type TRole = "analyst" | "reviewer" | "admin";
export type TCaseRole = "analyst" | "reviewer" | "observer";
export type TCaseStatus = "open" | "in_review" | "approved" | "referred" | "closed";

/** A person: someone signed in, or named by a token or on the command line. */
export type TPerson = { id: string; email: string; name: string; role: TRole; disabled: boolean };

/**
 * The parts of Casebook that write on their own. `cli` and `seed` act as the person they name
 * (`onBehalfOf`): that person's permissions apply, and the audit event names both. The others have
 * their own grants below; `onBehalfOf` then only says for whom they work (the worker running an
 * import someone submitted, the sign-in of a person).
 */
export type TSystemName = "cli" | "seed" | "worker" | "scheduler" | "auth" | "taxii" | "host" | "storage";
export type TSystemActor = { system: TSystemName; detail?: string; onBehalfOf?: TPerson };
export type TActor = TPerson | TSystemActor;

export function isSystem(actor: TActor): actor is TSystemActor {
  return "system" in actor;
}

/** The person an actor is, or acts for; null for a system actor working on its own. */
export function personOf(actor: TActor): TPerson | null {
  return isSystem(actor) ? (actor.onBehalfOf ?? null) : actor;
}

const DELEGATING: readonly TSystemName[] = ["cli", "seed"];

/** The person whose permissions decide for this actor; null when the actor's own grants do. */
export function principalOf(actor: TActor): TPerson | null {
  if (!isSystem(actor)) return actor;
  return DELEGATING.includes(actor.system) ? (actor.onBehalfOf ?? null) : null;
}
const SYSTEM_GRANTS: Record<TSystemName, readonly TPermission[]> = {
  // At the console there is no admin yet: the first admin and their tokens are made here.
  cli: ["user.manage", "token.manageAny", "audit.verify", "backup.restore", "signing.record"],
  seed: ["user.manage", "demo.seed", "taxonomy.manage"],
  worker: ["job.run"],
  scheduler: ["job.run"],
  auth: ["auth.record"],
  // The TAXII server, acting for a partner's token: it records what it served.
  taxii: ["share.serve"],
  // A host starting up (web or worker): it records the installation's signing key when none is.
  host: ["signing.record"],
  // The evidence store's read check, in whichever process read the file: it records a mismatch.
  storage: ["storage.report"],
};
export type TCaseFacts = {
  membership: TCaseRole | null;
  leadId: string;
  submittedById: string | null;
  status: TCaseStatus;
};

export type TPermission =
  | "case.create"
  | "case.view"
  | "case.edit"
  | "case.manageMembers"
  | "case.submit"
  | "case.approve"
  | "case.requestChanges"
  | "case.refer"
  | "case.close"
  | "case.reopen"
  | "case.comment"
  | "case.import"
  | "export.request"
  | "export.review"
  | "user.manage"
  | "taxonomy.manage"
  | "audit.verify"
  | "token.manageOwn"
  | "token.manageAny"
  | "session.endOwn"
  | "partner.manage"
  | "share.prepare"
  | "share.review"
  | "peer.import"
  // System actors only (SYSTEM_GRANTS):
  | "job.run"
  | "demo.seed"
  | "auth.record"
  | "backup.restore"
  | "share.serve"
  | "signing.record"
  | "storage.report";

export type TDecision = { ok: true } | { ok: false; reason: string; hidden?: boolean };

const allow: TDecision = { ok: true };
const deny = (reason: string): TDecision => ({ ok: false, reason });

/** Whether the case exists for this person at all (admins see every case, others their own). */
export function canSeeCase(actor: Pick<TPerson, "role" | "disabled">, facts: Pick<TCaseFacts, "membership">): boolean {
  return !actor.disabled && (actor.role === "admin" || facts.membership !== null);
}

export function can(actor: TActor, permission: TPermission, facts?: TCaseFacts): TDecision {
  const principal = principalOf(actor);
  if (principal) return canPerson(principal, permission, facts);
  const system = (actor as TSystemActor).system;
  return SYSTEM_GRANTS[system].includes(permission) ? allow : deny(`The ${system} may not do this (${permission}).`);
}

function canPerson(actor: TPerson, permission: TPermission, facts?: TCaseFacts): TDecision {
  if (actor.disabled) return deny("Your account is disabled.");
  switch (permission) {
    case "case.create":
      return actor.role === "analyst" || actor.role === "admin" ? allow : deny("Only analysts and admins open cases.");
    case "user.manage":
    case "audit.verify":
      return actor.role === "admin" ? allow : deny("Only admins can do this.");
    case "taxonomy.manage":
      return actor.role === "admin" ? allow : deny("Only admins edit the capability taxonomy.");
    case "partner.manage":
      return actor.role === "admin" ? allow : deny("Only admins add sharing partners and their TAXII tokens.");
    case "token.manageOwn":
    case "session.endOwn":
      return allow;
    case "token.manageAny":
      return actor.role === "admin" ? allow : deny("Only admins manage other people's tokens.");
    case "job.run":
    case "demo.seed":
    case "auth.record":
    case "share.serve":
    case "signing.record":
    case "storage.report":
      return deny("Only Casebook itself does this.");
    case "backup.restore":
      return deny("A restore is run at the console (npm run casebook -- restore).");
  }
  if (!facts) return deny("This needs a case.");
  if (!canSeeCase(actor, facts)) return { ok: false, reason: "Case not found.", hidden: true };
  const isCaseAnalyst = actor.role === "analyst" && facts.membership === "analyst";
  const isCaseReviewer = actor.role === "reviewer" && facts.membership === "reviewer";
  const isLead = actor.id === facts.leadId;

  switch (permission) {
    case "case.view":
      return allow;
    case "case.comment":
      return facts.membership !== null || actor.role === "admin" ? allow : deny("Only case members can comment.");
    case "case.edit":
      if (!isCaseAnalyst) return deny("Only analysts on this case can edit it.");
      if (facts.status !== "open") return deny(`The case is ${label(facts.status)}; it can be edited only while open.`);
      return allow;
    case "case.import":
      if (!isCaseAnalyst) return deny("Only analysts on this case import data into it.");
      if (facts.status !== "open") return deny(`The case is ${label(facts.status)}; data can be imported only while it is open.`);
      return allow;
    case "export.request":
      if (!isCaseAnalyst) return deny("Only analysts on this case request exports.");
      return facts.status === "closed" ? deny("The case is closed.") : allow;
    case "export.review":
      // Whether this reviewer requested the export themselves is the export's fact, checked where
      // the export is loaded (lib/exports/mutations.ts): nobody approves their own request.
      if (!isCaseReviewer) return deny("Only reviewers assigned to this case review its exports.");
      return allow;
    case "share.prepare":
      if (!isCaseAnalyst) return deny("Only analysts on this case prepare a share of its indicators.");
      return facts.status === "closed" ? deny("The case is closed.") : allow;
    case "share.review":
      // As for exports: that this reviewer did not prepare the share is checked where it is loaded.
      if (!isCaseReviewer) return deny("Only reviewers assigned to this case review what it shares.");
      return allow;
    case "peer.import":
      if (!isCaseAnalyst) return deny("Only analysts on this case import a partner's indicators into it.");
      if (facts.status !== "open") return deny(`The case is ${label(facts.status)}; evidence can be added only while it is open.`);
      return allow;
    case "case.manageMembers":
      if (actor.role !== "admin" && !(isLead && isCaseAnalyst)) return deny("Only the case lead and admins manage members.");
      if (facts.status === "closed") return deny("The case is closed.");
      return allow;
    case "case.submit":
      if (!isCaseAnalyst) return deny("Only analysts on this case can submit it for review.");
      return facts.status === "open" ? allow : deny(`Only an open case can be submitted; this one is ${label(facts.status)}.`);
    case "case.approve":
    case "case.requestChanges":
      if (!isCaseReviewer) return deny("Only reviewers assigned to this case can approve or request changes.");
      if (facts.status !== "in_review") return deny(`The case is ${label(facts.status)}, not in review.`);
      if (permission === "case.approve" && facts.submittedById === actor.id) return deny("Nobody approves their own submission.");
      return allow;
    case "case.refer":
      if (!isCaseReviewer && !(isLead && isCaseAnalyst)) return deny("Only the case lead or an assigned reviewer records a referral.");
      return facts.status === "approved" ? allow : deny("Only an approved case can be marked referred.");
    case "case.close":
      if (actor.role !== "admin" && !(isLead && isCaseAnalyst)) return deny("Only the case lead and admins close a case.");
      return facts.status === "closed" || facts.status === "in_review"
        ? deny(`A case that is ${label(facts.status)} cannot be closed.`)
        : allow;
    case "case.reopen":
      if (actor.role !== "admin") return deny("Only admins reopen a closed case.");
      return facts.status === "closed" ? allow : deny("Only a closed case can be reopened.");
  }
  return deny("Not allowed.");
}

export function label(status: TCaseStatus): string {
  return status.replace("_", " ");
}
