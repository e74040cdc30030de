// The single write path, enforced by ESLint (eslint.config.mjs, WRITE_PATH_RULE): in lib/, a Prisma
// write, $executeRaw or a raw INSERT/UPDATE/DELETE/TRUNCATE appears only inside an action's
// definition, or in a module WRITE_PATH_EXCEPTIONS names.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function writeErrors(code: string, filePath: string): Promise<number> {
  const [r] = await eslint.lintText(code, { filePath });
  expect(r.messages.filter((m) => m.fatal), "the sample parses").toEqual([]);
  return r.messages.filter((m) => m.ruleId === "no-restricted-syntax" && m.message.startsWith("A write outside an action")).length;
}

const HEAD = `import { db, type Tx } from "../db";\nimport { Prisma, type TSql } from "../db/sql";\nimport { defineAction } from "../action";\nimport { z } from "zod";\n`;

describe("the write-path lint rule", () => {
  it("fails a Prisma write, $executeRaw or write SQL in a module that is not an action", async () => {
    expect(await writeErrors(`${HEAD}export async function touch(tx: Tx) {\n  await tx.case.update({ where: { id: "x" }, data: { title: "t" } });\n}\n`, "lib/cases/helpers.ts")).toBe(1);
    expect(await writeErrors(`${HEAD}export async function make() {\n  await db().user.create({ data: {} as never });\n}\n`, "lib/users/helpers.ts")).toBe(1);
    expect(await writeErrors(`${HEAD}export async function wipe(tx: Tx) {\n  await tx.$executeRaw\`SELECT 1\`;\n}\n`, "lib/cases/helpers.ts")).toBe(1);
    expect(await writeErrors(`${HEAD}export async function fail(sql: TSql) {\n  await sql.query(Prisma.sql\`UPDATE job SET status = 'failed'\`);\n}\n`, "lib/jobs/helpers.ts")).toBe(1);
  });

  it("lets the same write through inside an action's definition, and in a named exception", async () => {
    const action = `${HEAD}export const touchAction = defineAction({\n  name: "case.touch",\n  input: z.object({ id: z.string() }),\n  permission: "case.edit",\n  async run({ tx, input }) {\n    await tx.case.update({ where: { id: input.id }, data: { title: "t" } });\n    return { result: null, audit: { action: "case.update", entityType: "case", entityId: input.id, data: {} } };\n  },\n});\n`;
    expect(await writeErrors(action, "lib/cases/touch.ts")).toBe(0);
    expect(await writeErrors(`${HEAD}export async function fail(sql: TSql) {\n  await sql.query(Prisma.sql\`UPDATE job SET status = 'failed'\`);\n}\n`, "lib/jobs/queue.ts")).toBe(0);
    // Words in messages are not statements.
    expect(await writeErrors(`${HEAD}export const m = "the gzip data is truncated; update the file and delete from it";\n`, "lib/ingest/words.ts")).toBe(0);
  });
});
