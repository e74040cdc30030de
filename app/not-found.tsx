import Link from "next/link";

export default function NotFound() {
  return (
    <main className="centered">
      <div className="panel narrow">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <p>
          <Link href="/cases">Go to your cases</Link>
        </p>
      </div>
    </main>
  );
}
