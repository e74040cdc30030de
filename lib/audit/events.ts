// Every kind of audit event: its action name, the shape of its data, and how a person reads it.
// Writers are typed by it (lib/action.ts checks the data against it before appending), and the
// Activity view renders from it. Pure. Values stay plain strings, rendered as text by React, never
// as HTML: they may quote attacker-written summaries and file names.
import { z } from "zod";
import { formatDay, statusLabel } from "../format";

export type TNames = ReadonlyMap<string, string>;

type TEventDef<S extends z.ZodType> = { label: string; data: S; describe: (d: z.output<S>, names: TNames) => string[] };

function event<S extends z.ZodType>(label: string, data: S, describe: (d: z.output<S>, names: TNames) => string[] = facts): TEventDef<S> {
  return { label, data, describe };
}

const MAX = 240;
// How long a value may be when shown: MAX on screen, whole in an evidence package's audit appendix
// (describeEvent's `whole`, set only for the length of one synchronous call).
let limit = MAX;
const clip = (s: string) => (s.length > limit ? `${s.slice(0, limit)}…` : s);
const digest = (h: string) => (h.length > 16 && limit === MAX ? `${h.slice(0, 16)}…` : h);

function show(v: unknown, field = ""): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  if ((field === "windowStart" || field === "windowEnd") && typeof v === "string") return formatDay(v) || v;
  return clip(typeof v === "string" ? v : JSON.stringify(v));
}
const quote = (v: unknown, field = "") => (v === null || v === undefined || v === "" ? "(empty)" : `'${show(v, field)}'`);
const who = (names: TNames, id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : "someone");

const FIELDS: Record<string, string> = {
  title: "Title",
  summary: "Summary",
  severity: "Severity",
  suspectedActor: "Suspected actor",
  windowStart: "Window start",
  windowEnd: "Window end",
  ref: "Ref",
  name: "Name",
  role: "Role",
  disabled: "Disabled",
  password: "Password",
  fileName: "File",
  sha256: "SHA-256",
  rows: "Rows",
  errorCount: "Errors",
  firstError: "First error",
  attempt: "Attempt",
  attempts: "Attempts",
  error: "Error",
  email: "Email",
  worker: "Worker",
  lostWorker: "Lost worker",
  via: "Via",
  kind: "Kind",
  ip: "From",
  prefix: "Token",
  owner: "Owner",
  originalName: "File",
  sizeBytes: "Bytes",
};

