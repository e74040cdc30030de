import { describe, expect, it } from "vitest";
import type { TBlobStore } from "../storage/blob-store";
import { checkObjectsForRestore, describeObjectProblems, formatObjects, objectProblems, parseObjects } from "./objects";

const key = (c: string) => c.repeat(64);

/** A store that only answers sizes, from a map. */
const sizes = (m: Record<string, number>, location = "s3://b/p/") => ({ location, size: async (k: string) => m[k] ?? null }) as unknown as TBlobStore;

describe("the list of files a backup leaves in an object store", () => {
  it("reads back as written, and names a line that is not an entry", () => {
    const list = [
      { key: key("a"), size: 10 },
      { key: key("b"), size: 0 },
    ];
    expect(parseObjects(formatObjects(list))).toEqual({ ok: true, objects: list });
    expect(parseObjects(Buffer.from(""))).toEqual({ ok: true, objects: [] });
    expect(parseObjects(Buffer.from(`${JSON.stringify({ key: key("a"), size: 1 })}\n{"key":"../etc","size":1}\n`))).toEqual({ ok: false, problem: "line 2 is not a stored file's key and size" });
    expect(parseObjects(Buffer.from("not json\n"))).toEqual({ ok: false, problem: "line 1 is not a stored file's key and size" });
  });

  it("finds the files a store lacks or holds at another size, and a restore refuses them unless forced", async () => {
    const list = [
      { key: key("a"), size: 10 },
      { key: key("b"), size: 20 },
      { key: key("c"), size: 30 },
    ];
    const store = sizes({ [key("a")]: 10, [key("b")]: 21 });
    const problems = await objectProblems(store, list);
    expect(problems).toEqual([
      { key: key("b"), size: 20, found: 21 },
      { key: key("c"), size: 30, found: null },
    ]);
    expect(describeObjectProblems(problems, "s3://b/p/")).toBe(`2 evidence file(s) the backup's rows use are not in s3://b/p/ as recorded: ${key("b")} (21 bytes, not 20), ${key("c")} (missing)`);
    const log: string[] = [];
    await expect(checkObjectsForRestore(store, list, "s3://old/", { force: false, log: (m) => log.push(m) })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("--force restores the database without them") });
    expect(await checkObjectsForRestore(store, list, "s3://b/p/", { force: true, log: (m) => log.push(m) })).toEqual({ files: 1, bytes: 60 });
    expect(log).toEqual(["the backup's evidence was in s3://old/; looking for it in s3://b/p/, as configured", expect.stringMatching(/^warning: 2 evidence file\(s\).*--force: restored without them/)]);
  });
});
