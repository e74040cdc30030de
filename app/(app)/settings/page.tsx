import type { Metadata } from "next";
import { SignOutEverywhereButton } from "@/components/auth/sign-out-everywhere-button";
import { ShortcutSetting } from "@/components/samples/shortcut-mode";
import { TokenCreateForm } from "@/components/settings/token-create-form";
import { TokenList, type TTokenRow } from "@/components/settings/token-list";
import { requireUser } from "@/lib/session";
import { listOwnTokens } from "@/lib/tokens/queries";
import { signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

function statusOf(t: { revokedAt: string | null; expiresAt: string | null }, now: number): TTokenRow["status"] {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return "expired";
  return "active";
}

function requestTime() {
  return Date.now();
}

export default async function SettingsPage() {
  const user = await requireUser();
  const tokens = await listOwnTokens(user);
  const now = requestTime();
  const rows: TTokenRow[] = tokens.map((t) => ({ ...t, status: statusOf(t, now) }));
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <section className="panel" aria-labelledby="tokens-h">
        <h2 id="tokens-h">API tokens</h2>
        <p className="muted">
          Tokens let scripts and the detection pipeline use the Casebook API as you ({user.email}), with your permissions. Send one as{" "}
          <code>Authorization: Bearer …</code>. Revoke a token as soon as nothing uses it.
        </p>
        <TokenCreateForm />
        <TokenList tokens={rows} />
      </section>
      <section className="panel" aria-labelledby="keys-h">
        <h2 id="keys-h">Keyboard</h2>
        <ShortcutSetting />
      </section>
      <section className="panel" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Sessions</h2>
        <p className="muted">Signed in somewhere you should not be? Sign out everywhere: every browser signed in as you is signed out at its next click, and every API token above is revoked.</p>
        <SignOutEverywhereButton run={signOutEverywhereAction.bind(null, {})} isSelf />
      </section>
    </>
  );
}