/** The simple facts of an event's data, one a line: what an event without its own wording shows. */
function facts(d: unknown): string[] {
  if (typeof d !== "object" || d === null || Array.isArray(d)) return [];
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${FIELDS[k] ?? k}: ${show(v, k)}`);
}

const ZChange = z.object({ from: z.unknown(), to: z.unknown() });
const ZChanges = z.record(z.string(), ZChange);
const changeLines = (changes: z.output<typeof ZChanges>, none: string) => {
  const lines = Object.entries(changes).map(([f, c]) => `${FIELDS[f] ?? f}: ${quote(c.from, f)} → ${quote(c.to, f)}`);
  return lines.length ? lines : [none];
};
const ZMember = z.object({ userId: z.string(), role: z.string() });
const ZTransition = z.object({ from: z.string(), to: z.string(), comment: z.string().optional() });
const describeTransition = (d: z.output<typeof ZTransition>) => [
  `Status: ${statusLabel(d.from)} → ${statusLabel(d.to)}`,
  ...(d.comment ? [`Comment: “${show(d.comment)}”`] : []),
];
const nullableString = z.string().nullable();

// The job runner's own events, the same for every kind of job (lib/jobs/runner.ts).
const JOB_EVENTS = (noun: string) => ({
  started: event(`${noun} started`, z.object({ attempt: z.number().int() })),
  released: event(`${noun} handed back by a stopping worker; queued again`, z.object({ attempt: z.number().int(), worker: z.string() })),
  requeued: event(`${noun} interrupted (its worker stopped); queued again`, z.object({ attempts: z.number().int(), lostWorker: nullableString })),
  abandoned: event(`${noun} abandoned after repeated interruptions`, z.object({ attempts: z.number().int(), lostWorker: nullableString })),
  failed: event(`${noun} failed on a server error; nothing was written`, z.object({ error: z.string() })),
});
type TJobEvents = ReturnType<typeof JOB_EVENTS>;
export type TJobEvent = keyof TJobEvents;

function jobEvents<K extends string>(kind: K, noun: string) {
  return Object.fromEntries(Object.entries(JOB_EVENTS(noun)).map(([k, v]) => [`${kind}.${k}`, v])) as { [P in TJobEvent as `${K}.${P}`]: TJobEvents[P] };
}

const ZVoided = z.array(z.string()).default([]);
const voidLines = (voided: readonly string[]) => (voided.length ? [`Voided the approval of ${voided.length === 1 ? "an export" : `${voided.length} exports`}: it no longer covers this content`] : []);
const profileLabel = (p: string) => (p === "legal_referral" ? "legal referral" : p === "congressional" ? "congressional letter" : p);

const ZFlagRules = z.object({ rules: z.array(z.string()) });
const ZClusterDecision = z.object({ name: z.string(), origin: z.string(), from: z.string() });
const ZClusterCount = <K extends string>(k: K) => z.object({ name: z.string(), accounts: z.number().int() }).extend({ [k]: z.number().int() } as { [P in K]: z.ZodNumber });

export const AUDIT_EVENTS = {
  "case.create": event(
    "Opened the case",
    z.object({
      ref: z.string(),
      title: z.string(),
      summary: z.string(),
      severity: z.string(),
      suspectedActor: nullableString,
      windowStart: nullableString,
      windowEnd: nullableString,
      leadId: z.string(),
      members: z.array(ZMember),
    }),
    (d, names) => [
      ...(["ref", "title", "severity", "suspectedActor"] as const).filter((f) => d[f]).map((f) => `${FIELDS[f]}: ${quote(d[f])}`),
      ...(d.windowStart || d.windowEnd ? [`Window: ${show(d.windowStart, "windowStart")} → ${show(d.windowEnd, "windowEnd")}`] : []),
      `Lead: ${who(names, d.leadId)}`,
      `Team: ${d.members.map((m) => `${who(names, m.userId)} (${m.role})`).join(", ")}`,
    ],
  ),
  "case.update": event("Edited the case", z.object({ changes: ZChanges }), (d) => changeLines(d.changes, "No field changed.")),
  "case.team": event(
    "Changed the team",
    z.object({
      lead: ZChange.optional(),
      added: z.array(ZMember),
      removed: z.array(z.string()),
      changed: z.array(z.object({ userId: z.string(), from: z.string(), to: z.string() })),
    }),
    (d, names) => {
      const lines = [
        ...(d.lead ? [`Lead: ${who(names, d.lead.from)} → ${who(names, d.lead.to)}`] : []),
        ...d.added.map((m) => `Added ${who(names, m.userId)} as ${m.role}`),
        ...d.removed.map((id) => `Removed ${who(names, id)}`),
        ...d.changed.map((m) => `${who(names, m.userId)}: ${m.from} → ${m.to}`),
      ];
      return lines.length ? lines : ["No change to the team."];
    },
  ),
  "case.submit": event("Submitted for review", ZTransition, describeTransition),
  "case.approve": event("Approved the case", ZTransition, describeTransition),
  "case.request_changes": event("Requested changes", ZTransition, describeTransition),
  "case.refer": event("Marked the case referred", ZTransition, describeTransition),
  "case.close": event("Closed the case", ZTransition, describeTransition),
  "case.reopen": event("Reopened the case", ZTransition, describeTransition),
  "comment.create": event("Commented", z.object({ body: z.string() }), (d) => [`“${show(d.body)}”`]),

  "import.submit": event(
    "Submitted a file for import",
    z.object({ kind: z.string(), fileName: z.string(), sha256: z.string(), sizeBytes: z.number(), via: z.string() }),
  ),
  "import.duplicate": event("Submitted a file that was already imported (nothing changed)", z.object({ fileName: z.string(), sha256: z.string(), via: z.string() })),
  ...jobEvents("import", "Import"),
  "import.succeeded": event(
    "Imported a file",
    z.object({
      kind: z.string(),
      fileName: z.string(),
      sha256: z.string(),
      rows: z.number().int(),
      evidenceItemId: z.string(),
      accounts: z.number().int().optional(),
      clustersCreated: z.number().int().optional(),
      clustersTouched: z.number().int().optional(),
      exchanges: z.number().int().optional(),
      samples: z.number().int().optional(),
    }),
  ),
  "import.rejected": event(
    "Import rejected: nothing from the file was written",
    z.object({ kind: z.string(), fileName: z.string(), sha256: z.string(), rows: z.number().int(), errorCount: z.number().int(), firstError: z.string().optional() }),
  ),
  "analysis.request": event(
    "Asked for an analysis",
    z.object({ kind: z.string(), joined: z.boolean() }),
    (d) => [`Kind: ${d.kind.replaceAll("_", " ")}`, ...(d.joined ? ["One was already under way; this request joined it."] : [])],
  ),
  ...jobEvents("analysis", "Analysis"),
  "clusters.suggest": event(
    "Suggested clusters from linking signals",
    z.object({ clusters: z.number().int(), accounts: z.number().int(), links: z.number().int(), replaced: z.number().int(), skipped: z.number().int(), weakValues: z.number().int() }),
    (d) => [
      `${d.clusters} clusters of ${d.accounts} accounts, tied by ${d.links} links`,
      `${d.replaced} earlier suggestions nobody had acted on were replaced; ${d.skipped} suggestions matching clusters already decided were left out`,
      `${d.weakValues} values shared too widely to be evidence were ignored`,
    ],
  ),
  "families.group": event(
    "Grouped sample prompts into template families",
    z.object({ prompts: z.number().int(), families: z.number().int(), grouped: z.number().int(), replaced: z.number().int(), ms: z.number() }),
    (d) => [`${d.prompts} prompts: ${d.families} families holding ${d.grouped} of them (the last grouping's ${d.replaced} families replaced)`],
  ),
  "flags.run": event(
    "Ran the rule flags over the samples",
    z.object({ samples: z.number().int(), flags: z.number().int(), added: z.number().int(), rulesetVersion: z.number().int() }),
    (d) => [`${d.samples} samples, ruleset version ${d.rulesetVersion}: ${d.flags} matches, ${d.added} new flags`],
  ),
  "cluster.accept": event("Accepted a cluster", ZClusterDecision, (d) => [`Cluster: ${d.name} (${d.origin}, was ${d.from})`]),
  "cluster.reject": event("Rejected a cluster", ZClusterDecision, (d) => [`Cluster: ${d.name} (${d.origin}, was ${d.from})`]),
  "cluster.rename": event("Renamed a cluster", z.object({ from: z.string(), to: z.string() }), (d) => [`'${show(d.from)}' → '${show(d.to)}'`]),
  "cluster.merge": event(
    "Merged two clusters",
    z.object({ into: z.string(), merged: z.string(), mergedId: z.string(), added: z.number().int(), accounts: z.number().int() }),
    (d) => [`'${show(d.merged)}' merged into '${show(d.into)}'`, `${d.added} accounts added; ${d.accounts} in all`],
  ),
  "cluster.split": event(
    "Split accounts off a cluster",
    z.object({ from: z.string(), name: z.string(), newClusterId: z.string(), accounts: z.number().int() }),
    (d) => [`${d.accounts} accounts of '${show(d.from)}' moved to a new cluster '${show(d.name)}'`],
  ),
  "cluster.addAccounts": event("Added accounts to a cluster", ZClusterCount("added"), (d) => [`${d.added} accounts added to '${show(d.name)}'; ${d.accounts} in all`]),
  "cluster.removeAccounts": event("Removed accounts from a cluster", ZClusterCount("removed"), (d) => [`${d.removed} accounts removed from '${show(d.name)}'; ${d.accounts} left`]),
  "annotation.tag": event(
    "Tagged a sample with a capability",
    z.object({
      capability: z.string(),
      field: z.string(),
      span: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
      quote: z.string().nullable(),
      note: z.string(),
      updated: z.boolean(),
    }),
    (d) => [
      `${d.capability}${d.updated ? " (tag changed)" : ""}`,
      ...(d.span ? [`Evidence in the ${d.field}, characters ${d.span.start}–${d.span.end}: “${show(d.quote)}”`] : []),
      ...(d.note ? [`Note: ${show(d.note)}`] : []),
    ],
  ),
  "annotation.untag": event("Removed a capability tag from a sample", z.object({ capability: z.string() }), (d) => [d.capability]),
  "flag.confirm": event("Confirmed rule flags on a sample", ZFlagRules, (d) => [`Rules: ${d.rules.join(", ")}`]),
  "flag.reject": event("Rejected rule flags on a sample", ZFlagRules, (d) => [`Rules: ${d.rules.join(", ")}`]),
  "sample.triaged": event("Marked a sample triaged", z.object({ tags: z.number().int() }), (d) => [`${d.tags} capability tags`]),
  "sample.untriaged": event("Put a sample back in the triage queue", z.object({ tags: z.number().int() })),
  "sample.draw": event(
    "Drew a random sample of exchanges",
    z.object({
      k: z.number().int(),
      seed: z.number().int(),
      method: z.string(),
      frame: z.object({ from: z.string().optional(), to: z.string().optional(), model: z.string().optional() }),
      frameSize: z.number().int(),
      drawn: z.number().int(),
      withText: z.number().int(),
    }),
    (d) => [
      `${d.drawn} of ${d.frameSize} exchanges, seed ${d.seed} (${d.method})`,
      ...(d.frame.from || d.frame.to || d.frame.model ? [`Frame: ${[d.frame.from && `from ${d.frame.from}`, d.frame.to && `before ${d.frame.to}`, d.frame.model && `model ${d.frame.model}`].filter(Boolean).join(", ")}`] : []),
      `${d.withText} of them have stored text`,
    ],
  ),
  "finding.save": event(
    "Saved a findings section",
    z.object({ section: z.string(), chars: z.number().int(), citations: z.number().int(), voided: ZVoided }),
    (d) => [`Section: ${d.section}`, `${d.chars} characters, ${d.citations} exhibits cited`, ...voidLines(d.voided)],
  ),
  "exhibit.add": event(
    "Added an exhibit",
    z.object({ kind: z.string(), target: z.string(), caption: z.string(), voided: ZVoided }),
    (d) => [`${show(d.target)}`, ...(d.caption ? [`Caption: ${quote(d.caption)}`] : []), ...voidLines(d.voided)],
  ),
  "exhibit.caption": event("Changed an exhibit's caption", z.object({ from: z.string(), to: z.string(), voided: ZVoided }), (d) => [`${quote(d.from)} → ${quote(d.to)}`, ...voidLines(d.voided)]),
  "exhibit.remove": event("Removed an exhibit", z.object({ kind: z.string(), targetId: z.string(), caption: z.string(), voided: ZVoided }), (d) => [`${d.kind} ${show(d.caption || d.targetId)}`, ...voidLines(d.voided)]),
  "exhibit.reorder": event(
    "Reordered the exhibits",
    z.object({ exhibits: z.number().int(), changed: z.boolean(), voided: ZVoided }),
    (d) => [d.changed ? `${d.exhibits} exhibits in a new order` : "No change", ...voidLines(d.voided)],
  ),
  "redaction.add": event("Added a redaction", z.object({ what: z.string(), reason: z.string(), voided: ZVoided }), (d) => [show(d.what), `Why: ${show(d.reason)}`, ...voidLines(d.voided)]),
  "redaction.remove": event("Removed a redaction", z.object({ what: z.string(), reason: z.string(), voided: ZVoided }), (d) => [show(d.what), ...voidLines(d.voided)]),
  "export.request": event(
    "Requested an export",
    z.object({ profile: z.string(), contentHash: z.string(), reviewers: z.array(z.string()) }),
    (d, names) => [`Profile: ${profileLabel(d.profile)}`, `Reviewers: ${d.reviewers.map((r) => who(names, r)).join(", ") || "(none assigned)"}`],
  ),
  "export.comment": event("Commented on an export", z.object({ target: z.string(), body: z.string() }), (d) => [...(d.target ? [`On: ${show(d.target)}`] : []), show(d.body)]),
  "export.reject": event("Requested changes to an export", z.object({ profile: z.string(), comment: z.string() }), (d) => [`Profile: ${profileLabel(d.profile)}`, `Comment: ${show(d.comment)}`]),
  "export.approve": event(
    "Approved an export",
    z.object({ profile: z.string(), requestedBy: z.string(), auditHeadSeq: z.string(), auditHeadHash: z.string(), contentHash: z.string(), comment: z.string() }),
    (d, names) => [
      `Profile: ${profileLabel(d.profile)}`,
      `Requested by ${who(names, d.requestedBy)}`,
      `Covers the audit log up to event ${d.auditHeadSeq} (${digest(d.auditHeadHash)})`,
      ...(d.comment ? [`Comment: ${show(d.comment)}`] : []),
    ],
  ),
  "export.retry": event("Retried a failed export build", z.object({ profile: z.string(), error: z.string() }), (d) => [`Profile: ${profileLabel(d.profile)}`, ...(d.error ? [`It had failed: ${show(d.error)}`] : [])]),
  "export.blocked": event(
    "Stopped a congressional build: personal data would leave",
    z.object({ profile: z.string(), blockers: z.array(z.object({ kind: z.string(), masked: z.string(), where: z.string() })) }),
    (d) => [`Profile: ${profileLabel(d.profile)}`, ...d.blockers.map((b) => `${b.kind} ${b.masked}${b.where ? ` in ${b.where}` : ""}`)],
  ),
  // `buildCancelled`: the edit that voided it also cancelled its queued build (absent when the build itself found it voided).
  "export.void": event("Voided an approved export", z.object({ reason: z.string(), buildCancelled: z.boolean().optional() }), (d) => [show(d.reason), ...(d.buildCancelled ? ["Its queued build was cancelled."] : [])]),
  "export.built": event(
    "Built an evidence package",
    z.object({ profile: z.string(), sha256: z.string(), bytes: z.number().int(), pages: z.number().int(), batesFirst: z.string(), batesLast: z.string(), files: z.number().int() }),
    (d) => [`Profile: ${profileLabel(d.profile)}`, `Bates ${d.batesFirst}–${d.batesLast}, ${d.pages} pages, ${d.files} files`, `SHA-256 ${d.sha256}`],
  ),
  "export.download": event("Downloaded an evidence package", z.object({ profile: z.string(), sha256: z.string() }), (d) => [`Profile: ${profileLabel(d.profile)}`, `SHA-256 ${d.sha256}`]),
  ...jobEvents("export", "Export build"),
  "signing.record": event("Recorded the installation's signing key", z.object({ fingerprint: z.string(), host: z.string() }), (d) => [`Fingerprint ${d.fingerprint}`, `First used by ${show(d.host)}`]),
  "signing.adopt": event("Changed the installation's signing key", z.object({ from: z.string().nullable(), fingerprint: z.string(), host: z.string() }), (d) => [
    `From ${d.from ?? "(none recorded)"}`,
    `To ${d.fingerprint}`,
    `On ${show(d.host)}`,
  ]),
  // A restore replaces the audit log with the backup's and then appends this, in the same
  // transaction: the chain shows where the restored history ends and who restored it, from what.
  "backup.restore": event(
    "Restored the database from a backup",
    z.object({ file: z.string(), backupCreatedAt: z.string(), tables: z.number().int(), rows: z.number().int(), evidenceFiles: z.number().int(), force: z.boolean() }),
    (d) => [`From ${show(d.file)}, made ${d.backupCreatedAt}`, `${d.tables} tables, ${d.rows} rows, ${d.evidenceFiles} evidence files`, ...(d.force ? ["--force: it replaced the data that was there"] : [])],
  ),
  "evidence.download": event("Downloaded an evidence file", z.object({ sha256: z.string(), originalName: z.string() })),
  // A stored file read back with another SHA-256 than it was stored under (lib/storage/integrity.ts):
  // one event for each case whose evidence, packages or imports use the file.
  "storage.integrity_failed": event(
    "A stored evidence file failed its SHA-256 check",
    z.object({
      key: z.string(),
      expected: z.string(),
      actual: z.string(),
      location: z.string(),
      why: z.string(),
      evidenceItems: z.array(z.string()),
      exports: z.array(z.string()),
      imports: z.array(z.string()),
    }),
    (d) => [
      `File ${digest(d.key)} in ${show(d.location)}, read for ${show(d.why)}`,
      `Expected SHA-256 ${digest(d.expected)}; read back ${digest(d.actual)}: the stored copy was altered or damaged`,
      `Used by ${d.evidenceItems.length} evidence item(s), ${d.exports.length} package(s), ${d.imports.length} import(s)`,
    ],
  ),

  // `via: "oidc"`: made at a first single sign-on (CASEBOOK_OIDC_AUTO_PROVISION), with no password.
  "user.create": event("Created a user", z.object({ email: z.string(), name: z.string(), role: z.string(), passwordGenerated: z.boolean(), via: z.literal("oidc").optional() })),
  "user.update": event("Changed a user", z.object({ email: z.string(), changes: ZChanges }), (d) => [`User: ${d.email}`, ...changeLines(d.changes, "No change.")]),
  "user.disable": event("Disabled a user", z.object({ email: z.string(), changes: ZChanges }), (d) => [`User: ${d.email}`]),
  "user.enable": event("Enabled a user", z.object({ email: z.string(), changes: ZChanges }), (d) => [`User: ${d.email}`]),
  "user.resetPassword": event(
    "Reset a user's password",
    z.object({ email: z.string(), passwordGenerated: z.boolean(), tokensRevoked: z.number().int().optional() }),
    (d) => [`User: ${d.email}`, ...(d.tokensRevoked !== undefined ? [`Sessions ended; API tokens revoked: ${d.tokensRevoked}`] : [])],
  ),
  "token.create": event("Created an API token", z.object({ owner: z.string(), name: z.string(), prefix: z.string(), expiresAt: nullableString })),
  "token.revoke": event("Revoked an API token", z.object({ owner: z.string(), prefix: z.string() })),

  // Sharing indicators with partner labs (lib/sharing).
  "partner.create": event("Added a sharing partner", z.object({ name: z.string(), keyFingerprint: z.string(), keyGenerated: z.boolean() }), (d) => [
    `Partner: ${show(d.name)}`,
    `Sharing key ${d.keyFingerprint} (${d.keyGenerated ? "made here, shown once" : "given by the partner"})`,
  ]),
  "partner.tokenCreate": event("Created a TAXII token for a partner", z.object({ partner: z.string(), name: z.string(), prefix: z.string() }), (d) => [`Partner: ${show(d.partner)}`, `Token ${d.prefix} (${show(d.name)})`]),
  "partner.tokenRevoke": event("Revoked a partner's TAXII token", z.object({ partner: z.string(), prefix: z.string() }), (d) => [`Partner: ${show(d.partner)}`, `Token ${d.prefix}`]),
  "share.prepare": event(
    "Prepared a share of indicators",
    z.object({ partner: z.string(), tlp: z.string(), include: z.array(z.string()), objects: z.number().int(), indicators: z.number().int(), sha256: z.string() }),
    (d) => [`To: ${show(d.partner)}`, `TLP:${d.tlp.toUpperCase()}`, `What: ${d.include.join(", ")}`, `${d.indicators} indicators in ${d.objects} STIX objects`, `SHA-256 ${digest(d.sha256)}`],
  ),
  "share.approve": event(
    "Approved a share of indicators",
    z.object({ partner: z.string(), requestedBy: z.string(), auditHeadSeq: z.string(), auditHeadHash: z.string(), sha256: z.string(), comment: z.string() }),
    (d, names) => [
      `To: ${show(d.partner)}`,
      `Prepared by ${who(names, d.requestedBy)}`,
      `Covers the audit log up to event ${d.auditHeadSeq} (${digest(d.auditHeadHash)})`,
      `Bundle SHA-256 ${digest(d.sha256)}`,
      ...(d.comment ? [`Comment: ${show(d.comment)}`] : []),
    ],
  ),
  "share.reject": event("Sent a share of indicators back", z.object({ partner: z.string(), comment: z.string() }), (d) => [`To: ${show(d.partner)}`, `Comment: ${show(d.comment)}`]),
  "share.void": event("Withdrew a share of indicators", z.object({ partner: z.string(), reason: z.string() }), (d) => [`To: ${show(d.partner)}`, show(d.reason)]),
  "peer.import": event(
    "Imported a partner lab's indicators",
    z.object({ partner: z.string(), fileName: z.string(), sha256: z.string(), indicators: z.number().int(), expired: z.number().int(), skipped: z.number().int(), duplicate: z.boolean() }),
    (d) => [
      `From: ${show(d.partner)}`,
      `${show(d.fileName)} (SHA-256 ${digest(d.sha256)})`,
      d.duplicate ? "Already imported into this case: nothing changed" : `${d.indicators} indicators (${d.expired} past their valid_until; ${d.skipped} of shapes not matched)`,
    ],
  ),
  "share.serve": event("Served shared indicators over TAXII", z.object({ partner: z.string(), endpoint: z.string(), objects: z.number().int(), shares: z.array(z.string()) }), (d) => [
    `To: ${show(d.partner)}`,
    `${d.objects} objects (${d.endpoint})`,
  ]),

  // `via` is absent on password sign-ins recorded before single sign-on existed.
  "auth.signIn": event("Signed in", z.object({ email: z.string(), ip: nullableString, via: z.enum(["password", "oidc"]).optional() }), (d) => [
    `Email: ${show(d.email)}`,
    ...(d.via === "oidc" ? ["Via: single sign-on"] : []),
    ...(d.ip ? [`From: ${d.ip}`] : []),
  ]),
  "auth.signInFailed": event(
    "Sign-in refused",
    z.object({
      email: z.string(),
      reason: z.enum(["unknown_user", "wrong_password", "disabled", "locked", "unverified_email"]),
      ip: nullableString,
      via: z.enum(["password", "oidc"]).optional(),
    }),
    (d) => [
      `Email: ${show(d.email)}`,
      `Why: ${{ unknown_user: "no such user", wrong_password: "wrong password", disabled: "the account is disabled", locked: "too many failed attempts (locked)", unverified_email: "the sign-on provider has not verified this email" }[d.reason]}`,
      ...(d.via === "oidc" ? ["Via: single sign-on"] : []),
      ...(d.ip ? [`From: ${d.ip}`] : []),
    ],
  ),
  "auth.lockout": event(
    "Sign-in locked after too many failures",
    z.object({ email: z.string(), kind: z.enum(["account", "ip"]), until: z.string(), ip: nullableString }),
    (d) => [d.kind === "account" ? `Account: ${show(d.email)}` : `Address: ${show(d.ip)} (last tried ${show(d.email)})`, `Locked until: ${show(d.until)}`],
  ),
  "auth.signOutEverywhere": event(
    "Signed out everywhere",
    z.object({ email: z.string(), tokensRevoked: z.number().int() }),
    (d) => [`User: ${d.email}`, `Every session ended; API tokens revoked: ${d.tokensRevoked}`],
  ),

  "capability.create": event("Added a capability to the taxonomy", z.object({ key: z.string(), name: z.string() }), (d) => [`${d.name} (${d.key})`]),
  "capability.update": event("Edited a capability", z.object({ key: z.string(), changes: ZChanges }), (d) => [`Capability: ${d.key}`, ...changeLines(d.changes, "No change.")]),
  // Written by earlier versions, whose demo seed loaded the taxonomy (a migration does now).
  "capability.seed": event("Loaded the capability taxonomy", z.object({ capabilities: z.number().int() })),
  "annotation.seed": event("Tagged samples with the capabilities they target", z.object({ annotations: z.number().int(), triaged: z.number().int().optional() })),
  // Written by earlier versions only; kept so old logs still read well.
  "seed.load": event("Loaded the demo accounts and exchanges", z.object({}).loose()),
} satisfies Record<string, TEventDef<z.ZodType>>;

