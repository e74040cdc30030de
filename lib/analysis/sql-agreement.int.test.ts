// PostgreSQL and the pure modules agree: a draw repeated in SQL takes the same exchanges in the
// same order, and SQL's length()/substring() count the same code points as spans.ts.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycleKey, cycleStart, drawCycle, drawKey, drawSample } from "./sampling";
import { codePointLength, sliceCodePoints } from "./spans";

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

const IDS = ["ex_0000001", "a", "交换-😀", "שלום-7", "e\u0301", ...Array.from({ length: 195 }, (_, i) => `acct-${i}/x`)];

describe("the sha256-rank draw in SQL", () => {
  it("computes the same key", async () => {
    for (const seed of [0, 7, 2_147_483_647]) {
      const { rows } = await client.query<{ id: string; key: string }>(
        `SELECT id, encode(sha256(convert_to($1::int::text || ':' || id, 'UTF8')), 'hex') AS key FROM unnest($2::text[]) AS id`,
        [seed, IDS],
      );
      for (const r of rows) expect(r.key).toBe(drawKey(seed, r.id));
    }
  });

  it("takes the same exchanges in the same order, by bytea and by hex under COLLATE \"C\"", async () => {
    const expected = drawSample(IDS, 20, 7).map((x) => x.externalId);
    const byBytes = await client.query<{ id: string }>(`SELECT id FROM unnest($2::text[]) AS id ORDER BY sha256(convert_to($1::int::text || ':' || id, 'UTF8')) LIMIT 20`, [7, IDS]);
    expect(byBytes.rows.map((r) => r.id)).toEqual(expected);
    const byHex = await client.query<{ id: string }>(
      `SELECT id FROM unnest($2::text[]) AS id ORDER BY encode(sha256(convert_to($1::int::text || ':' || id, 'UTF8')), 'hex') COLLATE "C" LIMIT 20`,
      [7, IDS],
    );
    expect(byHex.rows.map((r) => r.id)).toEqual(expected);
  });
});

describe("the sha256-cycle draw in SQL", () => {
  // Backslashes and escapes-looking text too: the SQL key doubles backslashes before decode(…, 'escape').
  const HOSTILE = [...IDS, "a\\b", "\\000x", "\\\\", "x\\", "tab\there", "' OR 1=1 --"];

  it("computes the same key as any SHA-256 tool", async () => {
    const { rows } = await client.query<{ id: string; key: string }>(`SELECT id, casebook_draw_key(id)::text AS key FROM unnest($1::text[]) AS id`, [HOSTILE]);
    expect(rows).toHaveLength(HOSTILE.length);
    for (const r of rows) expect(BigInt(r.key)).toBe(cycleKey(r.id));
  });

  it("takes the same exchanges in the same order, through the ring", async () => {
    for (const seed of [0, 7, 2_147_483_647]) {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM (
           (SELECT 0 AS part, casebook_draw_key(id) AS key, id COLLATE "C" AS id FROM unnest($2::text[]) AS id WHERE casebook_draw_key(id) >= $1::bigint ORDER BY 2, 3 LIMIT 30)
           UNION ALL
           (SELECT 1, casebook_draw_key(id), id COLLATE "C" FROM unnest($2::text[]) AS id WHERE casebook_draw_key(id) < $1::bigint ORDER BY 2, 3 LIMIT 30)
         ) ring ORDER BY part, key, id LIMIT 30`,
        [cycleStart(seed).toString(), HOSTILE],
      );
      expect(rows.map((r) => r.id)).toEqual(drawCycle(HOSTILE, 30, seed).map((x) => x.externalId));
    }
  });
});

describe("span offsets in SQL", () => {
  const TEXTS = ["a😀b", "hi 👩‍👩‍👧!", "数据蒸馏𠀋攻击", "שלום 123 עולם", "مرحبا 2024 ١٢٣", "cafe\u0301 ok", "🇯🇵 and 🇺🇸"];

  it("length() and substring() count code points, as spans.ts does", async () => {
    for (const text of TEXTS) {
      const n = codePointLength(text);
      const { rows } = await client.query<{ len: number }>(`SELECT length($1::text) AS len`, [text]);
      expect(rows[0].len).toBe(n);
      for (let start = 0; start < n; start++) {
        for (let end = start + 1; end <= n; end++) {
          const sub = await client.query<{ s: string }>(`SELECT substring($1::text from $2::int + 1 for $3::int - $2::int) AS s`, [text, start, end]);
          expect(sub.rows[0].s).toBe(sliceCodePoints(text, start, end));
        }
      }
    }
  });
});
