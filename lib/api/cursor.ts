// Opaque keyset cursors: base64url JSON, validated on the way back in.
import { z } from "zod";
import { AppError } from "../errors";

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("bad_input", "cursor is not one this API gave out; start again without it.", [{ field: "cursor", message: "invalid cursor" }]);
  }
}
