// Mass assignment, for every action at once: each action's input schema (lib/**: defineAction,
// defineSystemAction, defineBulkAction), found by importing every module that defines one, must
// (1) drop keys it does not name (a zod object without .passthrough()/.loose()/.catchall()), so a
// body's extra `role`, `status` or `approvedById` never reaches run(); and (2) name a field that
// decides who or what (role, caseId, status, approvedBy, createdBy, id, …) only where the table
// below says why. tests/mass-assignment.int.test.ts checks the stored rows for the API writes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const SENSITIVE = ["role", "caseId", "approvedBy", "approvedById", "status", "createdBy", "createdById", "requestedById", "submittedById", "id", "userId", "actorId"];

/** Where an action takes one of them, and why it belongs there. */
const TAKES: Record<string, Record<string, string>> = {
  "analysis.request": { caseId: "the case analysed; reading and writing it is checked (matrix IDOR rows)" },
  "annotation.seed": { caseId: "the demo seed's case (system actor)" },
  "auth.signIn": { userId: "sign-in's own system action: the account that signed in" },
  "auth.signInFailed": { userId: "sign-in's own system action: the account tried, when it exists" },
  "auth.lockout": { userId: "sign-in's own system action: the account locked" },
  "case.transition": { caseId: "the case moved; the transition, not a status, is the input" },
  "case.update": { caseId: "the case edited" },
  "case.team": { caseId: "the case whose team is set (case.manageMembers)" },
  "comment.create": { caseId: "the case commented on" },
  "exhibit.add": { caseId: "the case whose findings get the exhibit" },
  "exhibit.reorder": { caseId: "the case whose exhibits are reordered" },
  "export.request": { caseId: "the case exported" },
  "finding.save": { caseId: "the case whose findings are saved" },
  "import.complete": { caseId: "the worker's own system action: the import's case, from the job", createdById: "the worker's own system action: who uploaded, from the import row" },
  "import.reject": { caseId: "the worker's own system action: the import's case, from the job" },
  "import.submit": { caseId: "the case imported into (import permission checked on it)" },
  "redaction.add": { caseId: "the case redacted" },
  "sample.draw": { caseId: "the case drawn from" },
  "share.prepare": { caseId: "the case whose indicators are shared (share.prepare checked on it)" },
  "peer.import": { caseId: "the case the partner bundle becomes evidence of (peer.import checked on it)" },
  "user.create": { role: "an admin (user.manage) gives the new account its role" },
  "user.update": { role: "an admin (user.manage) changes a role; the session version goes up", userId: "the account edited (user.manage)" },
  "user.setDisabled": { userId: "the account disabled or enabled (user.manage)" },
  "user.resetPassword": { userId: "the account whose password is reset (user.manage)" },
  "auth.signOutEverywhere": { userId: "the account signed out: yourself, or anyone for an admin (checked in the action)" },
};

type TSchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

/** The object schemas an input is made of (through pipes, unions and intersections). */
function objectsOf(s: TSchema): TSchema[] {
  const d = s._zod.def;
  if (d.type === "object") return [s];
  if (d.type === "pipe") return objectsOf(d.in as TSchema);
  if (d.type === "union") return (d.options as TSchema[]).flatMap(objectsOf);
  if (d.type === "intersection") return [...objectsOf(d.left as TSchema), ...objectsOf(d.right as TSchema)];
  throw new Error(`an input schema of type ${d.type}: teach objectsOf() about it`);
}

async function actionSpecs() {
  const files = readdirSync("lib", { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith(".ts") && !f.name.includes(".test.") && /define(System|Bulk)?Action\(/.test(readFileSync(path.join(f.parentPath, f.name), "utf8")))
    .map((f) => path.resolve(f.parentPath, f.name));
  const specs = new Map<string, TSchema>();
  for (const file of files) {
    for (const value of Object.values(await import(file))) {
      const spec = value as { name?: unknown; input?: { _zod?: unknown } } | null;
      if (spec && typeof spec === "object" && typeof spec.name === "string" && spec.input?._zod) specs.set(spec.name, spec.input as TSchema);
    }
  }
  return specs;
}

describe("every action's input", () => {
  it("drops keys it does not name, and names a deciding field only where it belongs", async () => {
    const specs = await actionSpecs();
    expect(specs.size).toBeGreaterThanOrEqual(55);
    const problems: string[] = [];
    for (const [name, schema] of specs) {
      for (const o of objectsOf(schema)) {
        if (o._zod.def.catchall !== undefined) problems.push(`${name}: keeps keys it does not name (passthrough/loose/catchall)`);
        const shape = (o as unknown as z.ZodObject).shape;
        for (const key of Object.keys(shape).filter((k) => SENSITIVE.includes(k))) {
          if (!TAKES[name]?.[key]) problems.push(`${name}: takes \`${key}\` without a reason in TAKES`);
        }
      }
    }
    for (const [name, keys] of Object.entries(TAKES)) {
      const schema = specs.get(name);
      if (!schema) problems.push(`TAKES names ${name} (${Object.keys(keys).join(", ")}), which is no action`);
      else for (const key of Object.keys(keys)) if (!objectsOf(schema).some((o) => key in (o as unknown as z.ZodObject).shape)) problems.push(`TAKES gives ${name} \`${key}\`, which its input does not take`);
    }
    expect(problems).toEqual([]);
  });

  it("really does drop them: an extra role, status or approvedById is not in what run() gets", () => {
    const s = z.object({ title: z.string() });
    expect(s.parse({ title: "x", role: "admin", status: "approved", approvedById: "u1" })).toEqual({ title: "x" });
    expect(objectsOf(z.object({ a: z.string() }).loose() as unknown as TSchema)[0]._zod.def.catchall).toBeDefined();
  });
});
