// The OpenAPI document of what /api/v1 implements, built from the same zod schemas the routes use.
import { z } from "zod";
import { ZAccountListParams } from "../accounts/schema";
import { ZApiCaseListQuery, ZCaseDetails } from "../cases/schema";
import { ZDrawInput } from "../analysis/sampling";
import { ZAnalysisKind } from "../analysis/schema";
import { ZExchangeListParams } from "../exchanges/schema";
import { ZApproveExport, ZRejectExport, ZRequestExport } from "../exports/schema";
import { ACTION_ROUTES, pathParams, type TActionRoute } from "./action-routes";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const error = {
  description: "Error",
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          error: {
            type: "object",
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              details: { type: "array", items: { type: "object", properties: { field: { type: "string" }, line: { type: "integer" }, message: { type: "string" } } } },
            },
          },
        },
      },
    },
  },
};
const errors = { "400": error, "401": error, "403": error, "404": error };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const queryParams = (s: z.ZodObject) =>
  Object.entries(schema(s).properties ?? {}).map(([name, p]) => ({ name, in: "query", required: false, schema: p }));

/** Cases, and the imports that fill them. */
function casePaths() {
  return {
    "/api/v1/cases": {
      get: { summary: "Cases the caller may see, newest activity first", parameters: queryParams(ZApiCaseListQuery), responses: { "200": { description: "{items, nextCursor}" }, ...errors } },
      post: {
        summary: "Open a case (the caller leads it unless leadId is given)",
        requestBody: { required: true, content: { "application/json": { schema: schema(ZCaseDetails) } } },
        responses: { "201": { description: "The case" }, ...errors },
      },
    },
    "/api/v1/cases/{id}": {
      get: { summary: "One case with counts", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "The case" }, ...errors } },
    },
    "/api/v1/cases/{id}/imports": {
      post: {
        summary: "Import a file (the raw body: CSV or JSONL, optionally gzip) → 202 queued, or 200 with the earlier import of the same bytes",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "kind", in: "query", required: true, schema: { type: "string", enum: ["accounts", "exchanges"] } },
          { name: "filename", in: "query", required: false, schema: { type: "string" } },
        ],
        requestBody: { required: true, content: { "text/csv": {}, "application/x-ndjson": {}, "application/gzip": {}, "application/octet-stream": {} } },
        responses: { "200": { description: "Already imported: the earlier import" }, "202": { description: "Queued import" }, "413": error, ...errors },
      },
      get: { summary: "Recent imports of the case", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "{items}" }, ...errors } },
    },
    "/api/v1/imports/{id}": {
      get: { summary: "Import status: queued|running|succeeded|failed, rowsTotal, rowsDone, errors[], sha256", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "The import" }, ...errors } },
    },
    "/api/v1/imports/{id}/errors": {
      get: { summary: "All recorded row errors as CSV (line, field, message)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "text/csv" }, ...errors } },
    },
  };
}

/** What the imports put in a case, and the analyses over it. */
function caseDataPaths() {
  return {
    "/api/v1/cases/{id}/accounts": {
      get: { summary: "Keyset-paged accounts", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, ...queryParams(ZAccountListParams)], responses: { "200": { description: "{items, total, nextCursor}" }, ...errors } },
    },
    "/api/v1/cases/{id}/exchanges": {
      get: { summary: "Keyset-paged exchanges, newest first", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, ...queryParams(ZExchangeListParams)], responses: { "200": { description: "{items, nextCursor}" }, ...errors } },
    },
    "/api/v1/exchanges/{id}": {
      get: { summary: "One exchange with its prompt and response text", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "The exchange" }, ...errors } },
    },
    "/api/v1/cases/{id}/clusters": {
      get: { summary: "Clusters with size and linking signals; ?accounts=1 adds account ids", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "{items}" }, ...errors } },
    },
    "/api/v1/cases/{id}/clusters/suggest": {
      post: { summary: "Recompute suggested clusters from linking signals → 202 with the queued analysis (poll /api/v1/analyses/{id})", parameters: [idParam], responses: { "202": { description: "The analysis run" }, ...errors } },
    },
    "/api/v1/cases/{id}/analyses": {
      post: {
        summary: "Start an analysis of the case (cluster suggestion, rule flags, template families) → 202; one of that kind already under way is joined",
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(z.object({ kind: ZAnalysisKind })) } } },
        responses: { "202": { description: "The analysis run" }, ...errors },
      },
    },
    "/api/v1/analyses/{id}": {
      get: { summary: "An analysis run: status, progress, result, error", parameters: [idParam], responses: { "200": { description: "The analysis run" }, ...errors } },
    },
  };
}

