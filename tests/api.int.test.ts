// The public API's contract: bearer tokens, error shape, access rules, and writes through the
// same audited path as the UI.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { GET as getAudit } from "../app/api/v1/audit/verify/route";
import { GET as getOpenApi } from "../app/api/v1/openapi.json/route";
import { GET as getCase } from "../app/api/v1/cases/[caseId]/route";
import { GET as listCases, POST as createCase } from "../app/api/v1/cases/route";
import { db } from "../lib/db";
import { makeCase, makeToken, makeUser, revokeToken } from "./fixtures";

const noParams = { params: Promise.resolve({}) };
const req = (path: string, token?: string, init: RequestInit = {}) =>
  new Request(`http://localhost${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" } });

describe("API v1", () => {
  it("answers 401 without a valid token, in the contract's error shape", async () => {
    const res = await listCases(req("/api/v1/cases"), noParams);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthenticated", message: expect.any(String), details: [] } });
    expect((await listCases(req("/api/v1/cases", "cb_000000000000_" + "x".repeat(32)), noParams)).status).toBe(401);
  });

  it("creates a case with an audit event, lists it, and hides it from others", async () => {
    const analyst = await makeUser("analyst");
    const outsider = await makeUser("analyst");
    const { token } = await makeToken(analyst.email, "pipeline");
    const { token: otherToken } = await makeToken(outsider.email, "other");

    const bad = await createCase(req("/api/v1/cases", token, { method: "POST", body: JSON.stringify({ title: "x", windowStart: "yesterday" }) }), noParams);
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(["title", "windowStart"]));

    const res = await createCase(req("/api/v1/cases", token, { method: "POST", body: JSON.stringify({ title: "API-opened campaign", severity: "high", windowStart: "2026-04-22T00:00:00Z" }) }), noParams);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ ref: expect.stringMatching(/^CB-\d{4}-\d{4}$/), title: "API-opened campaign", lead: { id: analyst.id } });
    expect(await db().auditEvent.count({ where: { caseId: created.id, action: "case.create" } })).toBe(1);

    const list = await (await listCases(req("/api/v1/cases?limit=200", token), noParams)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(created.id);
    const one = await getCase(req(`/api/v1/cases/${created.id}`, token), { params: Promise.resolve({ caseId: created.id }) });
    expect(await one.json()).toMatchObject({ id: created.id, counts: { accounts: 0, exchanges: 0 } });

    const hidden = await getCase(req(`/api/v1/cases/${created.id}`, otherToken), { params: Promise.resolve({ caseId: created.id }) });
    expect(hidden.status).toBe(404);
    const otherList = await (await listCases(req("/api/v1/cases?limit=200", otherToken), noParams)).json();
    expect(otherList.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
  });

  it("pages with a cursor and stops a revoked token", async () => {
    const analyst = await makeUser("analyst");
    for (let i = 0; i < 3; i++) await makeCase(analyst);
    const { token, prefix } = await makeToken(analyst.email, "pager");
    const first = await (await listCases(req("/api/v1/cases?limit=2", token), noParams)).json();
    expect(first.items).toHaveLength(2);
    const second = await (await listCases(req(`/api/v1/cases?limit=2&cursor=${first.nextCursor}`, token), noParams)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((c: { id: string }) => c.id)).size).toBe(3);
    await revokeToken(prefix);
    expect((await listCases(req("/api/v1/cases", token), noParams)).status).toBe(401);
  });

  it("lets only admins verify the audit chain", async () => {
    const { token: analystToken } = await makeToken((await makeUser("analyst")).email, "a");
    expect((await getAudit(req("/api/v1/audit/verify", analystToken), noParams)).status).toBe(403);
    const { token } = await makeToken((await makeUser("admin")).email, "admin");
    const res = await getAudit(req("/api/v1/audit/verify", token), noParams);
    // The old fields, and the checkpoints beside them.
    expect(await res.json()).toMatchObject({ ok: true, events: expect.any(Number), head: { seq: expect.any(String) }, checkpoints: expect.any(Number), problems: [], warnings: expect.any(Array) });
  });

  it("documents every route handler on disk in openapi.json, each action's body without the ids its path gives", async () => {
    const doc = (await getOpenApi().json()) as { paths: Record<string, Record<string, { requestBody?: { content: { "application/json"?: { schema: { properties?: Record<string, unknown> } } } } }>> };
    const api = path.resolve("app/api/v1");
    const files = readdirSync(api, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name === "route.ts");
    expect(files.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const f of files) {
      const mod = (await import(path.join(f.parentPath, f.name))) as Record<string, unknown>;
      const url = "/api/v1/" + path.relative(api, f.parentPath).split(path.sep).join("/");
      // The contract names the first id {id}, the others by name.
      const documented = url.replace(/\[[^\]]+\]/, "{id}").replace(/\[([^\]]+)\]/g, "{$1}");
      for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[m] === "function" && !doc.paths[documented]?.[m.toLowerCase()]) missing.push(`${m} ${documented}`);
    }
    expect(missing).toEqual([]);
    // And in docs/API.md, the contract with its extensions, in the contract's own words.
    const contract = readFileSync(path.resolve("docs/API.md"), "utf8");
    const undocumented = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`)).filter((r) => !contract.includes(`\`${r}\``) && !contract.includes(`\`${r}?`) && !contract.includes(`\`${r} `));
    expect(undocumented).toEqual([]);
    // A cluster's split: the path names the cluster, the body the accounts and the new name.
    const split = doc.paths["/api/v1/clusters/{id}/split"].post.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(split.properties ?? {}).sort()).toEqual(["accountIds", "name"]);
  });
});
