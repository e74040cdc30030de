import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/admin/admin.module.css";
import { ResetPasswordForm } from "@/components/admin/reset-password-form";
import { UserCases } from "@/components/admin/user-cases";
import { AccountStatusBadge, RoleBadge } from "@/components/admin/user-badges";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { UserStatusButton } from "@/components/admin/user-status-button";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { formatDateTime } from "@/lib/format";
import { requireUser } from "@/lib/session";
import { getUser } from "@/lib/users/queries";
import { signOutEverywhereAction } from "../actions";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const viewer = await requireUser();
  const u = await getUser(viewer, userId);
  if (!u) notFound();
  const isSelf = u.id === viewer.id;
  return (
    <>
      <p>
        <Link href="/admin/users">All users</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{u.name}</h1>
          <p className="muted">
            {u.email} · <RoleBadge role={u.role} /> <AccountStatusBadge disabled={u.disabled} /> · last sign-in{" "}
            {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "never"}
          </p>
        </div>
      </div>
      <div className={styles.grid}>
        <section className="panel" aria-labelledby="details-h">
          <h2 id="details-h">Details</h2>
          <UserEditForm key={`${u.name}|${u.role}|${u.updatedAt.toISOString()}`} userId={u.id} initial={{ name: u.name, role: u.role }} isSelf={isSelf} seen={u.updatedAt.toISOString()} />
        </section>
        <UserCases userId={u.id} memberships={u.memberships} />
        <section className="panel" aria-labelledby="access-h">
          <h2 id="access-h">Access</h2>
          <p>{u.disabled ? "This account is disabled: its owner cannot sign in." : "This account is active."}</p>
          <UserStatusButton key={String(u.disabled)} userId={u.id} disabled={u.disabled} isSelf={isSelf} />
          <p className="muted">Signing out everywhere ends every browser session of {isSelf ? "yours" : "this account"} and revokes its API tokens.</p>
          <SignOutEverywhereButton run={signOutEverywhereAction.bind(null, { userId: u.id })} isSelf={isSelf} name={u.name} />
        </section>
        <section className="panel" aria-labelledby="password-h">
          <h2 id="password-h">Password</h2>
          <ResetPasswordForm userId={u.id} name={u.name} />
        </section>
      </div>
    </>
  );
}
