// Reproducible uniform random draws of exchanges: the reference implementations, the methods'
// descriptions for reports, and the draw request schema. Pure, except chooseSeed.
//
// New draws use "sha256-cycle". Every exchange has a fixed key, the first 8 bytes of the SHA-256 of
// its exchange id (UTF-8) read as a signed 64-bit integer; the keys put the exchanges on a circle
// in an order nobody chose. The seed's key (of its decimal text, the same way) is a point on that
// circle, and the draw is the K exchanges of the frame that follow it (key ≥ the seed's, ascending,
// then from the lowest key on: a ring). Equal keys, which 64 bits make vanishingly rare, go by
// their ids' UTF-8 bytes. Taking SHA-256 as a random function (as sha256-rank does), the keys put
// the frame in a uniformly random order, independent of where the gaps between keys fall, so the K
// after any point are a uniform random sample without replacement. A larger K extends a smaller
// one; anyone with the frame's ids and the seed repeats it with any SHA-256 tool. Unlike
// sha256-rank, draws of one frame under different seeds share that one order: they are not
// independent of each other (for a given frame, an exchange's chance over seeds is the arc before
// it, K/N on average), which is why a draw is topped up by a larger K rather than redrawn.
// In PostgreSQL the key is casebook_draw_key("externalId") (prisma/migrations/…_exchange_draw_key),
// which is indexed: a draw reads K index entries instead of hashing the whole frame (a
// 28.8M-exchange case took 27 s that way; 0.34 s now).
//
// Draws made before it used "sha256-rank", which is still described and checkable here: rank
// every exchange of the frame by SHA-256 of the UTF-8 text `${seed}:${externalId}` (seed in plain
// decimal), ascending, and take the first K. In PostgreSQL:
//   ORDER BY sha256(convert_to($seed::text || ':' || "externalId", 'UTF8')) LIMIT $k
import { createHash, randomInt } from "node:crypto";
import { z } from "zod";

/** The method of new draws; RANK_METHOD is that of draws made before it. */
export const DRAW_METHOD = "sha256-cycle";
export const RANK_METHOD = "sha256-rank";
export const MAX_DRAW = 10_000;
/** Seeds are 0 … 2³¹ − 1: they fit a Postgres int and print the same in JS and SQL. */
export const MAX_SEED = 2 ** 31 - 1;

export type TDrawnItem = { rank: number; externalId: string; key: string };
export type TCycleItem = { rank: number; externalId: string; key: bigint };
/** The frame a draw was taken from, as stored with it: `from` inclusive, `to` exclusive (ISO 8601 UTC). */
export type TDrawFrame = { from?: string; to?: string; model?: string };

function checkSeed(seed: number): void {
  // 1e21 or 1.5 would print differently in JS and SQL and break the method silently.
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
}

/** Lowercase hex SHA-256 of `${seed}:${externalId}` in UTF-8: the exchange's rank key. */
export function drawKey(seed: number, externalId: string): string {
  checkSeed(seed);
  return createHash("sha256").update(`${seed}:${externalId}`, "utf8").digest("hex");
}

/**
 * The sha256-rank draw (draws made before sha256-cycle), for anyone checking one: the K exchanges
 * with the lowest keys, rank 1 first (all of them when the frame has K or fewer). The order of
 * `ids` does not matter.
 */
export function drawSample(ids: readonly string[], k: number, seed: number): TDrawnItem[] {
  checkSeed(seed);
  checkK(k);
  const keyed = uniqueIds(ids).map((externalId) => ({ externalId, key: drawKey(seed, externalId) }));
  // Equal-length lowercase hex compares as the bytes do; keys of distinct ids do not collide.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.slice(0, k).map((item, i) => ({ rank: i + 1, ...item }));
}

/** An exchange's place on the sha256-cycle: the first 8 bytes of SHA-256 of its id's UTF-8, as a signed 64-bit integer
 *  (SQL: casebook_draw_key). A seed's starting point is the key of its decimal text. */
export function cycleKey(text: string): bigint {
  return createHash("sha256").update(text, "utf8").digest().readBigInt64BE(0);
}

/** Where a seed starts on the cycle. */
export function cycleStart(seed: number): bigint {
  checkSeed(seed);
  return cycleKey(String(seed));
}

/** The order of the cycle: key, then the id's UTF-8 bytes (as SQL's COLLATE "C"). */
function cycleOrder(a: { key: bigint; bytes: Buffer }, b: { key: bigint; bytes: Buffer }) {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : Buffer.compare(a.bytes, b.bytes);
}

/**
 * The sha256-cycle draw, for tests and anyone checking a draw: the K exchanges of the frame that
 * follow the seed's point on the circle, rank 1 first (all of them when the frame has K or fewer).
 * The order of `ids` does not matter.
 */