/** Capability estimates, the random draws behind them, and evidence files. */
function samplingPaths() {
  return {
    "/api/v1/cases/{id}/capabilities": {
      get: {
        summary: "Capability profile: per capability, tagged samples and, from a random draw (newest, or ?draw=ID), the estimated exchanges with a 95% interval and the sampling statement",
        parameters: [idParam, { name: "draw", in: "query", required: false, schema: { type: "string" } }],
        responses: { "200": { description: "{annotatedSamples, draw, items: [{key, name, annotatedSamples, estimate, statement}]}" }, ...errors },
      },
    },
    "/api/v1/cases/{id}/draws": {
      get: { summary: "The case's random draws with seed, method, frame and progress", parameters: [idParam], responses: { "200": { description: "{items}" }, ...errors } },
      post: {
        summary: "Draw K exchanges at random (sha256-cycle; seed, method and frame recorded) → 201 with the exchange ids in rank order",
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(ZDrawInput) } } },
        responses: { "201": { description: "The draw" }, ...errors },
      },
    },
    "/api/v1/evidence/{id}/download": {
      get: { summary: "The evidence file's original bytes (recorded in its chain of custody)", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "The file" }, ...errors } },
    },
  };
}

/** Evidence packages: request, review, download. */
function exportPaths() {
  return {
    "/api/v1/cases/{id}/exports": {
      get: { summary: "The case's exports, newest first, with their reviews, and its production log (Bates ranges)", parameters: [idParam], responses: { "200": { description: "{items, productions}" }, ...errors } },
      post: {
        summary: "Request an evidence package for a profile → 202 {id, status}; a reviewer of the case other than the requester approves it",
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(ZRequestExport.omit({ caseId: true })) } } },
        responses: { "202": { description: "The export, status requested" }, "409": error, ...errors },
      },
    },
    "/api/v1/exports/{id}": {
      get: {
        summary:
          "Status (requested, changes_requested, approved, building, built, failed, voided, or blocked: the congressional guard stopped the build), approval state (who, when, the audit head it covered), progress, Bates range and the package's SHA-256 once built. A blocked export carries `blockers`: each personal value found, as {kind, rule, masked, where[]} (PDF page and section, native file and line, the finding that quotes it); resubmit it once the content has changed",
        parameters: [idParam],
        responses: { "200": { description: "The export" }, ...errors },
      },
    },
    "/api/v1/exports/{id}/approve": {
      post: {
        summary: "A reviewer of the case, not the requester, approves; the build is queued",
        parameters: [idParam],
        requestBody: { required: false, content: { "application/json": { schema: schema(ZApproveExport.omit({ exportId: true })) } } },
        responses: { "200": { description: "The export, status approved" }, "409": error, ...errors },
      },
    },
    "/api/v1/exports/{id}/reject": {
      post: {
        summary: "A reviewer of the case requests changes",
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: schema(ZRejectExport.omit({ exportId: true })) } } },
        responses: { "200": { description: "The export, status changes_requested" }, "409": error, ...errors },
      },
    },
    "/api/v1/exports/{id}/download": {
      get: {
        summary: "The signed BagIt ZIP once built (audited); verify it with `npm run casebook -- verify`, bagit.py or the /verify page",
        parameters: [idParam],
        responses: { "200": { description: "application/zip", content: { "application/zip": { schema: { type: "string", format: "binary" } } } }, "409": error, ...errors },
      },
    },
  };
}

/** What lets anyone check Casebook's work: the signing key and the audit chain. */
function trustPaths() {
  return {
    "/api/v1/signing-key": {
      get: {
        summary: "The export signing public key (Ed25519, SPKI PEM) and its fingerprint, the SHA-256 of its DER encoding. Public: no token needed",
        security: [],
        responses: {
          "200": {
            description: "{publicKeyPem, fingerprint, algorithm}",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { publicKeyPem: { type: "string" }, fingerprint: { type: "string", pattern: "^[0-9a-f]{64}$" }, algorithm: { type: "string", enum: ["Ed25519"] } },
                  required: ["publicKeyPem", "fingerprint", "algorithm"],
                },
              },
            },
          },
        },
      },
    },
    "/api/v1/openapi.json": { get: { summary: "This document. Public: no token needed", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
    "/api/v1/audit/verify": {
      get: { summary: "Admin: verify the audit hash chain", responses: { "200": { description: "{ok, events, head} or the first broken link" }, ...errors } },
    },
  };
}

type TJsonSchema = { properties?: Record<string, unknown>; required?: string[]; allOf?: TJsonSchema[]; anyOf?: TJsonSchema[]; oneOf?: TJsonSchema[]; [k: string]: unknown };

/** The schema without the fields the path and the route fill in (at every level of an intersection or union). */
function withoutFields(s: TJsonSchema, fields: string[]): TJsonSchema {
  const out: TJsonSchema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).filter(([k]) => !fields.includes(k)));
  if (s.required) out.required = s.required.filter((k) => !fields.includes(k));
  for (const k of ["allOf", "anyOf", "oneOf"] as const) if (s[k]) out[k] = s[k]!.map((x) => withoutFields(x, fields));
  return out;
}

const hasFields = (s: TJsonSchema): boolean => Object.keys(s.properties ?? {}).length > 0 || (["allOf", "anyOf", "oneOf"] as const).some((k) => s[k]?.some(hasFields));

/** "/api/v1/clusters/[clusterId]/accounts" → "/api/v1/clusters/{id}/accounts": the first id is `{id}`, as in the contract. */
const docPath = (url: string) => url.replace(/\[([^\]]+)\]/, "{id}").replace(/\[([^\]]+)\]/g, "{$1}");

