// The S3-compatible object store's settings and client, for everything Casebook keeps in the bucket
// (evidence and packages: lib/storage/s3-blob-store.ts; signed audit checkpoints). The AWS SDK is
// imported only when a client is asked for: a Casebook on its local folder never loads it (on
// Node 20 it prints a deprecation warning as it loads).
import type { S3Client } from "@aws-sdk/client-s3";
import { env, type TEnv } from "../env";
import { StartupError } from "../errors";

export type TS3Config = {
  bucket: string;
  /** A folder in the bucket for this installation ("" or ending in /); every key starts with it. */
  prefix: string;
  region: string;
  /** Unset: AWS S3 itself. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default chain (AWS_* variables, shared config, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** The object store as configured, or null when Casebook keeps its files in the local folder. */
export function s3Config(e: TEnv = env()): TS3Config | null {
  if (!e.CASEBOOK_S3_BUCKET) return null;
  const id = e.CASEBOOK_S3_ACCESS_KEY_ID;
  const secret = e.CASEBOOK_S3_SECRET_ACCESS_KEY;
  if (Boolean(id) !== Boolean(secret)) {
    throw new StartupError(
      `CASEBOOK_S3_ACCESS_KEY_ID and CASEBOOK_S3_SECRET_ACCESS_KEY go together: ${id ? "the secret" : "the key id"} is missing. Set both, or neither to use the AWS SDK's own credentials (AWS_* variables, instance role).`,
    );
  }
  return {
    bucket: e.CASEBOOK_S3_BUCKET,
    prefix: e.CASEBOOK_S3_PREFIX,
    region: e.CASEBOOK_S3_REGION,
    endpoint: e.CASEBOOK_S3_ENDPOINT,
    forcePathStyle: e.CASEBOOK_S3_FORCE_PATH_STYLE,
    credentials: id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined,
  };
}

/** How a place in the bucket is named in messages, logs and the audit log: s3://bucket/prefix. */
export function s3Location(config: Pick<TS3Config, "bucket" | "prefix">): string {
  return `s3://${config.bucket}/${config.prefix}`;
}

/** The SDK's S3 module, loaded on first use. */
export function s3Sdk() {
  return import("@aws-sdk/client-s3");
}

const clients = new Map<string, Promise<S3Client>>();

/** A client for `config` (default: the configured store), one per process and configuration. */
export function s3Client(config: TS3Config | null = s3Config()): Promise<S3Client> {
  if (!config) throw new Error("The object store is not configured (CASEBOOK_S3_BUCKET is not set).");
  const id = JSON.stringify([config.region, config.endpoint, config.forcePathStyle, config.credentials?.accessKeyId, config.credentials?.secretAccessKey]);
  let client = clients.get(id);
  if (!client) {
    client = s3Sdk().then(({ S3Client }) => new S3Client({ region: config.region, endpoint: config.endpoint, forcePathStyle: config.forcePathStyle, credentials: config.credentials }));
    clients.set(id, client);
  }
  return client;
}
