import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requireUser } from "@/lib/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <header className="topbar">
        <Link href="/cases" className="brand">
          Casebook
        </Link>
        <nav aria-label="Main" className="topnav">
          <Link href="/cases">Cases</Link>
          {user.role === "admin" && <Link href="/admin/users">Users</Link>}
          {user.role === "admin" && <Link href="/admin/capabilities">Capabilities</Link>}
          {user.role === "admin" && <Link href="/admin/partners">Partners</Link>}
          {user.role === "admin" && <Link href="/admin/audit">Audit log</Link>}
          <Link href="/settings">Settings</Link>
        </nav>
        <div className="topbar-user">
          <span>
            {user.name} <span className="role-chip">{user.role}</span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
