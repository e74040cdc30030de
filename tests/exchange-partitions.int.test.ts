// The exchange table is partitioned by case (prisma/migrations/*_exchange_partitioned_by_case), and
// every link to an exchange names its case: the database itself refuses an annotation, a flag, a
// triage, a family member or a draw item of one case that points at another case's exchange.
import { describe, expect, it } from "vitest";
import { crossCaseIndicators } from "../lib/clusters/queries";
import { db } from "../lib/db";
import { onPrisma } from "../lib/db/sql";
import { loadTableName, partitionName } from "../lib/ingest/partition";
import { rebuildCaseRollups, ROLLUP_TABLES } from "../lib/ingest/rollups";
import { caseWithToken, drain, importOk, importStatus, upload } from "./import-client";

const line = (id: string, account: string, ts: string, extra: Record<string, unknown> = {}) => JSON.stringify({ exchange_id: id, account_id: account, timestamp: ts, model: "m", ...extra });

/** The partitions of exchange, by the case each holds (null for the DEFAULT one), with their rows. */
async function partitions() {
  const parts = await db().$queryRaw<{ name: string; bound: string }[]>`
    SELECT c.relname::text AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'exchange'::regclass ORDER BY 1`;
  return parts;
}

async function rowsIn(table: string, caseId: string) {
  const [r] = await db().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table.replace(/"/g, "")}" WHERE "caseId" = $1`, caseId);
  return r.n;
}

/** The case's rollups as the importer kept them, and as rebuilt from its rows: they must agree. */
async function rollupsAgree(caseId: string) {
  const read = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of ROLLUP_TABLES) out[t] = await db().$queryRawUnsafe(`SELECT * FROM ${t} WHERE "caseId" = $1 ORDER BY 1, 2, 3`, caseId);
    return out;
  };
  const kept = await read();
  await db().$transaction((tx) => rebuildCaseRollups(onPrisma(tx), caseId));
  expect(kept).toEqual(await read());
  return kept;
}

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

  it("gives a case's first exchanges a partition of their own, with its rollups, and a second import adds to it", async () => {
    const { c, token } = await caseWithToken();
    const other = await caseWithToken();
    await importOk(c.id, token, "accounts", "account_id,created_at\nq_a,2026-04-01T00:00:00Z\nq_b,2026-04-02T00:00:00Z\n", "a.csv");
    const first = [
      line("q1", "q_a", "2026-04-10T10:00:00Z", { prompt_tokens: 10, completion_tokens: 5, prompt: "p", response: "r" }),
      line("q2", "q_a", "2026-04-10T23:59:59.999Z", { prompt_tokens: 7 }),
      line("q3", "q_b", "2026-04-11T00:00:00Z", { model: "n", completion_tokens: 3 }),
    ];
    const job = await importOk(c.id, token, "exchanges", first.join("\n") + "\n", "x1.jsonl");
    expect(job.result).toMatchObject({ exchanges: 3, samples: 1 });
    const bound = (await partitions()).find((p) => p.name === partitionName(c.id));
    expect(bound).toEqual({ name: partitionName(c.id), bound: `FOR VALUES IN ('${c.id}')` });
    expect(await rowsIn(partitionName(c.id), c.id)).toBe(3);
    expect(await rowsIn("exchange_default", c.id)).toBe(0);
    const kept = await rollupsAgree(c.id);
    expect(kept.case_rollup).toMatchObject([{ accounts: 2, exchanges: 3n, samples: 1, promptTokens: 17n, completionTokens: 8n }]);
    expect(kept.account_day_rollup).toHaveLength(2);
    // The partition's indexes are the exchange table's, linked to them: none was built twice.
    const [idx] = await db().$queryRaw<{ n: number; attached: number }[]>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = x.indexrelid))::int AS attached
        FROM pg_index x WHERE x.indrelid = ${partitionName(c.id)}::regclass`;
    const [parent] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = 'exchange'::regclass`;
    expect(idx).toEqual({ n: parent.n, attached: parent.n });

    // The second file goes through staging into the same partition; an id already there is refused with its line.
    const again = await upload(c.id, token, "exchanges", [line("q4", "q_b", "2026-04-12T00:00:00Z"), line("q1", "q_b", "2026-04-12T00:00:00Z")].join("\n") + "\n", "x2.jsonl");
    await drain();
    const refused = await importStatus(((await again.json()) as { id: string }).id);
    expect(refused).toMatchObject({ status: "failed", errorCount: 1 });
    expect((refused.errors as { message: string }[])[0].message).toBe(`line 2: exchange_id 'q1' is already in this case`);
    await importOk(c.id, token, "exchanges", [line("q4", "q_b", "2026-04-12T00:00:00Z", { prompt: "x" }), line("q5", "q_a", "2026-04-10T12:00:00Z")].join("\n") + "\n", "x3.jsonl");
    expect(await rowsIn(partitionName(c.id), c.id)).toBe(5);
    expect((await rollupsAgree(c.id)).case_rollup).toMatchObject([{ exchanges: 5n, samples: 2 }]);
    expect(await db().exchange.count({ where: { caseId: other.c.id } })).toBe(0);
  });

  it("refuses a first file with repeated ids and unknown accounts, by line, and leaves no table behind", async () => {
    const { c, token } = await caseWithToken();
    await importOk(c.id, token, "accounts", "account_id,created_at\nr_a,2026-04-01T00:00:00Z\n", "a.csv");
    const file = [
      line("r1", "r_a", "2026-04-10T00:00:00Z"),
      line("r2", "r_a", "2026-04-10T00:00:00Z"),
      line("r1", "r_a", "2026-04-11T00:00:00Z"),
      line("r3", "nobody", "2026-04-11T00:00:00Z"),
      "",
      line("r1", "r_a", "2026-04-12T00:00:00Z"),
      line("r2", "r_a", "2026-04-12T00:00:00Z"),
    ];
    const res = await upload(c.id, token, "exchanges", file.join("\n") + "\n", "bad.jsonl");
    await drain();
    const job = await importStatus(((await res.json()) as { id: string }).id);
    expect(job).toMatchObject({ status: "failed", errorCount: 4, rowsDone: 6 });
    expect((job.errors as { message: string }[]).map((e) => e.message)).toEqual([
      `line 3: exchange_id 'r1' appears again (first on line 1); ids must be unique`,
      `line 4: account_id 'nobody' is not an account of this case; import its accounts first`,
      `line 6: exchange_id 'r1' appears again (first on line 1); ids must be unique`,
      `line 7: exchange_id 'r2' appears again (first on line 2); ids must be unique`,
    ]);
    const [t] = await db().$queryRaw<{ part: string | null; load: string | null }[]>`SELECT to_regclass(${partitionName(c.id)})::text AS part, to_regclass(${loadTableName(c.id)})::text AS load`;
    expect(t).toEqual({ part: null, load: null });
    expect(await db().caseRollup.findUnique({ where: { caseId: c.id } })).toMatchObject({ exchanges: 0n });
    // The corrected file loads fresh.
    await importOk(c.id, token, "exchanges", [line("r1", "r_a", "2026-04-10T00:00:00Z"), line("r2", "r_a", "2026-04-10T00:00:00Z")].join("\n") + "\n", "good.jsonl");
    expect(await rowsIn(partitionName(c.id), c.id)).toBe(2);
    await rollupsAgree(c.id);
  });

  it("detaches a case's partition and attaches it again, its rows and indexes whole", async () => {
    const { c, token } = await caseWithToken();
    await importOk(c.id, token, "accounts", "account_id,created_at\nd_a,2026-04-01T00:00:00Z\n", "a.csv");
    await importOk(c.id, token, "exchanges", [line("d1", "d_a", "2026-04-10T00:00:00Z"), line("d2", "d_a", "2026-04-11T00:00:00Z")].join("\n") + "\n", "x.jsonl");
    const table = partitionName(c.id);
    await db().$executeRawUnsafe(`ALTER TABLE exchange DETACH PARTITION "${table}"`);
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(0);
    expect(await rowsIn(table, c.id)).toBe(2);
    // Attached again, the partition's own indexes are taken as the exchange table's: nothing is rebuilt.
    await db().$executeRawUnsafe(`ALTER TABLE exchange ATTACH PARTITION "${table}" FOR VALUES IN ('${c.id}')`);
    expect(await db().exchange.count({ where: { caseId: c.id } })).toBe(2);
    const [idx] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = ${table}::regclass`;
    const [parent] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = 'exchange'::regclass`;
    expect(idx.n).toBe(parent.n);
    expect(await db().exchange.findFirst({ where: { caseId: c.id, externalId: "d2" } })).toMatchObject({ externalId: "d2" });
  });

  it("finds an indicator shared across cases whose exchanges sit in different partitions", async () => {
    const a = await caseWithExchange("ca");
    const { c: bCase, token: bToken, analyst: bAnalyst } = await caseWithToken();
    // The first case's analyst may see the second: correlation only shows cases a person may see.
    await db().caseMember.create({ data: { caseId: bCase.id, userId: a.analyst.id, role: "analyst" } });
    await importOk(bCase.id, bToken, "accounts", "account_id,created_at\ncb_a,2026-04-01T00:00:00Z\n", "a.csv");
    await importOk(bCase.id, bToken, "exchanges", line("cb_x", "cb_a", "2026-04-10T00:00:00Z", { prompt: "p" }) + "\n", "x.jsonl");
    const b = { c: bCase, exchange: await db().exchange.findFirstOrThrow({ where: { caseId: bCase.id } }) };
    const names = (await partitions()).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([partitionName(a.c.id), partitionName(b.c.id)]));

    const family = async (caseId: string, exchangeId: bigint, requestedById: string) => {
      const run = await db().analysisRun.create({ data: { caseId, kind: "template_families", status: "succeeded", requestedById } });
      const f = await db().templateFamily.create({
        data: { caseId, key: `fam-${caseId}`, representativeExchangeId: exchangeId, contrastExchangeId: exchangeId, runId: run.id, samples: 1, accounts: 1, firstSeen: new Date(), lastSeen: new Date(), bandKeys: ["shared-band", `own-${caseId}`] },
      });
      await db().templateFamilyMember.create({ data: { caseId, familyId: f.id, exchangeId } });
      return f;
    };
    await family(a.c.id, a.exchange.id, a.analyst.id);
    await family(b.c.id, b.exchange.id, bAnalyst.id);
    const cluster = await db().cluster.create({ data: { caseId: a.c.id, name: "ca cluster", origin: "analyst", status: "accepted" } });
    await db().clusterMember.create({ data: { clusterId: cluster.id, accountId: a.exchange.accountId } });

    for (const scope of [undefined, cluster.id]) {
      const hits = await crossCaseIndicators(a.analyst, a.c.id, scope);
      expect(hits.map((h) => [h.kind, h.otherCaseId])).toContainEqual(["template_family", b.c.id]);
    }
  });
});
