import styles from "./admin.module.css";

const ROLE_CLASS: Record<string, string> = { admin: styles.roleAdmin, reviewer: styles.roleReviewer, analyst: styles.roleAnalyst };

export function RoleBadge({ role }: { role: string }) {
  return <span className={`badge ${ROLE_CLASS[role] ?? ""}`}>{role}</span>;
}

export function AccountStatusBadge({ disabled }: { disabled: boolean }) {
  return <span className={`badge ${disabled ? styles.disabled : styles.active}`}>{disabled ? "Disabled" : "Active"}</span>;
}
