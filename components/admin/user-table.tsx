// The list of users. A server component: the rows are plain text, rendered as text.
import Link from "next/link";
import { formatDateTime } from "@/lib/format";
import type { TUserListRow } from "@/lib/users/queries";
import { AccountStatusBadge, RoleBadge } from "./user-badges";
import { TableWrap } from "@/components/ui/table-wrap";

export function UserTable({ rows, currentUserId }: { rows: TUserListRow[]; currentUserId: string }) {
  return (
    <TableWrap label="Users table">
      <table className="data-table">
        <caption className="sr-only">Users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Cases</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td>
                <Link href={`/admin/users/${u.id}`}>{u.name}</Link>
                {u.id === currentUserId && <span className="muted small"> (you)</span>}
              </td>
              <td>{u.email}</td>
              <td>
                <RoleBadge role={u.role} />
              </td>
              <td>
                <AccountStatusBadge disabled={u.disabled} />
              </td>
              <td>{u.caseCount}</td>
              <td className="nowrap">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">Never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
