// User reads for the admin pages. Every read checks the viewer itself: a non-admin gets null,
// whatever page or route called it.
import "server-only";
import { can } from "../authz";
import { reader } from "../access";
import type { TSessionUser } from "../session";

const isAdmin = (viewer: TSessionUser) => can(viewer, "user.manage").ok;

const USER_FIELDS = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, updatedAt: true, lastLoginAt: true } as const;

/** Every user with how many cases they are on; active users first, then by name. Null for non-admins. */
export async function listUsers(viewer: TSessionUser) {
  if (!isAdmin(viewer)) return null;
  const rows = await reader(viewer).user.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }, { id: "asc" }],
    select: { ...USER_FIELDS, _count: { select: { memberships: true } } },
  });
  return rows.map(({ _count, ...u }) => ({ ...u, caseCount: _count.memberships }));
}

export type TUserListRow = NonNullable<Awaited<ReturnType<typeof listUsers>>>[number];

/** One user with their case roles, so the admin sees what a role change would touch. Null for non-admins or unknown ids. */
export async function getUser(viewer: TSessionUser, userId: string) {
  if (!isAdmin(viewer)) return null;
  return reader(viewer).user.findUnique({
    where: { id: userId },
    select: {
      ...USER_FIELDS,
      memberships: { orderBy: { case: { ref: "asc" } }, select: { role: true, case: { select: { id: true, ref: true, title: true, leadId: true } } } },
    },
  });
}

export type TUserDetail = NonNullable<Awaited<ReturnType<typeof getUser>>>;
