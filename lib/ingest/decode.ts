// Bytes → text, streaming: gunzips when the data starts with gzip's magic bytes (whatever the
// file is called), decodes strict UTF-8 (a leading BOM is dropped), and turns the ways a file can
// be broken into one error a person can act on. Memory stays bounded by the chunk size.
import { Readable, pipeline } from "node:stream";
import zlib from "node:zlib";
import { gunzipLimitMessage, type TGunzipLimit } from "./gunzip-limit";

export class IngestFileError extends Error {}

export type TDecodeOptions = {
  /** Told the size of every raw (for a gzip, compressed) chunk read from the source. */
  onRawBytes?: (n: number) => void;
  /** Filled in once the first bytes are seen. */
  info?: { gzipped?: boolean };
  /** Gzipped data may expand this far; decompression stops the moment it goes past. */
  gunzipLimit?: TGunzipLimit;
};

/** The file's bytes, gunzipped when it is a gzip (within the limit), each chunk once. */
export async function* decodeBytes(src: AsyncIterable<Uint8Array>, options: TDecodeOptions = {}): AsyncGenerator<Uint8Array> {
  const it = src[Symbol.asyncIterator]();
  try {
    yield* inflate(it, options);
  } finally {
    // However decoding ends (a bomb, a bad byte, a caller that stopped reading), close the source
    // now rather than leave the file open until the garbage collector finds it.
    await it.return?.();
  }
}

/** The file as text, strict UTF-8 (a leading BOM dropped). */
export async function* decodeText(src: AsyncIterable<Uint8Array>, options: TDecodeOptions = {}): AsyncGenerator<string> {
  const info = options.info ?? {};
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  for await (const chunk of decodeBytes(src, { ...options, info })) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(offset, chunk.length, info.gzipped === true);
    }
    offset += chunk.length;
    if (text) yield text;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    throw new IngestFileError("the file ends in the middle of a UTF-8 character: it is truncated or not UTF-8.");
  }
}

/** The words for bytes that are not UTF-8, at `offset` (of the decompressed data, for a gzip). */
export function notUtf8(offset: number, length: number, gzipped: boolean): IngestFileError {
  return new IngestFileError(
    `the file is not valid UTF-8 text (a bad byte sequence within bytes ${offset}–${offset + length} ${gzipped ? "of the decompressed data" : ""}). Save it as UTF-8 and import it again.`,
  );
}

async function* inflate(it: AsyncIterator<Uint8Array>, { onRawBytes, info = {}, gunzipLimit }: TDecodeOptions): AsyncGenerator<Uint8Array> {
  const first = await it.next();
  if (first.done) return;
  async function* counted() {
    onRawBytes?.(first.value!.length);
    yield first.value!;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      onRawBytes?.(n.value.length);
      yield n.value;
    }
  }
  const gzipped = first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b;
  info.gzipped = gzipped;
  // Read only a chunk ahead of the inflater, so a bomb is stopped having read little of the file.
  const gunzip = gzipped ? pipeline(Readable.from(counted(), { highWaterMark: 1 }), zlib.createGunzip(), () => {}) : null;
  const bytes: AsyncIterable<Uint8Array> = gunzip ?? counted();
  let offset = 0;
  try {
    for await (const chunk of bytes) {
      if (gunzip && gunzipLimit && offset + chunk.length > gunzipLimit.bytes) {
        gunzip.destroy();
        throw new IngestFileError(gunzipLimitMessage(gunzipLimit));
      }
      offset += chunk.length;
      yield chunk;
    }
  } catch (e) {
    if (e instanceof IngestFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || /unexpected end of file|incorrect header check|invalid/i.test((e as Error).message)) {
      throw new IngestFileError(`the gzip data is truncated or damaged (${(e as Error).message}). Compress the file again, or send it uncompressed.`);
    }
    throw e;
  }
}
