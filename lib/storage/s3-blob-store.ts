// Evidence and packages in an S3-compatible bucket, content-addressed like the local folder: the
// object <prefix>blobs/<sha256>. The digest is known only once the last byte has gone up, so a put
// streams to a temporary object (a multipart upload of parts as they fill: never the whole file in
// memory), then copies it, inside the bucket, to its final key and deletes the temporary one. A
// CopyObject takes at most 5 GiB; past that the copy is a multipart upload of UploadPartCopy parts.
// Leftovers of a put that died half-way are under <prefix>tmp/: a lifecycle rule on that prefix
// (expire after a day, abort incomplete multipart uploads) clears them.
import { randomUUID } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { AppError } from "../errors";
import { assertKey, putMeter, type TBlobStore, type TStoredBlob } from "./blob-store";
import { inTurns } from "./in-turns";
import { s3Client, s3Config, s3Location, s3Sdk, type TS3Config } from "./s3";

const MiB = 1024 * 1024;
/** The largest object one CopyObject copies. */
export const MAX_SINGLE_COPY = 5 * 1024 * MiB;
/** Parts of a multipart copy: 64 for a 32 GiB file, within S3's 10,000 parts and 5 GiB a part. */
export const COPY_PART_BYTES = 512 * MiB;
const MAX_PARTS = 10_000;

/** The byte ranges (inclusive, as CopySourceRange takes them) of a multipart copy of `size` bytes. */
export function copyRanges(size: number, partBytes = COPY_PART_BYTES): Array<{ first: number; last: number }> {
  const ranges = [];
  for (let first = 0; first < size; first += partBytes) ranges.push({ first, last: Math.min(first + partBytes, size) - 1 });
  if (ranges.length > MAX_PARTS) throw new Error(`a copy of ${size} bytes in parts of ${partBytes} needs ${ranges.length} parts; S3 allows ${MAX_PARTS}`);
  return ranges;
}

/**
 * The part size of an upload that may grow to `maxBytes`: 16 MiB (a 32 GiB file is 2,048 parts),
 * larger only when the limit would need more than 10,000 parts. The uploader holds 4 parts in memory.
 */
export function uploadPartBytes(maxBytes: number): number {
  return Math.max(16 * MiB, Math.ceil(Math.min(maxBytes, 5 * 1024 * 1024 * MiB) / MAX_PARTS));
}

/** A missing key reads as S3's 404 (HeadObject's NotFound, GetObject's NoSuchKey). */
function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NotFound" || err.name === "NoSuchKey" || err.$metadata?.httpStatusCode === 404;
}

/**
 * Copies `from` to `to` inside the bucket: one CopyObject up to 5 GiB, else a multipart upload of
 * UploadPartCopy parts, 4 at a time (aborted if one fails, so no half object appears under `to`).
 */
export async function copyInBucket(client: Pick<S3Client, "send">, Bucket: string, from: string, to: string, size: number, limits = { maxSingleCopy: MAX_SINGLE_COPY, partBytes: COPY_PART_BYTES }) {
  const sdk = await s3Sdk();
  const CopySource = `${Bucket}/${from}`;
  if (size <= limits.maxSingleCopy) {
    await client.send(new sdk.CopyObjectCommand({ Bucket, Key: to, CopySource }));
    return;
  }
  const { UploadId } = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket, Key: to }));
  try {
    const etags = await inTurns(copyRanges(size, limits.partBytes), 4, async (r, i) => {
      const part = await client.send(new sdk.UploadPartCopyCommand({ Bucket, Key: to, UploadId, PartNumber: i + 1, CopySource, CopySourceRange: `bytes=${r.first}-${r.last}` }));
      return part.CopyPartResult!.ETag!;
    });
    await client.send(new sdk.CompleteMultipartUploadCommand({ Bucket, Key: to, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
  } catch (e) {
    await client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key: to, UploadId })).catch(() => {});
    throw e;
  }
}

export class S3BlobStore implements TBlobStore {
  readonly location: string;
  private client: Promise<S3Client> | null = null;

  constructor(
    private readonly config: TS3Config,
    client?: S3Client,
  ) {
    this.location = s3Location(config);
    if (client) this.client = Promise.resolve(client);
  }

  /** The object key of a stored file. */
  objectKey(key: string): string {
    assertKey(key);
    return `${this.config.prefix}blobs/${key}`;
  }

  private s3() {
    return (this.client ??= s3Client(this.config));
  }

  async put(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<TStoredBlob> {
    const [client, sdk, { Upload }] = await Promise.all([this.s3(), s3Sdk(), import("@aws-sdk/lib-storage")]);
    const Bucket = this.config.bucket;
    const tmp = `${this.config.prefix}tmp/${randomUUID()}`;
    const meter = putMeter(maxBytes);
    let refused: AppError | null = null;
    const source = pipeline(Readable.from(body), meter.stream, (e) => {
      if (e instanceof AppError) refused = e;
    });
    try {
      await new Upload({ client, params: { Bucket, Key: tmp, Body: source }, partSize: uploadPartBytes(maxBytes), queueSize: 4 }).done();
      const { sha256, size } = meter.result();
      const key = this.objectKey(sha256);
      // Already stored (the same bytes before): the copy there stays as it is.
      if ((await this.headSize(key)) === null) await copyInBucket(client, Bucket, tmp, key, size);
      return { key: sha256, sha256, size };
    } catch (e) {
      // The meter's own refusal (too large), rather than the uploader's account of it.
      throw refused ?? e;
    } finally {
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: tmp })).catch((e: Error) => console.error(`[storage] could not delete ${tmp} from ${this.location}: ${e.message}`));
    }
  }

  open(key: string): Readable {
    // A Readable at once (as the folder store gives), the GetObject sent when it is first read.
    return Readable.from(this.download(this.objectKey(key), key), { objectMode: false });
  }

  private async *download(Key: string, key: string): AsyncGenerator<Buffer> {
    const [client, sdk] = await Promise.all([this.s3(), s3Sdk()]);
    const got = await client.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key })).catch((e: unknown) => {
      if (isMissing(e)) throw new Error(`Evidence file ${key.slice(0, 12)}… is missing from ${this.location} (object ${Key}).`);
      throw e;
    });
    yield* got.Body as Readable;
  }

  private async headSize(Key: string): Promise<number | null> {
    const [client, sdk] = await Promise.all([this.s3(), s3Sdk()]);
    try {
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.config.bucket, Key }));
      return head.ContentLength ?? 0;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    return this.headSize(this.objectKey(key));
  }

  async probe(): Promise<void> {
    const [client, sdk] = await Promise.all([this.s3(), s3Sdk()]);
    // Quick or not at all: an unreachable endpoint must not hold /readyz past its own timeout.
    await client.send(new sdk.HeadBucketCommand({ Bucket: this.config.bucket }), { abortSignal: AbortSignal.timeout(5000) });
  }
}

/** The bucket as configured (CASEBOOK_S3_BUCKET), or null when the evidence is in the local folder. */
export function configuredS3BlobStore(): S3BlobStore | null {
  const config = s3Config();
  return config ? new S3BlobStore(config) : null;
}
