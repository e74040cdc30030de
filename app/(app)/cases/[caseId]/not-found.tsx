import { CaseNotFound } from "@/components/cases/case-not-found";

// Catches notFound() from the case's pages (e.g. activity); notFound() in the case layout itself
// bubbles to app/(app)/cases/not-found.tsx, which shows the same message.
export default function CaseSectionNotFound() {
  return <CaseNotFound />;
}
