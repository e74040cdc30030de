// The sign-in limiter: failed sign-ins counted per account and per address in a fixed window that
// starts at the first failure. Past the limit the key is locked until its window ends. The counts
// live in Postgres (sign_in_throttle), updated by one atomic upsert, so every app instance agrees.
import "server-only";
import { db } from "../db";

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

export type TThrottleKey = { key: string; limit: number; kind: "account" | "ip" };

export function throttleKeys(email: string, ip: string | null): TThrottleKey[] {
  const keys: TThrottleKey[] = [{ key: `account:${email.toLowerCase()}`, limit: ACCOUNT_LIMIT, kind: "account" }];
  if (ip) keys.push({ key: `ip:${ip}`, limit: IP_LIMIT, kind: "ip" });
  return keys;
}

export type TLock = { kind: "account" | "ip"; until: Date };

/** The first of the keys that is locked at `now`, with when it opens again; null when none is. */
export async function lockedKey(keys: TThrottleKey[], now: Date): Promise<TLock | null> {
  const rows = await db().signInThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  for (const k of keys) {
    const row = rows.find((r) => r.key === k.key);
    if (!row) continue;
    const until = new Date(row.windowStart.getTime() + THROTTLE_WINDOW_MS);
    if (row.failures >= k.limit && until > now) return { kind: k.kind, until };
  }
  return null;
}

/**
 * Counts one failure against each key; returns the keys this failure locked (it reached the limit
 * exactly now), so the lockout is audited once. A window that has passed starts afresh.
 */
export async function countFailure(keys: TThrottleKey[], now: Date): Promise<TLock[]> {
  const locked: TLock[] = [];
  const expiredBefore = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  for (const k of keys) {
    const [row] = await db().$queryRaw<{ windowStart: Date; failures: number }[]>`
      INSERT INTO sign_in_throttle (key, "windowStart", failures) VALUES (${k.key}, ${now}, 1)
      ON CONFLICT (key) DO UPDATE SET
        "windowStart" = CASE WHEN sign_in_throttle."windowStart" <= ${expiredBefore} THEN ${now} ELSE sign_in_throttle."windowStart" END,
        failures = CASE WHEN sign_in_throttle."windowStart" <= ${expiredBefore} THEN 1 ELSE sign_in_throttle.failures + 1 END
      RETURNING "windowStart", failures`;
    if (row && row.failures === k.limit) locked.push({ kind: k.kind, until: new Date(row.windowStart.getTime() + THROTTLE_WINDOW_MS) });
  }
  return locked;
}

/** A successful sign-in clears its account's count; never the address's (one good account must not reset an attacker's count). */
export async function clearAccount(email: string): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key: `account:${email.toLowerCase()}` } });
}

/** "Try again in 12 minutes.": whole minutes, rounded up, at least one. */
export function lockMessage(lock: TLock, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lock.until.getTime() - now.getTime()) / 60_000));
  const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return lock.kind === "account" ? `Too many attempts for this account. ${wait}` : `Too many sign-in attempts from your network. ${wait}`;
}
