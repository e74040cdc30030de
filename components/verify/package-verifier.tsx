"use client";
// The /verify page's tool: a recipient drops an evidence package (or chooses it) and it is checked
// here, in the browser, by the same verifier as the CLI. The file is read locally and sent nowhere.
import { useId, useState } from "react";
import { useFileDrop } from "@/components/ui/use-file-drop";
import { formatBytes } from "@/lib/format";
import { shortFingerprint } from "@/lib/package/bagit-format";
import { verifyPackage, type TVerifyReport } from "@/lib/package/verify";
import styles from "./verify.module.css";

type TProps = { publishedFingerprint: string; publishedKeyPem: string };
type TState = { kind: "idle" } | { kind: "working"; name: string; size: number } | { kind: "done"; name: string; size: number; report: TVerifyReport } | { kind: "error"; name: string; message: string };

const MARK = { pass: "✓", fail: "✗", warn: "!", skip: "–" } as const;
const STATUS_TEXT = { pass: "passed", fail: "failed", warn: "warning", skip: "not checked" } as const;
const SHOWN_PROBLEMS = 200;


function Verdict({ report, published }: { report: TVerifyReport; published: string }) {
  const key = report.fingerprint;
  if (report.ok) {
    return (
      <div className={styles.verdict} data-verdict="intact" role="status">
        <strong>
          Intact: {report.files} file{report.files === 1 ? "" : "s"}, signature valid, signed by key SHA256 {shortFingerprint(key ?? "")}
        </strong>
        <p>This is the key this Casebook publishes: the package is as the lab signed it.</p>
      </div>
    );
  }
  if (report.intact && report.signature.status === "valid" && report.trust.status === "mismatch") {
    return (
      <div className={styles.verdict} data-verdict="unconfirmed" role="status">
        <strong>Intact, but NOT signed by this Casebook&apos;s key</strong>
        <p>
          The files match their manifests and the signature is valid for the enclosed key SHA256 <span className="hash">{key}</span>, but this server
          publishes <span className="hash">{published}</span>. Ask the sender which key signed it before relying on it.
        </p>
      </div>
    );
  }
  const first = report.problems[0];
  return (
    <div className={styles.verdict} data-verdict="broken" role="alert">
      <strong>Not intact: {first ? first.message : report.signature.message}</strong>
      <p>
        {report.problems.length > 1 && <>And {report.problems.length - 1} more problem(s), listed below. </>}Do not rely on this package; ask the sender for a new
        copy.
      </p>
    </div>
  );
}

/** Reads the chosen package and verifies it here, moving through working to a report or an error. */
function usePackageCheck(publishedFingerprint: string) {
  const [state, setState] = useState<TState>({ kind: "idle" });

  async function check(file: File) {
    setState({ kind: "working", name: file.name, size: file.size });
    try {
      if (!globalThis.crypto?.subtle) throw new Error("this browser offers no WebCrypto here (the page must be opened over https or on localhost)");
      const bytes = new Uint8Array(await file.arrayBuffer());
      // Let "Checking…" paint before unzipping, which runs on this thread.
      await new Promise((r) => setTimeout(r, 20));
      const report = await verifyPackage(bytes, { trustedFingerprint: publishedFingerprint });
      setState({ kind: "done", name: file.name, size: file.size, report });
    } catch (e) {
      setState({ kind: "error", name: file.name, message: e instanceof Error ? e.message : String(e) });
    }
  }

  return { state, check };
}

