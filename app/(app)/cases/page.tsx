import type { Metadata } from "next";
import Link from "next/link";
import { CaseListView } from "@/components/cases/case-list-view";
import { can } from "@/lib/authz";
import { listAssignableUsers, listCases } from "@/lib/cases/queries";
import { ZCaseListParams } from "@/lib/cases/schema";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Cases" };

type TSearchParams = Record<string, string | string[] | undefined>;

function first(sp: TSearchParams) {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

export default async function CasesPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const user = await requireUser();
  const params = ZCaseListParams.parse(first(await searchParams));
  const [{ total, rows }, users] = await Promise.all([listCases(user, params), listAssignableUsers(user)]);
  const leads = users.filter((u) => u.role === "analyst").map((u) => ({ id: u.id, name: u.name }));
  return (
    <>
      <div className="page-head">
        <h1>Cases</h1>
        {can(user, "case.create").ok && (
          <Link href="/cases/new" className="btn btn-primary">
            New case
          </Link>
        )}
      </div>
      <CaseListView rows={rows} total={total} params={params} leads={leads} />
    </>
  );
}
