import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PartnerAdmin } from "@/components/sharing/partner-admin";
import { can } from "@/lib/authz";
import { listPartners } from "@/lib/sharing/queries";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Partners" };

export default async function PartnersAdminPage() {
  const user = await requireUser();
  // Non-admins: the page does not exist for them.
  if (!can(user, "partner.manage").ok) notFound();
  return (
    <>
      <div className="page-head">
        <h1>Partner labs</h1>
      </div>
      <p className="small muted">
        Labs this Casebook shares indicators with over TAXII 2.1 (<code>/taxii2/</code>), and whose bundles it matches. Each partner reads one collection: the shares approved for it, from any case.
      </p>
      <PartnerAdmin partners={await listPartners(user)} />
    </>
  );
}
