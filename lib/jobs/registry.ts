// Which handler runs each kind of job. A new kind adds its name to JOB_KINDS and a line here.
import { analysisJobHandler } from "../analysis/job";
import { exportJobHandler } from "../exports/job";
import { importJobHandler } from "../ingest/import-job";
import type { TJobHandler } from "./handler";
import type { TJobKind } from "./queue";

const HANDLERS: Record<TJobKind, TJobHandler> = {
  import: importJobHandler,
  analysis: analysisJobHandler,
  export: exportJobHandler,
};

export function jobHandler(kind: TJobKind): TJobHandler {
  const h = HANDLERS[kind];
  if (!h) throw new Error(`no handler for jobs of kind ${kind}`);
  return h;
}
