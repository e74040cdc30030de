// One signing key for every host: the database records the installation's key by fingerprint the
// first time a host signs, a worker given another key refuses to start (exit 78, naming both keys)
// and claims nothing, and the console can change the installation's key on purpose, audited.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runAction } from "../lib/action";
import { cliActor, hostActor } from "../lib/actors";
import { db } from "../lib/db";
import { adoptSigningKeyAction, forgetSigningKeyCheck, SigningKeyMismatchError, signingKeyInUse } from "../lib/signing/identity";
import { loadOrCreateSigningKey } from "../lib/signing/key";
import { EXIT_WRONG_KEY } from "../scripts/worker-args";
import { caseWithToken, importStatus, spawnWorker, upload } from "./import-client";

const otherPem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const recorded = () => db().signingIdentity.findUniqueOrThrow({ where: { id: 1 } });

afterAll(() => forgetSigningKeyCheck());

describe("the installation's signing key", () => {
  it("is recorded once, by fingerprint, when a host first signs with it", async () => {
    const key = await loadOrCreateSigningKey();
    expect((await signingKeyInUse(hostActor("host-a"))).fingerprint).toBe(key.fingerprint);
    expect(await recorded()).toMatchObject({ fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem });
    // However many hosts start, one row and one event: the first to sign recorded it.
    forgetSigningKeyCheck();
    await signingKeyInUse(hostActor("host-b"));
    expect(await db().auditEvent.count({ where: { action: "signing.record" } })).toBe(1);
  });

  it("keeps a worker with another key from starting: it exits 78 naming both fingerprints, and claims nothing", { timeout: 60_000 }, async () => {
    const mine = await loadOrCreateSigningKey();
    const { c, token } = await caseWithToken();
    const res = await upload(c.id, token, "accounts", "account_id,created_at\nq_1,2026-04-01T00:00:00Z\n", "a.csv");
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    const worker = spawnWorker({ CASEBOOK_SIGNING_KEY_PEM: otherPem, CASEBOOK_HOST_NAME: "host-with-another-key" });
    const code = await new Promise<number | null>((r) => worker.proc.once("exit", r));
    expect(code).toBe(EXIT_WRONG_KEY);
    const said = worker.lines.join("\n");
    expect(said).toContain("refusing to run: This host's signing key (fingerprint ");
    expect(said).toContain("from CASEBOOK_SIGNING_KEY_PEM) is not the key this installation signs with (fingerprint " + mine.fingerprint);
    expect(said).toContain("It will not build packages or sign audit checkpoints with a second key.");
    expect(await importStatus(id)).toMatchObject({ status: "queued" });
    expect(await db().job.findFirstOrThrow({ where: { subjectId: id } })).toMatchObject({ status: "queued", attempts: 0, workerId: null });
  });

  it("changes only on purpose, from the console, audited both ways", async () => {
    const mine = await loadOrCreateSigningKey();
    const other = await (async () => {
      const { createPrivateKey, createPublicKey, createHash } = await import("node:crypto");
      const pub = createPublicKey(createPrivateKey(otherPem));
      return { fingerprint: createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex"), publicKeyPem: pub.export({ type: "spki", format: "pem" }).toString() };
    })();
    const adopted = await runAction(adoptSigningKeyAction, cliActor(), { ...other, host: "host-with-another-key" });
    expect(adopted).toMatchObject({ ok: true, data: { from: mine.fingerprint, to: other.fingerprint } });
    forgetSigningKeyCheck();
    // Now this host's own key is the second one: it refuses to sign a checkpoint or a package.
    await expect(signingKeyInUse(hostActor("host-a"))).rejects.toThrow(SigningKeyMismatchError);
    const back = await runAction(adoptSigningKeyAction, cliActor(), { fingerprint: mine.fingerprint, publicKeyPem: mine.publicKeyPem, host: "host-a" });
    expect(back).toMatchObject({ ok: true, data: { from: other.fingerprint, to: mine.fingerprint } });
    expect(await runAction(adoptSigningKeyAction, cliActor(), { fingerprint: mine.fingerprint, publicKeyPem: mine.publicKeyPem, host: "host-a" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    forgetSigningKeyCheck();
    expect((await signingKeyInUse(hostActor("host-a"))).fingerprint).toBe(mine.fingerprint);
    const events = await db().auditEvent.findMany({ where: { action: "signing.adopt" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => (e.data as { fingerprint: string }).fingerprint)).toEqual([other.fingerprint, mine.fingerprint]);
  });
});
