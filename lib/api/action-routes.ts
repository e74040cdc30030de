// Every action a person can take in the browser, as an /api/v1 route: one table, read by the route
// files (each a one-liner: `export const POST = actionRoute("POST /api/v1/clusters/[clusterId]/split")`),
// by the OpenAPI document, and by the authorization matrix, which derives each route's row from the
// server action running the same action. A route runs the action through runAction, so it has the
// page's permission check, audit event, optimistic concurrency (a case's and a finding's `version`,
// the `seen` of a record edited in place: 409 naming who changed it and when) and error words.
//
// The action's input is the JSON body with the path's ids laid over it (a body cannot name another
// record than the path does), plus the route's fixed fields.
import type { z } from "zod";
import type { TActionContext, TActionSpec } from "../action";
import * as capabilities from "../capabilities/mutations";
import * as cases from "../cases/mutations";
import * as clusters from "../clusters/mutations";
import { exportJson } from "../exports/queries";
import * as exportsM from "../exports/mutations";
import { ZAddRedaction } from "../findings/schema";
import * as findings from "../findings/mutations";
import * as samples from "../samples/mutations";
import * as sharing from "../sharing/mutations";
import * as tokens from "../tokens/mutations";
import * as users from "../users/mutations";

export type TActionRoute = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of actions of every input and result type
  action: TActionSpec<any, any, any>;
  summary: string;
  /** The success status: 200 unless the route creates a record (201). */
  status?: 200 | 201;
  /** Path parameter → the action's input field it fills, where the names differ. */
  rename?: Record<string, string>;
  /** Input fields the route fixes (a redaction's kind): not in the body. */
  fixed?: Record<string, unknown>;
  /** The body's schema as documented, where the action's own input is not it (one branch of a union). */
  body?: z.ZodType;
  /** What goes back: the action's result, or the part of it a caller needs. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see action
  reply?: (data: any) => unknown;
};

function route<S extends z.ZodType, C extends TActionContext, R>(action: TActionSpec<S, C, R>, o: Omit<TActionRoute, "action" | "reply"> & { reply?: (data: R) => unknown }): TActionRoute {
  return { action, ...o } as unknown as TActionRoute;
}

const asExport = (x: Parameters<typeof exportJson>[0]) => exportJson(x);

export const ACTION_ROUTES = {
  // ---- cases ----
  "PATCH /api/v1/cases/[caseId]": route(cases.updateCaseAction, {
    summary: "Edit the case's details. Send the `version` you read (GET the case): a stale one is refused with 409, naming who changed the case and when",
  }),
  "PUT /api/v1/cases/[caseId]/team": route(cases.setCaseTeamAction, {
    summary: "Set the team: the lead and every other member with their case role (analyst, reviewer, observer). Members not listed leave the case",
  }),
  "POST /api/v1/cases/[caseId]/transitions": route(cases.transitionCaseAction, {
    summary: "Move the case through its workflow: submit, approve, request_changes (with a comment), refer, close, reopen",
  }),
  "POST /api/v1/cases/[caseId]/comments": route(cases.addCommentAction, { summary: "Comment on the case", status: 201 }),

  // ---- clusters ----
  "PATCH /api/v1/clusters/[clusterId]": route(clusters.renameClusterAction, {
    summary: "Rename a cluster. `seen`: the cluster's updatedAt as you read it; a rename made since is refused with 409",
  }),
  "POST /api/v1/clusters/[clusterId]/decision": route(clusters.decideClusterAction, { summary: "Accept or reject a suggested cluster" }),
  "POST /api/v1/clusters/[clusterId]/merge": route(clusters.mergeClustersAction, {
    summary: "Merge another cluster of the case (`sourceId`) into this one; the source is removed",
    rename: { clusterId: "targetId" },
  }),
  "POST /api/v1/clusters/[clusterId]/split": route(clusters.splitClusterAction, { summary: "Move some of the cluster's accounts (by account id) into a new cluster", status: 201 }),
  "POST /api/v1/clusters/[clusterId]/accounts": route(clusters.addAccountsAction, { summary: "Add accounts of the case to the cluster, by their external account ids" }),
  "POST /api/v1/clusters/[clusterId]/accounts/remove": route(clusters.removeAccountsAction, { summary: "Remove accounts (by account id) from the cluster" }),

  // ---- samples ----
  "POST /api/v1/exchanges/[exchangeId]/tags": route(samples.tagSampleAction, {
    summary: "Tag a sample with a capability, optionally with a span of its prompt or response and a note; tagging again updates the span and note",
    reply: (a) => ({ id: a.id, exchangeId: a.exchangeId, capabilityId: a.capabilityId, field: a.field, spanStart: a.spanStart, spanEnd: a.spanEnd, note: a.note, updatedAt: a.updatedAt }),
  }),
  "DELETE /api/v1/exchanges/[exchangeId]/tags/[capabilityId]": route(samples.untagSampleAction, { summary: "Remove a capability tag from a sample" }),
  "POST /api/v1/exchanges/[exchangeId]/flags/decision": route(samples.decideFlagsAction, {
    summary: "Confirm or reject the sample's rule flags (all its pending ones, or those in `flagIds`)",
  }),
  "PUT /api/v1/exchanges/[exchangeId]/triaged": route(samples.setTriagedAction, { summary: "Mark the sample triaged, or not" }),
  "POST /api/v1/exchanges/[exchangeId]/redactions": route(findings.addRedactionAction, {
    summary: "Withhold a span of the sample's prompt or response from every package, with the reason",
    fixed: { kind: "manual" },
    body: ZAddRedaction.options[1].omit({ kind: true, exchangeId: true }),
    status: 201,
  }),

  // ---- findings, exhibits, redaction rules ----
  "PUT /api/v1/cases/[caseId]/findings/[section]": route(findings.saveFindingAction, {
    summary: "Write a findings section (Markdown; cite an exhibit as `[](exhibit:EXHIBIT_ID)`, drawn as “Exhibit N”). Send the `version` you read (0 for a section never saved): a stale one is refused with 409, naming who saved it and when",
    reply: (f) => ({ id: f.id, section: f.section, version: f.version, updatedAt: f.updatedAt }),
  }),
  "POST /api/v1/cases/[caseId]/exhibits": route(findings.addExhibitAction, {
    summary: "Add an exhibit: a sample (exchange id), a cluster, a figure (its key), an evidence item or an estimate (a capability id), with a caption",
    status: 201,
  }),
  "PUT /api/v1/cases/[caseId]/exhibits/order": route(findings.reorderExhibitsAction, { summary: "Reorder the exhibits: every exhibit id of the case, in the new order" }),
  "PATCH /api/v1/exhibits/[exhibitId]": route(findings.captionExhibitAction, { summary: "Change an exhibit's caption" }),
  "DELETE /api/v1/exhibits/[exhibitId]": route(findings.removeExhibitAction, { summary: "Remove an exhibit" }),
  "POST /api/v1/cases/[caseId]/redactions": route(findings.addRedactionAction, {
    summary: "Turn a redaction rule on for the case's packages (emails, names, ip_addresses, payment_fingerprints, org_ids, phone_numbers, detection_rules), with the reason",
    fixed: { kind: "rule" },
    body: ZAddRedaction.options[0].omit({ kind: true, caseId: true }),
    status: 201,
  }),
  "DELETE /api/v1/redactions/[redactionId]": route(findings.removeRedactionAction, { summary: "Remove a redaction (a rule, or a withheld span)" }),

  // ---- exports ----
  "POST /api/v1/exports/[exportId]/comments": route(exportsM.commentExportAction, {
    summary: "Comment on an export under review, on the whole or on a `target` (a findings section or an exhibit)",
    status: 201,
    reply: (r) => ({ id: r.id, verdict: r.verdict, target: r.target, body: r.body, createdAt: r.createdAt }),
  }),
  "POST /api/v1/exports/[exportId]/resubmit": route(exportsM.resubmitExportAction, { summary: "Send an export back for review after changes were requested (or a build was blocked)", reply: asExport }),
  "POST /api/v1/exports/[exportId]/retry": route(exportsM.retryExportAction, { summary: "A reviewer retries the build of an approved export that failed", reply: asExport }),

  // ---- sharing indicators with partner labs ----
  "POST /api/v1/cases/[caseId]/shares": route(sharing.prepareShareAction, {
    summary:
      "Prepare a share of the case's indicators for a partner: `{partnerId, tlp, include[], validDays?}`. The STIX 2.1 bundle is built (identifiers keyed under the partner's key), validated and stored; a reviewer of the case other than you approves it",
    status: 201,
  }),
  "POST /api/v1/shares/[shareId]/approve": route(sharing.approveShareAction, { summary: "A reviewer of the case, not the preparer, approves a share: it enters the partner's TAXII collection; the approval records the audit head it covers" }),
  "POST /api/v1/shares/[shareId]/reject": route(sharing.rejectShareAction, { summary: "A reviewer sends a share back with what needs to change" }),
  "POST /api/v1/shares/[shareId]/void": route(sharing.voidShareAction, { summary: "A reviewer withdraws an approved share from the partner's collection (what was read stays read)" }),
  "POST /api/v1/partners": route(sharing.createPartnerAction, {
    summary: "Admin: add a partner lab with the key agreed with it (64 hex characters or base64 of 32 bytes), or none: a key is made and returned once (`generatedKey`)",
    status: 201,
  }),
  "POST /api/v1/partners/[partnerId]/taxii-tokens": route(sharing.createTaxiiTokenAction, { summary: "Admin: a TAXII token for the partner (returned once; only its hash is stored)", status: 201 }),
  "DELETE /api/v1/taxii-tokens/[tokenId]": route(sharing.revokeTaxiiTokenAction, { summary: "Admin: revoke a partner's TAXII token" }),

  // ---- the taxonomy (admins) ----
  "POST /api/v1/capabilities": route(capabilities.createCapabilityAction, { summary: "Admin: add a capability to the taxonomy", status: 201 }),
  "PATCH /api/v1/capabilities/[capabilityId]": route(capabilities.updateCapabilityAction, { summary: "Admin: rename or describe a capability" }),

  // ---- people (admins) ----
  "POST /api/v1/users": route(users.createUserAction, {
    summary: "Admin: add a person; without a password, one is generated and returned once (`generatedPassword`)",
    status: 201,
  }),
  "PATCH /api/v1/users/[userId]": route(users.updateUserAction, { summary: "Admin: change a person's name or role (`seen`: their updatedAt as read, optional)" }),
  "PUT /api/v1/users/[userId]/disabled": route(users.setUserDisabledAction, { summary: "Admin: disable a person (their sessions end, their tokens stop working) or enable them" }),
  "POST /api/v1/users/[userId]/password": route(users.resetPasswordAction, {
    summary: "Admin: set a person's password, or generate one (returned once); their sessions end and their API tokens are revoked",
  }),
  "POST /api/v1/users/[userId]/sign-out-everywhere": route(users.signOutEverywhereAction, { summary: "Admin: end every session of a person and revoke their API tokens" }),

  // ---- one's own credentials ----
  "POST /api/v1/tokens": route(tokens.createTokenAction, {
    summary: "Create an API token for yourself (an admin may name another owner); the token is returned once, only its hash is stored",
    status: 201,
  }),
  "DELETE /api/v1/tokens/[tokenId]": route(tokens.revokeTokenAction, { summary: "Revoke one of your tokens (an admin: anyone's)" }),
  "POST /api/v1/me/sign-out-everywhere": route(users.signOutEverywhereAction, {
    summary: "End every session of yours and revoke every API token of yours, this one included",
    fixed: { userId: undefined },
  }),
} satisfies Record<string, TActionRoute>;

export type TActionRouteKey = keyof typeof ACTION_ROUTES;

/** The path parameters of a route key, in order: "POST /api/v1/clusters/[clusterId]/split" → ["clusterId"]. */
export function pathParams(key: string): string[] {
  return [...key.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
}

/** The action's input from a route's body and path (the path's ids win over the body's). */
export function actionInput(key: TActionRouteKey, body: Record<string, unknown>, params: Record<string, string>): Record<string, unknown> {
  const r: TActionRoute = ACTION_ROUTES[key];
  const fromPath = Object.fromEntries(pathParams(key).map((p) => [r.rename?.[p] ?? p, params[p]]));
  return { ...body, ...r.fixed, ...fromPath };
}

/** The inverse, for callers holding an action's input (the authorization matrix): what goes in the path, what in the body. */
export function splitInput(key: TActionRouteKey, input: Record<string, unknown>): { params: Record<string, string>; body: Record<string, unknown> } {
  const r: TActionRoute = ACTION_ROUTES[key];
  const params: Record<string, string> = {};
  const body = { ...input };
  for (const p of pathParams(key)) {
    const field = r.rename?.[p] ?? p;
    params[p] = String(input[field]);
    delete body[field];
  }
  for (const f of Object.keys(r.fixed ?? {})) delete body[f];
  return { params, body };
}
