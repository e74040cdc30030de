// Who may read which case's records, in one place. The rule is lib/authz.ts's canSeeCase (admins
// see every case, others the cases they are members of, a disabled person none); here it is put in
// the `where` of every read of case data, so a new query cannot forget it:
//   - `reader(person)` is the Prisma client every lib/**/queries.ts file reads through (ESLint
//     refuses `db` there). On every model that belongs to a case, every read gets the rule added to
//     its `where`, and writes are refused (they go through lib/action.ts).
//   - raw SQL reads go through `reader(person).$inCase(caseId, build)`: `build` receives the rule as
//     SQL for the case-id column it names, and a statement that does not use it is refused.
// A case the person may not see is therefore simply not found, by list, by id and by raw query.
import { cache } from "react";
import { db } from "./db";
import { Prisma } from "./generated/prisma/client";
import type { TPerson } from "./authz";

/**
 * The export worker reading an approved export's case as the system: the approval already decided
 * who may see the package, so this scope sees every case (the admin rule below). Never use it for a
 * request from a person: their reads go through reader(person). It is no person (no user has its
 * id); it has a person's shape only so that the queries the case pages read through (caseFigures,
 * capabilityProfile) give the package the figures those pages show.
 */
export const SYSTEM_EXPORT_READER: Readonly<TPerson> = Object.freeze({ id: "system:export", email: "", name: "Casebook", role: "admin", disabled: false });

/** The rule, as a filter on cases. Kept in step with canSeeCase by tests/access.int.test.ts. */
export function visibleCasesWhere(person: Pick<TPerson, "id" | "role" | "disabled">): Prisma.CaseWhereInput {
  if (person.disabled) return { id: { in: [] } };
  return person.role === "admin" ? {} : { members: { some: { userId: person.id } } };
}

/** The rule in SQL, on an expression holding a case id. */
export function visibleCaseSql(person: Pick<TPerson, "id" | "role" | "disabled">, caseIdColumn: Prisma.Sql): Prisma.Sql {
  if (person.disabled) return Prisma.sql`false`;
  if (person.role === "admin") return Prisma.sql`EXISTS (SELECT 1 FROM "case" vc WHERE vc.id = ${caseIdColumn})`;
  return Prisma.sql`EXISTS (SELECT 1 FROM case_member vm WHERE vm."caseId" = ${caseIdColumn} AND vm."userId" = ${person.id})`;
}

type TScope = (visible: Prisma.CaseWhereInput) => Record<string, unknown>;
const direct: TScope = (visible) => ({ case: visible });

/**
 * Every model that holds a case's data, and how its rows reach their case. A model with a caseId
 * or a relation to one must be listed here (tests/access.int.test.ts fails otherwise).
 */
export const CASE_SCOPED: Record<string, TScope> = {
  Case: (visible) => visible,
  CaseMember: direct,
  Account: direct,
  Exchange: direct,
  Cluster: direct,
  ClusterLink: (visible) => ({ cluster: { case: visible } }),
  ClusterMember: (visible) => ({ cluster: { case: visible } }),
  Annotation: direct,
  EvidenceItem: direct,
  CustodyEvent: (visible) => ({ evidenceItem: { case: visible } }),
  ImportJob: direct,
  ExportPackage: direct,
  ExportReview: (visible) => ({ export: { case: visible } }),
  Production: direct,
  Finding: direct,
  Exhibit: direct,
  Redaction: direct,
  Comment: direct,
  AuditEvent: direct,
  Job: direct,
  CaseRollup: direct,
  ExchangeDayRollup: direct,
  CaseDayRollup: direct,
  AccountDayRollup: direct,
  AccountRollup: (visible) => ({ account: { case: visible } }),
  AccountLink: direct,
  AnalysisRun: direct,
  TemplateFamily: direct,
  TemplateFamilyMember: (visible) => ({ family: { case: visible } }),
  RuleFlag: direct,
  SampleTriage: direct,
  SampleDraw: direct,
  SampleDrawItem: (visible) => ({ draw: { case: visible } }),
  IndicatorShare: direct,
  PeerBundle: direct,
  PeerIndicator: (visible) => ({ bundle: { case: visible } }),
};

const READS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);
// findUnique's `where` must keep its unique field on top; the others take the rule beside theirs.
const UNIQUE = new Set(["findUnique", "findUniqueOrThrow"]);

function withRule(operation: string, where: Record<string, unknown> | undefined, rule: Record<string, unknown>) {
  if (!where) return rule;
  if (UNIQUE.has(operation)) return { ...where, AND: [...(Array.isArray(where.AND) ? where.AND : where.AND ? [where.AND] : []), rule] };
  return { AND: [where, rule] };
}

/**
 * Whether a person sees a case, asked once per page render: a case page's layout and its lists
 * each ask it (three times on the exchanges tab). React's cache() keeps the answer for one server
 * render only; in route handlers, actions and scripts it is a plain call.
 */
const seesCaseOnce = cache(async (id: string, role: TPerson["role"], disabled: boolean, caseId: string): Promise<boolean> => {
  return (await db().case.count({ where: { AND: [{ id: caseId }, visibleCasesWhere({ id, role, disabled })] } })) > 0;
});

/** The client a person's reads go through (see the top of this file). */
export function reader(person: Pick<TPerson, "id" | "role" | "disabled">) {
  const key = `${person.id}\u0000${person.role}\u0000${person.disabled}`;
  let client = readers.get(key);
  if (!client) {
    client = extendFor(person);
    // A handful of people use the app at once: keep the last few hundred clients, oldest out first.
    if (readers.size >= 500) readers.delete(readers.keys().next().value!);
    readers.set(key, client);
  }
  return client;
}
/** Extending the client builds proxies for every model: once per person, not once per read. */
const readers = new Map<string, ReturnType<typeof extendFor>>();

function extendFor(person: Pick<TPerson, "id" | "role" | "disabled">) {
  const visible = visibleCasesWhere(person);
  const who = { id: person.id, role: person.role, disabled: person.disabled };
  return db().$extends({
    name: "case-access",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const scope = CASE_SCOPED[model];
          if (!scope) return query(args);
          if (!READS.has(operation)) throw new Error(`${model}.${operation} through reader(): reads only; writes go through lib/action.ts`);
          const a = (args ?? {}) as { where?: Record<string, unknown> };
          return query({ ...a, where: withRule(operation, a.where, scope(visible)) } as typeof args);
        },
      },
    },
    client: {
      /** Whether the case exists for this person: a list of its rows is then empty, not "not found". */
      async $seesCase(caseId: string): Promise<boolean> {
        return seesCaseOnce(who.id, who.role, who.disabled, caseId);
      },
      /**
       * A raw read of one case's rows. `build` gets `inCase(column)`: SQL true for the rows of this
       * case when the person may see it. A statement built without it is refused.
       */
      async $inCase<T>(caseId: string, build: (inCase: (caseIdColumn: Prisma.Sql) => Prisma.Sql) => Prisma.Sql): Promise<T[]> {
        let used = false;
        const statement = build((col) => {
          used = true;
          // The rule on the case id itself, not on the column: uncorrelated, PostgreSQL checks it
          // once per statement (an InitPlan) rather than once per row.
          return Prisma.sql`(${col} = ${caseId} AND ${visibleCaseSql(who, Prisma.sql`${caseId}::text`)})`;
        });
        if (!used) throw new Error("$inCase: the statement must filter on inCase(column)");
        return db().$queryRaw<T[]>(statement);
      },
    },
  });
}

export type TReader = ReturnType<typeof reader>;