export function drawCycle(ids: readonly string[], k: number, seed: number): TCycleItem[] {
  const start = cycleStart(seed);
  checkK(k);
  const keyed = uniqueIds(ids).map((externalId) => ({ externalId, key: cycleKey(externalId), bytes: Buffer.from(externalId, "utf8") }));
  keyed.sort(cycleOrder);
  const at = keyed.findIndex((x) => x.key >= start);
  const ring = at <= 0 ? keyed : [...keyed.slice(at), ...keyed.slice(0, at)];
  return ring.slice(0, k).map(({ externalId, key }, i) => ({ rank: i + 1, externalId, key }));
}

function checkK(k: number) {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
}

/** A frame is a set of exchanges; a repeated id means the frame was built wrong. */
function uniqueIds(ids: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`exchange id '${id}' appears twice in the frame`);
    seen.add(id);
  }
  return ids;
}

/** The methodology sentence for a report or an export's README, for the method the draw was made with. */
export function describeMethod(seed: number, k?: number, method: string = DRAW_METHOD): string {
  checkSeed(seed);
  const count = k === undefined ? "K" : k.toLocaleString("en-US");
  if (method === RANK_METHOD) {
    return (
      `Uniform random draw without replacement (method ${RANK_METHOD}, seed ${seed}): every exchange in the frame was ranked by ` +
      `the SHA-256 of the UTF-8 text '${seed}:' followed by its exchange id, as lowercase hex, ascending, and the lowest ${count} were taken. ` +
      `Anyone with the frame's exchange ids can repeat it.`
    );
  }
  return (
    `Random draw without replacement (method ${DRAW_METHOD}, seed ${seed}): every exchange in the frame has a fixed place on a circle, ` +
    `the first 8 bytes of the SHA-256 of its exchange id (UTF-8) read as a signed 64-bit integer; the seed's place is that of the text '${seed}'. ` +
    `The ${count} exchanges that follow the seed's place, in ascending order and then from the lowest on, were taken. ` +
    `The places come from SHA-256, an order no one chose, so the ${count} are a random sample of the frame. Anyone with the frame's exchange ids and the seed can repeat it.`
  );
}

/** A fresh seed when the analyst gave none. Not pure: the one place randomness enters a draw. */
export function chooseSeed(): number {
  return randomInt(0, MAX_SEED + 1);
}

// Form fields arrive as strings, and "" means "not given".
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A bare day in `from` means its start; in `to` its end, so "to 2026-05-01" includes that day.
const frameDate = (what: string, endOfDay: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ message: `${what} must be a date (YYYY-MM-DD) or an ISO 8601 time.` })
      .trim()
      .transform((s, ctx) => {
        const d = new Date(DAY.test(s) ? `${s}T00:00:00Z` : s);
        if (Number.isNaN(d.getTime())) {
          ctx.addIssue({ code: "custom", message: `${what} '${s}' is not a date (use YYYY-MM-DD).` });
          return z.NEVER;
        }
        if (endOfDay && DAY.test(s)) d.setUTCDate(d.getUTCDate() + 1);
        return d.toISOString();
      })
      .optional(),
  );

export const ZDrawInput = z
  .object({
    k: z.coerce
      .number({ message: "Say how many exchanges to draw." })
      .int("Draw a whole number of exchanges.")
      .min(1, "Draw at least 1 exchange.")
      .max(MAX_DRAW, `Draw at most ${MAX_DRAW.toLocaleString("en-US")} exchanges at a time.`),
    seed: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ message: "The seed must be a whole number." })
        .int("The seed must be a whole number.")
        .min(0, "The seed cannot be negative.")
        .max(MAX_SEED, `The seed must be at most ${MAX_SEED.toLocaleString("en-US")}; leave it empty for a random one.`)
        .optional(),
    ),
    from: frameDate("The start", false),
    to: frameDate("The end", true),
    model: z.preprocess(blankToUndefined, z.string().trim().min(1).max(200, "Keep the model name under 200 characters.").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to <= v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the window must be after its start." });
  });
export type TDrawInput = z.infer<typeof ZDrawInput>;

/** The frame to store with a draw: only what was set, so the JSON says exactly what filtered it. */
export function frameOf(input: Pick<TDrawInput, "from" | "to" | "model">): TDrawFrame {
  const frame: TDrawFrame = {};
  if (input.from) frame.from = input.from;
  if (input.to) frame.to = input.to;
  if (input.model) frame.model = input.model;
  return frame;
}

/** The frame in words: "exchanges of the case from 2026-04-22T00:00:00.000Z (inclusive) to … (exclusive), model m". */
export function describeFrame(frame: TDrawFrame): string {
  const parts = ["exchanges of the case"];
  if (frame.from) parts.push(`from ${frame.from} (inclusive)`);
  if (frame.to) parts.push(`${frame.from ? "to" : "before"} ${frame.to}${frame.from ? " (exclusive)" : ""}`);
  if (frame.model) parts.push(`with model '${frame.model}'`);
  return parts.join(" ");
}
