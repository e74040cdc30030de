import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CapabilityForm } from "@/components/capabilities/capability-form";
import { can } from "@/lib/authz";
import { listCapabilities } from "@/lib/capabilities/queries";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Capabilities" };

export default async function CapabilitiesAdminPage() {
  const user = await requireUser();
  // Non-admins: the page does not exist for them.
  if (!can(user, "taxonomy.manage").ok) notFound();
  const caps = await listCapabilities(user);
  return (
    <>
      <div className="page-head">
        <h1>Capability taxonomy</h1>
      </div>
      <section className="panel" aria-labelledby="caps-h">
        <h2 id="caps-h">Capabilities</h2>
        <p className="small muted">What a campaign targeted. Analysts tag samples with these; renaming one keeps every annotation made under it. Keys do not change.</p>
        {caps.map((c) => (
          <CapabilityForm key={c.id} capability={c} />
        ))}
      </section>
      <section className="panel" aria-labelledby="new-cap-h">
        <h2 id="new-cap-h">New capability</h2>
        <CapabilityForm />
      </section>
    </>
  );
}
