import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
// Feature styles, in the order the cascade expects (each file says what it styles).
import "@/components/cases/cases.css";
import "@/components/ingest/ingest.css";
import "@/components/accounts/accounts.css";
import "@/components/exchanges/viewer.css";
import "@/components/evidence/evidence.css";
import "@/components/settings/settings.css";

export const metadata: Metadata = {
  title: { default: "Casebook", template: "%s · Casebook" },
  description: "Case management for investigations of model distillation through fraudulent API accounts.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
