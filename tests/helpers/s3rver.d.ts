// s3rver 3.7 ships no types: the part of its API the tests use.
declare module "s3rver" {
  type TBucket = { name: string; configs: Array<string | Buffer> };
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string; configureBuckets?: TBucket[]; resetOnClose?: boolean });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
