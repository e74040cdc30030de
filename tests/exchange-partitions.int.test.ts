// The exchange table is partitioned by case (prisma/migrations/*_exchange_partitioned_by_case), and
// every link to an exchange names its case: the database itself refuses an annotation, a flag, a
// triage, a family member or a draw item of one case that points at another case's exchange.
import { describe, expect, it } from "vitest";
import { db } from "../lib/db";
import { caseWithToken, drain, upload } from "./import-client";

async function caseWithExchange(tag: string) {
  const { c, token, analyst } = await caseWithToken();
  await upload(c.id, token, "accounts", `account_id,created_at\n${tag}_a,2026-04-01T00:00:00Z\n`, "a.csv");
  await drain();
  await upload(c.id, token, "exchanges", JSON.stringify({ exchange_id: `${tag}_x`, account_id: `${tag}_a`, timestamp: "2026-04-10T00:00:00Z", model: "m", prompt: "p", response: "r" }) + "\n", "x.jsonl");
  await drain();
  const exchange = await db().exchange.findFirstOrThrow({ where: { caseId: c.id } });
  return { c, analyst, exchange };
}

describe("the exchange table, partitioned by case", () => {
  it("is a partitioned table whose rows are found by case and by id alone", async () => {
    const [t] = await db().$queryRaw<{ strategy: string; key: string }[]>`
      SELECT p.partstrat::text AS strategy, a.attname::text AS key FROM pg_partitioned_table p
        JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
       WHERE p.partrelid = 'exchange'::regclass`;
    expect(t).toEqual({ strategy: "l", key: "caseId" });
    const { c, exchange } = await caseWithExchange("p1");
    expect(await db().exchange.findFirst({ where: { id: exchange.id } })).toMatchObject({ caseId: c.id, externalId: "p1_x" });
    expect(await db().exchange.findUnique({ where: { caseId_id: { caseId: c.id, id: exchange.id } } })).toMatchObject({ externalId: "p1_x" });
  });

  it("refuses a link from one case to another case's exchange, in every table that links to exchanges", async () => {
    const a = await caseWithExchange("la");
    const b = await caseWithExchange("lb");
    const capabilityId = (await db().capability.findFirstOrThrow()).id;
    const run = await db().analysisRun.create({ data: { caseId: a.c.id, kind: "template_families", status: "succeeded", requestedById: a.analyst.id } });
    const family = await db().templateFamily.create({
      data: { caseId: a.c.id, key: "k", representativeExchangeId: a.exchange.id, contrastExchangeId: a.exchange.id, runId: run.id, samples: 1, accounts: 1, firstSeen: new Date(), lastSeen: new Date(), bandKeys: [] },
    });
    const draw = await db().sampleDraw.create({ data: { caseId: a.c.id, seed: 1, k: 1, method: "sha256-rank", frame: {}, frameSize: 1, createdById: a.analyst.id } });
    const crossCase = { caseId: a.c.id, exchangeId: b.exchange.id };
    const attempts = [
      db().annotation.create({ data: { ...crossCase, capabilityId, createdById: a.analyst.id } }),
      db().ruleFlag.create({ data: { ...crossCase, ruleId: "r", ruleVersion: 1, field: "prompt", spanStart: 0, spanEnd: 1, matched: "p" } }),
      db().sampleTriage.create({ data: { ...crossCase, triagedById: a.analyst.id } }),
      db().templateFamilyMember.create({ data: { ...crossCase, familyId: family.id } }),
      db().sampleDrawItem.create({ data: { ...crossCase, drawId: draw.id, rank: 1 } }),
    ];
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes).toHaveLength(5);
    for (const o of outcomes) {
      expect(o.status).toBe("rejected");
      expect(String((o as PromiseRejectedResult).reason)).toMatch(/Foreign key constraint violated/i);
    }
    // The same links within the case are accepted.
    await expect(db().annotation.create({ data: { caseId: a.c.id, exchangeId: a.exchange.id, capabilityId, createdById: a.analyst.id } })).resolves.toBeTruthy();
  });
});
