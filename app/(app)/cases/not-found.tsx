import { CaseNotFound } from "@/components/cases/case-not-found";

// The case layout calls notFound() when getCase returns null; a segment's own not-found boundary
// sits inside its layout, so that lands here, one level up.
export default function CasesNotFound() {
  return <CaseNotFound />;
}
