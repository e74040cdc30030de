// A real S3 API server in the test process (s3rver: objects as files in a temporary folder), and
// the environment that points Casebook at it. stop() closes it and removes its folder.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type TS3Server = {
  port: number;
  bucket: string;
  dir: string;
  env: Record<string, string>;
  /** The server goes away (the port refuses connections); its objects stay in the folder. */
  pause(): Promise<void>;
  /** The same server again, on the same port, with the same objects. */
  resume(): Promise<void>;
  stop(): Promise<void>;
};

export async function startS3Server(bucket = "casebook-test", port = 0): Promise<TS3Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "casebook-s3-"));
  const make = (p: number) => new S3rver({ port: p, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  let server: S3rver | null = make(port);
  const { port: bound } = await server.run();
  return {
    port: bound,
    bucket,
    dir,
    env: {
      CASEBOOK_S3_BUCKET: bucket,
      CASEBOOK_S3_ENDPOINT: `http://127.0.0.1:${bound}`,
      CASEBOOK_S3_REGION: "us-east-1",
      CASEBOOK_S3_ACCESS_KEY_ID: "S3RVER",
      CASEBOOK_S3_SECRET_ACCESS_KEY: "S3RVER",
      CASEBOOK_S3_FORCE_PATH_STYLE: "true",
    },
    async pause() {
      await server?.close();
      server = null;
    },
    async resume() {
      server ??= make(bound);
      await server.run();
    },
    async stop() {
      await server?.close();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
