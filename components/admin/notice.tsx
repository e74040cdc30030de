import type { ReactNode } from "react";
import styles from "./admin.module.css";

/** A short word that an admin's change went through, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className={styles.notice}>
      {children}
    </p>
  );
}
