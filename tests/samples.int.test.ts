// The work on samples against the real database: rule flags run after an import, spans over
// emoji and right-to-left text are stored in code points and read back, a random draw is the one
// the pure method gives, and the capability profile projects only from triaged drawn exchanges.
import { describe, expect, it } from "vitest";
import { GET as capabilitiesRoute } from "../app/api/v1/cases/[caseId]/capabilities/route";
import { POST as drawRoute } from "../app/api/v1/cases/[caseId]/draws/route";
import { runAction } from "../lib/action";
import { drawCycle } from "../lib/analysis/sampling";
import { sliceCodePoints } from "../lib/analysis/spans";
import { db } from "../lib/db";
import { decideFlagsAction, setTriagedAction, tagSampleAction } from "../lib/samples/mutations";
import { triageSample } from "../lib/samples/queries";
import { makeUser } from "./fixtures";
import { caseWithToken, drain, upload } from "./import-client";

const COT = "Think step by step and write out your full internal reasoning before answering: plan a data pipeline.";
const EMOJI = "שלום 👩‍👩‍👧 مرحبا — refactor this 😀 module, 中文 too";

async function seededCase() {
  const { analyst, c, token } = await caseWithToken();
  await upload(c.id, token, "accounts", "account_id,created_at\nacct_1,2026-04-01T00:00:00Z\nacct_2,2026-04-02T00:00:00Z\n", "a.csv");
  await drain();
  const lines = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({
      exchange_id: `ex_${String(i).padStart(3, "0")}`,
      account_id: i % 2 ? "acct_1" : "acct_2",
      timestamp: `2026-04-${String(10 + (i % 20)).padStart(2, "0")}T12:00:00Z`,
      model: "m",
      prompt: i === 0 ? EMOJI : i % 3 === 0 ? COT : `Write a function number ${i}.`,
      response: "Sure.",
    }),
  );
  await upload(c.id, token, "exchanges", lines.join("\n") + "\n", "ex.jsonl");
  await drain(); // the import, then the rule-flags job it queued
  return { analyst, c, token };
}

const sampleId = async (caseId: string, externalId: string) => String((await db().exchange.findFirstOrThrow({ where: { caseId, externalId } })).id);

