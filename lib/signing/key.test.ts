import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
    const k = await loadOrCreateSigningKey(tmp());
    const der = execFileSync("openssl", ["pkey", "-pubin", "-in", path.join(k.dir, PUBLIC_KEY_FILE), "-outform", "DER"]);
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