export function PackageVerifier({ publishedFingerprint, publishedKeyPem }: TProps) {
  const { state, check } = usePackageCheck(publishedFingerprint);
  const id = useId();

  const working = state.kind === "working";
  return (
    <div className={styles.layout}>
      <section className="panel" aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`}>Verify an evidence package</h1>
        <p>
          Check that a package from this lab is complete, unchanged since it was signed, and signed by the lab&apos;s key. <strong>The file never leaves your
          computer:</strong> it is checked in this browser and sent nowhere.
        </p>
        <PackageDropZone working={working} onFile={(file) => void check(file)} />

        <div className={styles.result} aria-live="polite" aria-busy={working}>
          {state.kind === "working" && (
            <p>
              Checking {state.name} ({formatBytes(state.size)})…
            </p>
          )}
          {state.kind === "error" && (
            <div className={styles.verdict} data-verdict="broken" role="alert">
              <strong>
                Could not check {state.name}: {state.message}
              </strong>
            </div>
          )}
          {state.kind === "done" && (
            <>
              <p className="muted">
                {state.name} ({formatBytes(state.size)}){state.report.bag && <> · bag {state.report.bag}</>}
              </p>
              <Verdict report={state.report} published={publishedFingerprint} />
            </>
          )}
        </div>
      </section>

      {state.kind === "done" && <ReportDetails id={id} report={state.report} />}

      <SigningKey id={id} publishedFingerprint={publishedFingerprint} publishedKeyPem={publishedKeyPem} report={state.kind === "done" ? state.report : null} />
    </div>
  );
}

/** Drop the package here or choose it; the hidden input does the choosing. */
function PackageDropZone({ working, onFile }: { working: boolean; onFile: (file: File) => void }) {
  const { zone, input, choose } = useFileDrop(onFile);
  return (
    <div className={styles.dropzone} {...zone}>
      <p>
        Drop the package (.zip) here, or{" "}
        <button type="button" className="btn btn-primary" disabled={working} onClick={choose}>
          Choose package
        </button>
      </p>
      <input {...input} accept=".zip,application/zip" aria-label="Evidence package to verify" disabled={working} />
    </div>
  );
}

/** Each check with its outcome, the problems found, and what the package says about itself. */
function ReportDetails({ id, report }: { id: string; report: TVerifyReport }) {
  return (
    <>
      <section className="panel" aria-labelledby={`${id}-checks`}>
        <h2 id={`${id}-checks`}>Checks</h2>
        <ul className={styles.checks}>
          {report.checks.map((c) => (
            <li key={c.id} data-status={c.status}>
              <span className={styles.mark} aria-hidden="true">
                {MARK[c.status]}
              </span>
              <span className="sr-only">{STATUS_TEXT[c.status]}: </span>
              <span>
                <strong>{c.label}</strong>
                <br />
                <span className={styles.detail}>{c.message}</span>
              </span>
            </li>
          ))}
        </ul>
        {report.problems.length > 0 && (
          <>
            <h3>Problems</h3>
            <ul className={styles.problems}>
              {report.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
            {report.problems.length > SHOWN_PROBLEMS && <p className="muted">and {report.problems.length - SHOWN_PROBLEMS} more.</p>}
          </>
        )}
      </section>

      {report.infoFields.length > 0 && (
        <section className="panel" aria-labelledby={`${id}-info`}>
          <h2 id={`${id}-info`}>What the package says about itself (bag-info.txt)</h2>
          <p className="muted">As written in the package; trust it only when the verdict above says intact and signed by the lab&apos;s key.</p>
          <dl className={styles.fields}>
            {report.infoFields.map(([k, v], i) => (
              <div key={i}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </>
  );
}

/** The key this Casebook publishes, whether a checked package's key matches it, and how to check without Casebook. */
function SigningKey({ id, publishedFingerprint, publishedKeyPem, report }: TProps & { id: string; report: TVerifyReport | null }) {
  return (
    <section className="panel" aria-labelledby={`${id}-key`}>
      <h2 id={`${id}-key`}>This Casebook&apos;s signing key</h2>
      <p>
        SHA-256 fingerprint: <span className="hash" data-testid="published-fingerprint">{publishedFingerprint}</span>
        {report && report.fingerprint && (
          <span className={styles.keyMatch} data-match={report.fingerprint === publishedFingerprint ? "yes" : "no"}>
            {report.fingerprint === publishedFingerprint ? "the package's key matches it" : "the package's key does NOT match it"}
          </span>
        )}
      </p>
      <details>
        <summary>Public key (PEM)</summary>
        <pre className={styles.pem}>{publishedKeyPem}</pre>
      </details>
      <h3 className={styles.howtoHead}>Without Casebook</h3>
      <p className={styles.howto}>
        Unzip the package, then in its folder: <code>python3 bagit.py --validate .</code> (the Library of Congress&apos;s bagit-python) checks every file
        against the manifests, and{" "}
        <code>openssl pkeyutl -verify -pubin -inkey signing-key.pem -rawin -in tagmanifest-sha256.txt -sigfile tagmanifest-sha256.txt.sig</code> checks the
        signature.
        <br />
        The key is the lab&apos;s when <code>openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum</code> prints the fingerprint above, as
        published by the lab.
      </p>
    </section>
  );
}
