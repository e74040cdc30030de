// The architecture's import rules are real: ESLint fails the code they exist to stop.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("lint rules", () => {
  it("fails a case-scoped query that reads the database without the access rule", async () => {
    const found = await problems("lib/example/queries.ts", `import { db } from "../db";\nexport const list = (caseId: string) => db().exchange.findMany({ where: { caseId } });\n`);
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: 'db' import from '\.\.\/db' is restricted .*reader\(user\) from lib\/access\.ts/)]);
  });

  it("fails a raw query in a queries file that bypasses $inCase", async () => {
    const found = await problems("lib/example/queries.ts", `import { reader } from "../access";\nexport const n = (u: never, caseId: string) => reader(u).$queryRaw\`SELECT count(*) FROM exchange WHERE "caseId" = \${caseId}\`;\n`);
    expect(found).toEqual([expect.stringMatching(/^no-restricted-syntax: Raw reads of case data go through reader\(user\)\.\$inCase/)]);
  });

  it("passes the same read through reader(user)", async () => {
    const found = await problems("lib/example/queries.ts", `import { reader } from "../access";\nexport const list = (u: never, caseId: string) => reader(u).exchange.findMany({ where: { caseId } });\n`);
    expect(found).toEqual([]);
  });

  it("keeps the database out of pages and components, audit appends inside lib/action.ts, and features out of components/ui", async () => {
    expect(await problems("app/example/page.tsx", `import { db } from "@/lib/db";\nexport default async function P() { return <p>{await db().case.count()}</p>; }\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Only lib\/ talks to the database/),
    ]);
    expect(await problems("lib/cases/example.ts", `import { appendAudit } from "../audit/append";\nexport const a = appendAudit;\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*appended only by lib\/action\.ts/),
    ]);
    expect(await problems("components/ui/example.tsx", `import { CaseHeader } from "@/components/cases/case-header";\nexport const X = CaseHeader;\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*components\/ui holds primitives/),
    ]);
  });

  it("fails a function of more than 120 lines in lib/, app/ and components/, blank lines and comments counted", async () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "" : i % 3 === 1 ? `  // step ${i}` : `  void ${i};`)).join("\n");
    const fn = (n: number) => `export function long() {\n${body(n - 2)}\n}\n`;
    for (const file of ["lib/example/long.ts", "app/example/long.ts", "components/example/long.tsx"]) {
      expect(await problems(file, fn(121))).toEqual([expect.stringMatching(/^max-lines-per-function: Function 'long' has too many lines \(121\)\. Maximum allowed is 120/)]);
      expect(await problems(file, fn(120))).toEqual([]);
    }
  });
});
