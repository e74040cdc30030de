import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const SSO = { CASEBOOK_OIDC_ISSUER: "https://sso.example", CASEBOOK_OIDC_CLIENT_ID: "casebook", CASEBOOK_OIDC_CLIENT_SECRET: "s3cret" };

describe("import limits", () => {
  it("take a whole campaign by default: the June disclosure's 28.8M exchanges, plain or gzipped", () => {
    const e = parseEnv({});
    // 4.8 GB of plain JSONL (167 bytes an exchange, metadata only), as the bench generates it.
    const campaignBytes = 28_800_000 * 167;
    expect(e.CASEBOOK_MAX_UPLOAD_BYTES).toBeGreaterThan(campaignBytes);
    expect(e.CASEBOOK_MAX_DECOMPRESSED_BYTES).toBeGreaterThan(campaignBytes);
    expect(e.CASEBOOK_MAX_IMPORT_ROWS).toBeGreaterThan(28_800_000);
  });
});

describe("single sign-on settings", () => {
  it("are off when none is set, with auto-provisioning off", () => {
    const e = parseEnv({});
    expect(e.CASEBOOK_OIDC_ISSUER).toBeUndefined();
    expect(e.CASEBOOK_OIDC_AUTO_PROVISION).toBe(false);
  });

  it("are accepted all together", () => {
    const e = parseEnv({ ...SSO, CASEBOOK_OIDC_AUTO_PROVISION: "true" });
    expect(e.CASEBOOK_OIDC_CLIENT_ID).toBe("casebook");
    expect(e.CASEBOOK_OIDC_AUTO_PROVISION).toBe(true);
  });

  it("refuse to start with only some of issuer, client id and secret", () => {
    expect(() => parseEnv({ CASEBOOK_OIDC_ISSUER: SSO.CASEBOOK_OIDC_ISSUER })).toThrow(/CASEBOOK_OIDC_CLIENT_ID, CASEBOOK_OIDC_CLIENT_SECRET missing/);
    expect(() => parseEnv({ ...SSO, CASEBOOK_OIDC_CLIENT_SECRET: undefined })).toThrow(/CASEBOOK_OIDC_CLIENT_SECRET missing/);
  });

  it("refuse an issuer that is not a URL, and an auto-provision flag that is not a boolean", () => {
    expect(() => parseEnv({ ...SSO, CASEBOOK_OIDC_ISSUER: "sso.example" })).toThrow(/issuer URL/);
    expect(() => parseEnv({ ...SSO, CASEBOOK_OIDC_AUTO_PROVISION: "yes" })).toThrow(/CASEBOOK_OIDC_AUTO_PROVISION/);
  });
});

describe("settings for several hosts", () => {
  const S3 = { CASEBOOK_S3_BUCKET: "lab-casebook", CASEBOOK_S3_ACCESS_KEY_ID: "AKIA", CASEBOOK_S3_SECRET_ACCESS_KEY: "secret" };
  it("default to one host: both roles, the local folder, checkpoints in the file", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ CASEBOOK_ROLE: "all", CASEBOOK_CHECKPOINT_STORE: "file", CASEBOOK_S3_FORCE_PATH_STYLE: false, CASEBOOK_S3_PREFIX: "" });
    expect(e.CASEBOOK_S3_BUCKET).toBeUndefined();
  });

  it("refuse half the store's credentials, checkpoints in a store that is not set, and two signing keys", () => {
    expect(() => parseEnv({ ...S3, CASEBOOK_S3_SECRET_ACCESS_KEY: undefined })).toThrow(/CASEBOOK_S3_SECRET_ACCESS_KEY: CASEBOOK_S3_ACCESS_KEY_ID and CASEBOOK_S3_SECRET_ACCESS_KEY go together/);
    expect(() => parseEnv({ CASEBOOK_CHECKPOINT_STORE: "s3" })).toThrow(/CASEBOOK_CHECKPOINT_STORE: s3 keeps the checkpoints in the object store: set CASEBOOK_S3_BUCKET/);
    expect(() => parseEnv({ CASEBOOK_SIGNING_KEY_PEM: "x", CASEBOOK_SIGNING_KEY_FILE: "/run/secrets/k" })).toThrow(/not both/);
    expect(() => parseEnv({ CASEBOOK_ROLE: "scheduler" })).toThrow(/CASEBOOK_ROLE/);
    expect(() => parseEnv({ CASEBOOK_S3_PREFIX: "casebook" })).toThrow(/folder path ending in \//);
    expect(parseEnv({ ...S3, CASEBOOK_CHECKPOINT_STORE: "s3", CASEBOOK_ROLE: "worker", CASEBOOK_S3_PREFIX: "casebook/" })).toMatchObject({ CASEBOOK_ROLE: "worker", CASEBOOK_CHECKPOINT_STORE: "s3" });
  });
});
