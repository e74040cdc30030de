import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { envChanges } from "../../tests/helpers/env";
import { loadOrCreateSigningKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, readLocalPublicKey } from "./key";

const tmp = () => path.join(mkdtempSync(path.join(os.tmpdir(), "signing-key-")), "signing");

describe("loadOrCreateSigningKey", () => {
  it("makes an Ed25519 key on first use, private 0600 in a 0700 folder, and finds it again", async () => {
    const dir = tmp();
    expect(await readLocalPublicKey(dir)).toBeNull();
    const k = await loadOrCreateSigningKey(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, PRIVATE_KEY_FILE), "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(path.join(dir, PUBLIC_KEY_FILE), "utf8")).toBe(k.publicKeyPem);
    expect(k.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await k.sign(new Uint8Array([1, 2, 3]))).length).toBe(64);
    expect(await readLocalPublicKey(dir)).toMatchObject({ fingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem });
  });

  it("has the fingerprint openssl computes from the public key's DER", async () => {
    const dir = tmp();
    const k = await loadOrCreateSigningKey(dir);
    const der = execFileSync("openssl", ["pkey", "-pubin", "-in", path.join(dir, PUBLIC_KEY_FILE), "-outform", "DER"]);
    const sum = execFileSync("sha256sum", { input: der }).toString().split(" ")[0];
    expect(sum).toBe(k.fingerprint);
  });

  it("ends with one key when several processes make it at once", async () => {
    const dir = tmp();
    const script = `import { loadOrCreateSigningKey } from ${JSON.stringify(path.resolve("lib/signing/key.ts"))}; console.log((await loadOrCreateSigningKey(${JSON.stringify(dir)})).fingerprint);`;
    const file = path.join(path.dirname(dir), "race.mts");
    writeFileSync(file, script);
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ["--import", "tsx", file], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
      });
    const prints = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(prints).size).toBe(1);
    expect((await readLocalPublicKey(dir))!.fingerprint).toBe(prints[0]);
  }, 30_000);
});

describe("a signing key from outside the host", () => {
  const pem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const env = envChanges();
  const given = env.set;
  afterEach(() => env.restore());

  it("signs with the PEM in CASEBOOK_SIGNING_KEY_PEM, with its line breaks real or written as \\n, and makes no key of its own", async () => {
    const dir = tmp();
    const key = pem();
    const fromFolder = await loadOrCreateSigningKey(tmp());
    given({ CASEBOOK_SIGNING_KEY_DIR: dir, CASEBOOK_SIGNING_KEY_PEM: key });
    const k = await loadOrCreateSigningKey();
    expect(k.source).toEqual({ kind: "variable" });
    expect(k.fingerprint).not.toBe(fromFolder.fingerprint);
    expect(existsSync(dir)).toBe(false);
    expect((await readLocalPublicKey())!.fingerprint).toBe(k.fingerprint);
    given({ CASEBOOK_SIGNING_KEY_PEM: key.trim().replace(/\n/g, "\\n") });
    expect((await loadOrCreateSigningKey()).fingerprint).toBe(k.fingerprint);
  });

  it("reads a mounted file, and never makes one in its place", async () => {
    const dir = tmp();
    const file = path.join(path.dirname(dir), "mounted.pem");
    writeFileSync(file, pem(), { mode: 0o400 });
    given({ CASEBOOK_SIGNING_KEY_DIR: dir, CASEBOOK_SIGNING_KEY_FILE: file });
    const k = await loadOrCreateSigningKey();
    expect(k.source).toEqual({ kind: "file", file });
    expect(statSync(file).mode & 0o777).toBe(0o400); // a mounted secret is left as it is
    const missing = path.join(path.dirname(dir), "absent.pem");
    given({ CASEBOOK_SIGNING_KEY_FILE: missing });
    await expect(loadOrCreateSigningKey()).rejects.toThrow(`CASEBOOK_SIGNING_KEY_FILE names ${missing}, which cannot be read (ENOENT). Mount the key there; Casebook never makes one in its place.`);
    expect(existsSync(missing) || existsSync(dir)).toBe(false);
  });

  it("refuses a key that is not Ed25519 PKCS#8, or both variables at once", async () => {
    given({ CASEBOOK_SIGNING_KEY_PEM: "not a key" });
    await expect(loadOrCreateSigningKey()).rejects.toThrow(/The signing key in CASEBOOK_SIGNING_KEY_PEM is not a readable PKCS#8 private key .* openssl genpkey -algorithm ed25519/);
    given({ CASEBOOK_SIGNING_KEY_PEM: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
    await expect(loadOrCreateSigningKey()).rejects.toThrow("The signing key in CASEBOOK_SIGNING_KEY_PEM is a ec key, not Ed25519.");
    given({ CASEBOOK_SIGNING_KEY_PEM: pem(), CASEBOOK_SIGNING_KEY_FILE: "/run/secrets/casebook.pem" });
    await expect(loadOrCreateSigningKey()).rejects.toThrow(/CASEBOOK_SIGNING_KEY_PEM or CASEBOOK_SIGNING_KEY_FILE, not both/);
  });
});
