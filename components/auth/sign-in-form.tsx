"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";

/** Only same-site paths: a callbackUrl must never send someone to another origin. */
function safeCallback(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/cases";
  return raw;
}

/** What a `?error=` on the sign-in page means, in words (single sign-on lands here when refused). */
function errorInWords(code: string | null, email: string | null): string | null {
  if (!code) return null;
  // The email is shown as text and only when it looks like one: a crafted link cannot say much else.
  const who = email && email.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : "this email";
  switch (code) {
    case "oidc_unknown_user":
      return `No Casebook account for ${who}. Ask an admin to add you.`;
    case "oidc_unverified_email":
      return "Your sign-on provider has not verified your email address, so Casebook cannot match it to an account.";
    case "oidc_disabled":
      return "This Casebook account is disabled. Ask an admin.";
    case "SessionRequired":
      return null;
    case "OAuthSignin":
    case "OAuthCallback":
    case "Callback":
    case "OAuthCreateAccount":
    case "OAuthAccountNotLinked":
      return "Single sign-on did not complete. Try again, or sign in with your password.";
    default:
      return "Sign-in was refused. Try again.";
  }
}

export function SignInForm({ sso }: { sso: { name: string } | null }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(() => errorInWords(searchParams.get("error"), searchParams.get("email")));
  const [pending, setPending] = useState(false);

  async function onSso() {
    setPending(true);
    setError(null);
    // next-auth posts to /api/auth/signin/oidc with its CSRF token, then sends the browser to the issuer.
    await signIn("oidc", { callbackUrl: safeCallback(searchParams.get("callbackUrl")) });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!res || res.error || !res.ok) {
      setPending(false);
      // The limiter's refusal (lib/auth/throttle.ts) says how long to wait; every other stays generic.
      setError(res?.error?.startsWith("Too many") ? res.error : "Wrong email or password, or the account is disabled.");
      return;
    }
    router.push(safeCallback(searchParams.get("callbackUrl")));
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {sso && (
        <button type="button" className="btn" disabled={pending} onClick={onSso}>
          Sign in with {sso.name}
        </button>
      )}
    </form>
  );
}
