import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NewUserForm } from "@/components/admin/new-user-form";
import { UserTable } from "@/components/admin/user-table";
import { requireUser } from "@/lib/session";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser();
  const users = await listUsers(user);
  // Non-admins: the page does not exist for them.
  if (!users) notFound();
  return (
    <>
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <section className="panel form-panel" aria-labelledby="new-user-h">
        <h2 id="new-user-h">New user</h2>
        <NewUserForm />
      </section>
      <UserTable rows={users} currentUserId={user.id} />
    </>
  );
}