describe("samples", () => {
  it("flags samples after an import, keeps spans in code points, and lets a reviewer change nothing", async () => {
    const { analyst, c } = await seededCase();
    const flags = await db().ruleFlag.findMany({ where: { caseId: c.id }, include: { exchange: { select: { prompt: true, externalId: true } } } });
    expect(flags.length).toBeGreaterThanOrEqual(13);
    const cot = flags.find((f) => f.exchange.externalId === "ex_003")!;
    expect(cot).toMatchObject({ ruleId: expect.any(String), ruleVersion: expect.any(Number), field: "prompt", status: "pending" });
    expect(sliceCodePoints(cot.exchange.prompt!, cot.spanStart, cot.spanEnd)).toBe(cot.matched);
    expect(await db().analysisRun.findFirst({ where: { caseId: c.id, kind: "rule_flags" } })).toMatchObject({ status: "succeeded" });

    // A span over the family emoji: code points, not UTF-16 units, and the quote is exactly it.
    const caps = await db().capability.findMany({ orderBy: { sortOrder: "asc" } });
    const se = caps.find((k) => k.key === "software-engineering")!;
    const id0 = await sampleId(c.id, "ex_000");
    const start = [...EMOJI].indexOf("👩");
    const end = start + [..."👩‍👩‍👧"].length;
    const tagged = await runAction(tagSampleAction, analyst, { exchangeId: id0, capabilityId: se.id, field: "prompt", span: { start, end }, note: "family emoji as a marker" });
    expect(tagged.ok).toBe(true);
    const back = await triageSample(analyst, c.id, "all", { at: id0 });
    const a = back!.sample!.annotations[0];
    expect(a.span).toEqual({ start, end });
    expect(sliceCodePoints(back!.sample!.prompt, a.span!.start, a.span!.end)).toBe("👩‍👩‍👧");
    const ev = await db().auditEvent.findFirstOrThrow({ where: { caseId: c.id, action: "annotation.tag" } });
    expect(ev.data).toMatchObject({ quote: "👩‍👩‍👧", span: { start, end }, note: "family emoji as a marker" });

    const outside = await runAction(tagSampleAction, analyst, { exchangeId: id0, capabilityId: se.id, field: "response", span: { start: 2, end: 40 } });
    expect(outside).toMatchObject({ ok: false, error: { code: "bad_input", message: expect.stringContaining("outside the response") } });

    const decided = await runAction(decideFlagsAction, analyst, { exchangeId: String(cot.exchangeId), decision: "confirm" });
    expect(decided).toMatchObject({ ok: true, data: { status: "confirmed" } });
    expect((await db().ruleFlag.findUniqueOrThrow({ where: { id: cot.id } })).status).toBe("confirmed");

    const reviewer = await makeUser("reviewer");
    await db().caseMember.create({ data: { caseId: c.id, userId: reviewer.id, role: "reviewer" } });
    expect(await runAction(tagSampleAction, reviewer, { exchangeId: id0, capabilityId: caps[0].id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAction(setTriagedAction, reviewer, { exchangeId: id0, triaged: true })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await triageSample(reviewer, c.id, "all", { at: id0 }))!.sample!.annotations).toHaveLength(1);
  });

  it("draws the exchanges the pure method gives, and estimates only from triaged drawn ones", async () => {
    const { analyst, c, token } = await seededCase();
    const post = (body: unknown) =>
      drawRoute(new Request(`http://localhost/api/v1/cases/${c.id}/draws`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }), {
        params: Promise.resolve({ caseId: c.id }),
      });
    const bad = await post({ k: 0 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("Draw at least 1 exchange.");
    const res = await post({ k: 10, seed: 7 });
    expect(res.status).toBe(201);
    const draw = (await res.json()) as { id: string; seed: number; frameSize: number; drawn: number; exchanges: string[] };
    const all = (await db().exchange.findMany({ where: { caseId: c.id }, select: { externalId: true } })).map((e) => e.externalId);
    expect(draw).toMatchObject({ seed: 7, frameSize: 40, drawn: 10 });
    expect(draw.exchanges).toEqual(drawCycle(all, 10, 7).map((d) => d.externalId));

    const caps = await db().capability.findMany();
    const se = caps.find((k) => k.key === "software-engineering")!;
    // Triage 8 of the 10 drawn, tagging 4: the estimate is 4 of 8; untriaged ones do not count.
    for (const [i, ext] of draw.exchanges.slice(0, 8).entries()) {
      const id = await sampleId(c.id, ext);
      if (i < 4) expect((await runAction(tagSampleAction, analyst, { exchangeId: id, capabilityId: se.id })).ok).toBe(true);
      expect((await runAction(setTriagedAction, analyst, { exchangeId: id, triaged: true })).ok).toBe(true);
    }
    const profile = await capabilitiesRoute(new Request(`http://localhost/api/v1/cases/${c.id}/capabilities`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ caseId: c.id }) });
    expect(profile.status).toBe(200);
    const body = (await profile.json()) as { draw: { examined: number }; items: { key: string; estimate: { share: number; low: number; high: number; exchanges: number } | null; statement: string }[] };
    expect(body.draw.examined).toBe(8);
    const item = body.items.find((k) => k.key === "software-engineering")!;
    expect(item.estimate!.share).toBeCloseTo(0.5);
    expect(item.estimate!.low).toBeLessThan(0.5);
    expect(item.estimate!.high).toBeGreaterThan(0.5);
    expect(item.estimate!.exchanges).toBe(20);
    expect(item.statement).toMatch(/^8 of 40 exchanges drawn uniformly at random with seed 7; 50\.0% \(95% CI [\d.]+–[\d.]+%\) targeted software engineering, ≈ 20 \(\d+–\d+\) exchanges$/);
  });
});
