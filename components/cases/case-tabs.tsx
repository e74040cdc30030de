"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./cases.module.css";

const TABS = [
  { label: "Overview", path: "" },
  { label: "Accounts", path: "/accounts" },
  { label: "Clusters", path: "/clusters" },
  { label: "Exchanges", path: "/exchanges" },
  { label: "Templates", path: "/templates" },
  { label: "Capabilities", path: "/capabilities" },
  { label: "Evidence", path: "/evidence" },
  { label: "Findings", path: "/findings" },
  { label: "Exports", path: "/exports" },
  { label: "Sharing", path: "/sharing" },
  { label: "Activity", path: "/activity" },
];

export function CaseTabs({ caseId }: { caseId: string }) {
  const pathname = usePathname();
  const base = `/cases/${caseId}`;
  return (
    <nav className={styles.tabs} aria-label="Case sections">
      {TABS.map((t) => {
        const href = base + t.path;
        const current = pathname === href;
        return (
          <Link key={t.label} href={href} className={styles.tab} aria-current={current ? "page" : undefined}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
