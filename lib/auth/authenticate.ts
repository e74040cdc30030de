// One sign-in attempt: the limiter first (a locked account or address is refused before its
// password is even checked), then the password, then the audit. lib/auth/options.ts calls it; the
// tests call it directly, with the clock they need.
import "server-only";
import bcrypt from "bcryptjs";
import { runAction, type TResult } from "../action";
import { authActor } from "../actors";
import type { TRole } from "../authz";
import { db } from "../db";
import { ZSignInInput } from "../users/schema";
import { recordLockoutAction, recordSignInAction, recordSignInFailureAction } from "./sign-in";
import { clearAccount, countFailure, lockedKey, lockMessage, throttleKeys } from "./throttle";

const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", 10);

export type TSignedIn = { id: string; email: string; name: string; sessionVersion: number };
/** `message` is what the person may be told; null means the generic "wrong email or password". */
export type TSignInOutcome = { ok: true; user: TSignedIn } | { ok: false; message: string | null };

export async function authenticate(raw: unknown, ip: string | null, now = new Date()): Promise<TSignInOutcome> {
  const parsed = ZSignInInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: null };
  const email = parsed.data.email.toLowerCase();
  const keys = throttleKeys(email, ip);
  const user = await db().user.findUnique({ where: { email } });

  const lock = await lockedKey(keys, now);
  if (lock) {
    await audited(runAction(recordSignInFailureAction, authActor(), { email, userId: user?.id ?? null, reason: "locked", ip }));
    return { ok: false, message: lockMessage(lock, now) };
  }

  // Compare against a dummy hash when the user is unknown so timing does not reveal accounts.
  const ok = await bcrypt.compare(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  const reason = !user ? "unknown_user" : !ok ? "wrong_password" : user.disabled ? "disabled" : null;
  if (reason) {
    await audited(runAction(recordSignInFailureAction, authActor(), { email, userId: user?.id ?? null, reason, ip }));
    const locks = await countFailure(keys, now);
    for (const l of locks) await audited(runAction(recordLockoutAction, authActor(), { email, userId: user?.id ?? null, kind: l.kind, until: l.until, ip }));
    // The attempt that reaches the limit says so at once, rather than on the next try.
    return { ok: false, message: locks[0] ? lockMessage(locks[0], now) : null };
  }

  const person = { id: user!.id, email: user!.email, name: user!.name, role: user!.role as TRole, disabled: false };
  const r = await runAction(recordSignInAction, authActor(person), { userId: person.id, ip });
  // A sign-in the audit log cannot record does not happen.
  if (!r.ok) return { ok: false, message: null };
  await clearAccount(email);
  return { ok: true, user: { id: person.id, email: person.email, name: person.name, sessionVersion: user!.sessionVersion } };
}

async function audited(pending: Promise<TResult<unknown>>) {
  const r = await pending;
  if (!r.ok) console.error(`could not record a sign-in event: ${r.error.message}`);
}
