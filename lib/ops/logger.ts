// The logger for TypeScript code (the worker, the start script, route handlers): lib/ops/log.mjs in
// the format CASEBOOK_LOG_FORMAT asks for. Not named log.ts: bundlers resolve "./log" to log.mjs.
import { env } from "../env";
import { createLogger, logFormat, type TLog } from "./log.mjs";

export type { TLog, TLogFields } from "./log.mjs";

const loggers = new Map<string, TLog>();

/** The logger of one part of Casebook ("worker", "start", "readyz"…): `log(msg, fields?)`, `log.warn`, `log.error`. */
export function logger(component: string): TLog {
  let log = loggers.get(component);
  if (!log) loggers.set(component, (log = createLogger(component, { format: logFormat(env().CASEBOOK_LOG_FORMAT) })));
  return log;
}