/** Every action a person can take, from lib/api/action-routes.ts. */
function actionPaths() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, r] of Object.entries(ACTION_ROUTES) as [string, TActionRoute][]) {
    const [method, url] = key.split(" ");
    const params = pathParams(key);
    const filled = [...params.map((p) => r.rename?.[p] ?? p), ...Object.keys(r.fixed ?? {})];
    const body = withoutFields(schema(r.body ?? r.action.input) as TJsonSchema, filled);
    const status = String(r.status ?? 200);
    (paths[docPath(url)] ??= {})[method.toLowerCase()] = {
      summary: r.summary,
      description: `Runs the action \`${r.action.name}\`: the same permission check, audit event and errors as in the browser.`,
      parameters: params.map((p, i) => ({ name: i === 0 ? "id" : p, in: "path", required: true, schema: { type: "string" } })),
      ...(hasFields(body) ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
      responses: { [status]: { description: status === "201" ? "Created" : "Done" }, "409": error, ...errors },
    };
  }
  return paths;
}

/** Reads that the actions above need: the ids and versions they take. */
function referencePaths() {
  const list = (summary: string, params = false) => ({ get: { summary, ...(params ? { parameters: [idParam] } : {}), responses: { "200": { description: "{items}" }, ...errors } } });
  return {
    "/api/v1/me": { get: { summary: "Who the token acts as: {id, email, name, role}", responses: { "200": { description: "The caller" }, ...errors } } },
    "/api/v1/users": list("People: for an admin everyone, with their state; for others, the people who can be put on a case (id, name, email, role)"),
    "/api/v1/capabilities": list("The capability taxonomy (the ids a tag names), with annotation counts in the cases the caller sees"),
    "/api/v1/tokens": list("The caller's own API tokens (name, prefix, dates; never the token)"),
    "/api/v1/cases/{id}/comments": list("The case's comments, newest first", true),
    "/api/v1/partners": list("Partner labs (name, contact, key fingerprint); an admin also sees their TAXII tokens, never the token"),
    "/api/v1/cases/{id}/shares": list("The case's shares of indicators, newest first: status, counts, bundle SHA-256, approval with the audit head, TAXII reads", true),
    "/api/v1/shares/{id}/bundle": {
      get: {
        summary: "The share's STIX 2.1 bundle as stored: byte for byte what the reviewer approved and the partner reads",
        parameters: [idParam],
        responses: { "200": { description: "application/stix+json;version=2.1", content: { "application/stix+json;version=2.1": { schema: { type: "object" } } } }, ...errors },
      },
    },
    "/api/v1/cases/{id}/peer-bundles": {
      get: { summary: "The partner bundles imported into the case, newest first", parameters: [idParam], responses: { "200": { description: "{items}" }, ...errors } },
      post: {
        summary: "Import a partner's STIX 2.1 bundle (the raw body, at most 64 MiB) → 201 {id}, or 200 with the earlier import of the same bytes; it becomes evidence of the case, and its indicators are matched",
        parameters: [idParam, { name: "partnerId", in: "query", required: true, schema: { type: "string", format: "uuid" } }, { name: "filename", in: "query", required: false, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": {}, "application/stix+json": {} } },
        responses: { "200": { description: "Already imported" }, "201": { description: "Imported" }, "413": error, ...errors },
      },
    },
    "/api/v1/cases/{id}/peer-bundles/taxii": {
      post: {
        summary: "Read a partner's TAXII 2.1 collection (every page) with the token it gave us, and import it as one bundle",
        parameters: [idParam],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { partnerId: { type: "string" }, url: { type: "string" }, token: { type: "string" } }, required: ["partnerId", "url", "token"] } } } },
        responses: { "200": { description: "Already imported" }, "201": { description: "Imported" }, ...errors },
      },
    },
    "/api/v1/peer-bundles/{id}/matches": {
      get: { summary: "What of a partner bundle matches our accounts, clusters, template families and cases (those the caller may see), by kind; keyed values shown by the end of their MAC", parameters: [idParam], responses: { "200": { description: "{bundle, byKind, cases, matches}" }, ...errors } },
    },
    "/api/v1/cases/{id}/findings": {
      get: { summary: "Every findings section with its version, the exhibits in order (numbered as cited), and the redactions", parameters: [idParam], responses: { "200": { description: "{findings, exhibits, redactions}" }, ...errors } },
    },
  };
}

/** Path objects of several groups, merged by path (one path may have methods from two groups). */
function mergePaths(...groups: Record<string, Record<string, unknown>>[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const g of groups) for (const [p, methods] of Object.entries(g)) out[p] = { ...out[p], ...methods };
  return out;
}

// The paths are grouped by what they serve; their order in the document is the order listed here.
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Casebook API", version: "1", description: "Drive Casebook from detection pipelines and scripts. Authenticate with `Authorization: Bearer <token>`." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: mergePaths(casePaths(), caseDataPaths(), samplingPaths(), exportPaths(), trustPaths(), referencePaths(), actionPaths()),
  };
}
