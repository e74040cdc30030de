// Types of lib/ops/log.mjs (plain JavaScript: the web server runs it without a TypeScript loader).
export type TLogFields = Record<string, unknown>;
export type TLog = {
  (msg: string, fields?: TLogFields): void;
  info(msg: string, fields?: TLogFields): void;
  warn(msg: string, fields?: TLogFields): void;
  error(msg: string, fields?: TLogFields): void;
};
export type TLogFormat = "json" | "text";
export function safeFields(fields: TLogFields | undefined): TLogFields;
export function textLine(time: Date, level: string, component: string, msg: string, fields?: TLogFields): string;
export function createLogger(component: string, opts?: { format?: TLogFormat; destination?: { write(s: string): unknown }; base?: TLogFields }): TLog;
export function logFormat(asked: string | undefined, isTTY?: boolean): TLogFormat;
