import Link from "next/link";

export function CaseNotFound() {
  return (
    <div className="panel narrow">
      <h1>Case not found, or you do not have access to it</h1>
      <p className="muted">Check the link, or ask the case lead to add you to the team.</p>
      <p>
        <Link href="/cases">Back to cases</Link>
      </p>
    </div>
  );
}
