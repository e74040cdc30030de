// Reproducible uniform random draws of exchanges ("sha256-rank"): the reference implementation,
// the method's description for reports, and the draw request schema. Pure, except chooseSeed.
//
// The method: rank every exchange of the frame by SHA-256 of the UTF-8 text `${seed}:${externalId}`
// (seed in plain decimal), ascending, and take the first K. A hash of a fixed seed and the id is,
// for this purpose, an independent uniform number per exchange, so the lowest K are a uniform
// sample without replacement; a larger K extends a smaller one. Nothing depends on row order,
// database, or machine: anyone holding the frame's exchange ids and the seed repeats the draw with
// any SHA-256 tool. In PostgreSQL (the bytea orders byte by byte, as the hex does in JS; ordering
// the hex text instead needs COLLATE "C" to be safe from locale collations):
//   ORDER BY sha256(convert_to($seed::text || ':' || "externalId", 'UTF8')) LIMIT $k
// and the key itself is encode(sha256(convert_to($seed::text || ':' || "externalId", 'UTF8')), 'hex').
import { createHash, randomInt } from "node:crypto";
import { z } from "zod";

export const DRAW_METHOD = "sha256-rank";
export const MAX_DRAW = 10_000;
/** Seeds are 0 … 2³¹ − 1: they fit a Postgres int and print the same in JS and SQL. */
export const MAX_SEED = 2 ** 31 - 1;

export type TDrawnItem = { rank: number; externalId: string; key: string };
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
 * The draw itself, for tests, exports and anyone checking a draw: the K exchanges with the lowest
 * keys, rank 1 first (all of them when the frame has K or fewer). The order of `ids` does not
 * matter. Hashes the whole frame, so the database does this for real cases.
 */
export function drawSample(ids: readonly string[], k: number, seed: number): TDrawnItem[] {
  checkSeed(seed);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
  const seen = new Set<string>();
  const keyed = ids.map((externalId) => {
    // A frame is a set of exchanges; a repeated id means the frame was built wrong.
    if (seen.has(externalId)) throw new RangeError(`exchange id '${externalId}' appears twice in the frame`);
    seen.add(externalId);
    return { externalId, key: drawKey(seed, externalId) };
  });
  // Equal-length lowercase hex compares as the bytes do; keys of distinct ids do not collide.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.slice(0, k).map((item, i) => ({ rank: i + 1, ...item }));
}

/** The methodology sentence for a report or an export's README. */
export function describeMethod(seed: number, k?: number): string {
  checkSeed(seed);
  const lowest = k === undefined ? "the lowest K" : `the lowest ${k.toLocaleString("en-US")}`;
  return (
    `Uniform random draw without replacement (method ${DRAW_METHOD}, seed ${seed}): every exchange in the frame was ranked by ` +
    `the SHA-256 of the UTF-8 text '${seed}:' followed by its exchange id, as lowercase hex, ascending, and ${lowest} were taken. ` +
    `Anyone with the frame's exchange ids can repeat it.`
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
