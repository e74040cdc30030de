// Public: recipients of an evidence package check it here without an account. Outside the (app)
// group, so no sign-in is required; the package is verified in the browser and never uploaded.
import type { Metadata } from "next";
import Link from "next/link";
import { PackageVerifier } from "@/components/verify/package-verifier";
import { publicSigningKey } from "@/lib/signing/key";

export const metadata: Metadata = { title: "Verify an evidence package" };
export const dynamic = "force-dynamic";

export default async function VerifyPage() {
  const key = await publicSigningKey();
  return (
    <>
      <header className="topbar">
        <Link href="/verify" className="brand">
          Casebook
        </Link>
        <span className="topnav">Verify an evidence package</span>
      </header>
      <main className="page">
        <PackageVerifier publishedFingerprint={key.fingerprint} publishedKeyPem={key.publicKeyPem} />
      </main>
    </>
  );
}
