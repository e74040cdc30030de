// Prisma's schema engine as WebAssembly: the native CLI engine is downloaded at run time, which
// this network cannot do. Used by the migration maker and the schema-drift test (dev only).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

type Engine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
};

const require = createRequire(import.meta.url);

export async function loadSchemaEngine(connectionString: string, schemaPath: string): Promise<Engine> {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = await import(path.join(dir, "schema_engine_bg.js"));
  const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  const schema = await readFile(schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const log = () => {};
  return bg.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
}

/** SQL that takes a database from schema `from` (null = empty) to schema `to`. */
export async function diffSchemas(engine: Engine, from: string | null, to: string): Promise<string> {
  const target = (content: string) => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
  const r = await engine.diff({
    from: from === null ? { tag: "empty" } : target(from),
    to: target(to),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return r.stdout ?? "";
}
