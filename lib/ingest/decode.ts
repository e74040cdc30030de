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

export async function* decodeText(src: AsyncIterable<Uint8Array>, options: TDecodeOptions = {}): AsyncGenerator<string> {
  const it = src[Symbol.asyncIterator]();
  try {
    yield* decode(it, options);
  } finally {
    // However decoding ends (a bomb, a bad byte, a caller that stopped reading), close the source
    // now rather than leave the file open until the garbage collector finds it.
    await it.return?.();
  }
}

async function* decode(it: AsyncIterator<Uint8Array>, { onRawBytes, info = {}, gunzipLimit }: TDecodeOptions): AsyncGenerator<string> {
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
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const where = gzipped ? "of the decompressed data" : "";
  try {
    for await (const chunk of bytes) {
      if (gunzip && gunzipLimit && offset + chunk.length > gunzipLimit.bytes) {
        gunzip.destroy();
        throw new IngestFileError(gunzipLimitMessage(gunzipLimit));
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new IngestFileError(`the file is not valid UTF-8 text (a bad byte sequence within bytes ${offset}–${offset + chunk.length} ${where}). Save it as UTF-8 and import it again.`);
      }
      offset += chunk.length;
      if (text) yield text;
    }
  } catch (e) {
    if (e instanceof IngestFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || /unexpected end of file|incorrect header check|invalid/i.test((e as Error).message)) {
      throw new IngestFileError(`the gzip data is truncated or damaged (${(e as Error).message}). Compress the file again, or send it uncompressed.`);
    }
    throw e;
  }
  try {
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch {
    throw new IngestFileError("the file ends in the middle of a UTF-8 character: it is truncated or not UTF-8.");
  }
}
