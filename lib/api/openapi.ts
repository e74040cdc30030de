// The OpenAPI document of what /api/v1 implements, built from the same zod schemas the routes use.
import { z } from "zod";
import { ZApiCaseListQuery, ZCaseDetails } from "../cases/schema";

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
const queryParams = (s: z.ZodObject) =>
  Object.entries(schema(s).properties ?? {}).map(([name, p]) => ({ name, in: "query", required: false, schema: p }));

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Casebook API", version: "1", description: "Drive Casebook from detection pipelines and scripts. Authenticate with `Authorization: Bearer <token>`." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths: {
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
      "/api/v1/audit/verify": {
        get: { summary: "Admin: verify the audit hash chain", responses: { "200": { description: "{ok, events, head} or the first broken link" }, ...errors } },
      },
    },
  };
}
