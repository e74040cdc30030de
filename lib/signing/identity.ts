// One signing key for every host. The database records the fingerprint of the key this
// installation signs with (table signing_identity, one row): the first host to start with a key
// records it, and from then on every host compares its own key before it builds a package or signs
// an audit checkpoint. A host whose key differs refuses, naming both fingerprints, rather than sign
// with a second key (recipients check packages against one published fingerprint). Changing the
// key on purpose is `npm run casebook -- signing-key adopt` on a host that has the new key.
import { z } from "zod";
import { defineSystemAction, runAction } from "../action";
import type { TActor } from "../authz";
import { db } from "../db";
import { hostName } from "../env";
import { AppError } from "../errors";
import { describeKeySource, loadOrCreateSigningKey, type TSigningKey } from "./key";

export class SigningKeyMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyMismatchError";
  }
}

const ZFingerprint = z.string().regex(/^[0-9a-f]{64}$/, "a fingerprint is 64 hex digits");
const ZIdentity = z.object({ fingerprint: ZFingerprint, publicKeyPem: z.string().min(1).max(2000), host: z.string().min(1).max(300) });

/** The first key seen becomes the installation's key; if another host got there first, nothing is written. */
export const recordSigningKeyAction = defineSystemAction({
  name: "signing.record",
  input: ZIdentity,
  permission: "signing.record",
  load: async () => ({ caseId: null }),
  async run({ tx, input }) {
    const inserted = await tx.$queryRaw<Array<{ fingerprint: string }>>`
      INSERT INTO signing_identity (id, fingerprint, "publicKeyPem", "recordedBy") VALUES (1, ${input.fingerprint}, ${input.publicKeyPem}, ${input.host})
      ON CONFLICT (id) DO NOTHING RETURNING fingerprint`;
    if (!inserted.length) throw new AppError("conflict", "Another host recorded the installation's signing key first.");
    return { result: input.fingerprint, audit: { action: "signing.record", entityType: "signing_key", entityId: input.fingerprint, caseId: null, data: { fingerprint: input.fingerprint, host: input.host } } };
  },
});

/** Makes this host's key the installation's key, replacing the one recorded (the console only). */
export const adoptSigningKeyAction = defineSystemAction({
  name: "signing.adopt",
  input: ZIdentity,
  permission: "signing.record",
  load: async () => ({ caseId: null }),
  async run({ tx, input }) {
    const before = await tx.signingIdentity.findUnique({ where: { id: 1 } });
    if (before?.fingerprint === input.fingerprint) throw new AppError("conflict", `The installation already signs with this key (${input.fingerprint}).`);
    await tx.signingIdentity.upsert({
      where: { id: 1 },
      create: { id: 1, fingerprint: input.fingerprint, publicKeyPem: input.publicKeyPem, recordedBy: input.host },
      update: { fingerprint: input.fingerprint, publicKeyPem: input.publicKeyPem, recordedBy: input.host, recordedAt: new Date() },
    });
    return {
      result: { from: before?.fingerprint ?? null, to: input.fingerprint },
      audit: { action: "signing.adopt", entityType: "signing_key", entityId: input.fingerprint, caseId: null, data: { from: before?.fingerprint ?? null, fingerprint: input.fingerprint, host: input.host } },
    };
  },
});

export function mismatchMessage(key: TSigningKey, recorded: { fingerprint: string; recordedAt: Date; recordedBy: string }): string {
  return (
    `This host's signing key (fingerprint ${key.fingerprint}, from ${describeKeySource(key.source)}) is not the key this installation signs with ` +
    `(fingerprint ${recorded.fingerprint}, recorded ${recorded.recordedAt.toISOString()} by ${recorded.recordedBy}). ` +
    `It will not build packages or sign audit checkpoints with a second key. Give this host the installation's key ` +
    `(CASEBOOK_SIGNING_KEY_PEM or CASEBOOK_SIGNING_KEY_FILE), or, to change the installation's key on purpose, ` +
    `run \`npm run casebook -- signing-key adopt\` on a host that has the new one.`
  );
}

const CHECK_TTL_MS = 30_000;
let checked: { fingerprint: string; at: number } | null = null;

/**
 * The key to sign with, once it is the installation's key: records it when the database has none
 * yet, throws SigningKeyMismatchError when the recorded one differs. A match is remembered for
 * 30 s, so a burst of checkpoints costs one query.
 */
export async function signingKeyInUse(actor: TActor, key?: TSigningKey): Promise<TSigningKey> {
  const k = key ?? (await loadOrCreateSigningKey());
  if (checked && checked.fingerprint === k.fingerprint && Date.now() - checked.at < CHECK_TTL_MS) return k;
  let recorded = await db().signingIdentity.findUnique({ where: { id: 1 } });
  if (!recorded) {
    const r = await runAction(recordSigningKeyAction, actor, { fingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem, host: hostName() });
    if (!r.ok && r.error.code !== "conflict") throw new Error(`could not record the signing key: ${r.error.message}`);
    recorded = await db().signingIdentity.findUniqueOrThrow({ where: { id: 1 } });
  }
  if (recorded.fingerprint !== k.fingerprint) {
    checked = null;
    throw new SigningKeyMismatchError(mismatchMessage(k, recorded));
  }
  checked = { fingerprint: k.fingerprint, at: Date.now() };
  return k;
}

/** Forgets the remembered match (tests that change keys). */
export function forgetSigningKeyCheck(): void {
  checked = null;
}
