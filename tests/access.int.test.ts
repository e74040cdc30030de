// Access rules in one place (lib/access.ts): the rule in the `where` of every read agrees with
// lib/authz.ts's canSeeCase for every kind of person, covers every model that holds case data, and
// cannot be bypassed by a write or a raw query that forgets it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CASE_SCOPED, reader, SYSTEM_EXPORT_READER } from "../lib/access";
import { canSeeCase, type TCaseRole, type TPerson } from "../lib/authz";
import { db } from "../lib/db";
import { Prisma } from "../lib/generated/prisma/client";
import { makeCase, makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

describe("access rules", () => {
  it("cover every model whose rows belong to a case", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({ name, body }));
    const caseData = models.filter((m) => m.name === "Case" || /^\s+caseId\s/m.test(m.body) || /^\s+\w+\s+(Cluster|EvidenceItem)\s+@relation/m.test(m.body));
    expect(caseData.length).toBeGreaterThan(10);
    expect(caseData.map((m) => m.name).filter((n) => !CASE_SCOPED[n])).toEqual([]);
  });

  it("agree with canSeeCase for admins, members of every role, outsiders and disabled people", async () => {
    const lead = await makeUser("analyst");
    const [reviewer, observer, outsider, admin] = [await makeUser("reviewer"), await makeUser("reviewer"), await makeUser("analyst"), await makeUser("admin")];
    const c = await makeCase(lead, { members: [{ userId: reviewer.id, role: "reviewer" }, { userId: observer.id, role: "observer" }] });
    const roleOf: Record<string, TCaseRole> = { [lead.id]: "analyst", [reviewer.id]: "reviewer", [observer.id]: "observer" };
    const people: TPerson[] = [lead, reviewer, observer, outsider, admin, { ...admin, disabled: true }, { ...lead, disabled: true }];
    for (const p of people) {
      const rule = canSeeCase(p, { membership: roleOf[p.id] ?? null });
      const read = reader(p);
      expect({ who: p.email, disabled: p.disabled, byId: Boolean(await read.case.findUnique({ where: { id: c.id } })) }).toEqual({ who: p.email, disabled: p.disabled, byId: rule });
      expect(await read.$seesCase(c.id)).toBe(rule);
      expect((await read.case.findMany({ where: { id: c.id } })).length).toBe(rule ? 1 : 0);
      expect(await read.auditEvent.count({ where: { caseId: c.id } })).toBe(rule ? 1 : 0);
    }
  });

  it("hide every kind of case data from an outsider, by id and by list", async () => {
    const { c, token, analyst } = await caseWithToken();
    await upload(c.id, token, "accounts", "account_id,created_at,cluster\na_1,2026-04-01T00:00:00Z,k\n", "a.csv");
    await drain();
    await upload(c.id, token, "exchanges", `{"exchange_id":"e1","account_id":"a_1","timestamp":"2026-04-02T00:00:00Z","model":"m","prompt":"p","response":"r"}\n`, "e.jsonl");
    await drain();
    const outsider = reader(await makeUser("analyst"));
    const member = reader(analyst);
    const exchange = await db().exchange.findFirstOrThrow({ where: { caseId: c.id } });
    const evidence = await db().evidenceItem.findFirstOrThrow({ where: { caseId: c.id } });
    const imp = await db().importJob.findFirstOrThrow({ where: { caseId: c.id } });
    expect(await member.exchange.findUnique({ where: { caseId_id: { caseId: c.id, id: exchange.id } } })).not.toBeNull();
    expect(await outsider.exchange.findUnique({ where: { caseId_id: { caseId: c.id, id: exchange.id } } })).toBeNull();
    expect(await outsider.evidenceItem.findUnique({ where: { id: evidence.id } })).toBeNull();
    expect(await outsider.importJob.findUnique({ where: { id: imp.id } })).toBeNull();
    expect(await outsider.custodyEvent.count({ where: { evidenceItemId: evidence.id } })).toBe(0);
    expect(await member.custodyEvent.count({ where: { evidenceItemId: evidence.id } })).toBe(2);
    expect(await outsider.clusterMember.count({ where: { cluster: { caseId: c.id } } })).toBe(0);
    expect(await outsider.account.findMany({ where: { caseId: c.id } })).toEqual([]);
    expect(await outsider.caseRollup.findUnique({ where: { caseId: c.id } })).toBeNull();
    expect(await member.caseRollup.findUnique({ where: { caseId: c.id } })).toMatchObject({ accounts: 1, exchanges: 1n, samples: 1 });
    const count = (read: typeof member) => read.$inCase<{ n: number }>(c.id, (inCase) => Prisma.sql`SELECT count(*)::int AS n FROM account a WHERE ${inCase(Prisma.sql`a."caseId"`)}`);
    expect(await count(member)).toEqual([{ n: 1 }]);
    expect(await count(outsider)).toEqual([{ n: 0 }]);
  });

  it("let the export worker's system scope read every case, a case nobody added it to included, and name no user", async () => {
    const c = await makeCase(await makeUser("analyst"));
    const read = reader(SYSTEM_EXPORT_READER);
    expect(await read.case.findUnique({ where: { id: c.id } })).not.toBeNull();
    expect(await read.$seesCase(c.id)).toBe(true);
    expect(await read.auditEvent.count({ where: { caseId: c.id } })).toBe(1);
    expect(await read.$inCase<{ n: number }>(c.id, (inCase) => Prisma.sql`SELECT count(*)::int AS n FROM "case" k WHERE ${inCase(Prisma.sql`k.id`)}`)).toEqual([{ n: 1 }]);
    expect(await db().user.findUnique({ where: { id: SYSTEM_EXPORT_READER.id } })).toBeNull();
  });

  it("refuse writes through the reader, and a raw read that leaves the rule out", async () => {
    const read = reader(await makeUser("admin"));
    await expect(read.case.updateMany({ data: { title: "x" } })).rejects.toThrow(/Case\.updateMany through reader\(\): reads only/);
    await expect(read.$inCase("any", () => Prisma.sql`SELECT 1`)).rejects.toThrow(/must filter on inCase/);
  });
});