export type TAuditAction = keyof typeof AUDIT_EVENTS;
export type TAuditData<A extends TAuditAction> = z.input<(typeof AUDIT_EVENTS)[A]["data"]>;

/** What an action hands to the audit log: which event, about what, with its typed data. */
export type TAuditNote = {
  [A in TAuditAction]: { action: A; entityType: string; entityId: string; data: TAuditData<A>; caseId?: string | null };
}[TAuditAction];

export function isAuditAction(action: string): action is TAuditAction {
  return Object.hasOwn(AUDIT_EVENTS, action);
}

/** Refuses data that does not have its event's shape: a writer and the list disagree (a bug). */
export function checkAuditData(action: TAuditAction, data: unknown): void {
  const r = (AUDIT_EVENTS[action].data as z.ZodType).safeParse(data);
  if (!r.success) throw new Error(`audit event ${action}: data does not match lib/audit/events.ts: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
}

/** An event as a person reads it: what happened, and its details one a line. */
/** `whole`: every value in full, as an evidence package prints it (the screen shortens long ones). */
export function describeEvent(e: { action: string; data: unknown }, names: TNames, opts: { whole?: boolean } = {}): { label: string; details: string[] } {
  limit = opts.whole ? Infinity : MAX;
  try {
    if (!isAuditAction(e.action)) return { label: e.action, details: facts(e.data) };
    const def = AUDIT_EVENTS[e.action] as TEventDef<z.ZodType>;
    const parsed = def.data.safeParse(e.data);
    // An event written before its shape changed still shows its plain facts.
    return { label: def.label, details: parsed.success ? def.describe(parsed.data, names) : facts(e.data) };
  } finally {
    limit = MAX;
  }
}
