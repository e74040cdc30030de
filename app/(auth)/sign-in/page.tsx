import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oidcConfig } from "@/lib/env";
import { getCurrentUser } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/cases");
  const oidc = oidcConfig();
  return (
    <main className="centered">
      <div className="panel narrow">
        <h1 className="brand-title">Casebook</h1>
        <p className="muted">Sign in to work on your cases.</p>
        <Suspense>
          <SignInForm sso={oidc ? { name: oidc.name } : null} />
        </Suspense>
      </div>
    </main>
  );
}
