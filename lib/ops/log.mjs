// Log lines: one JSON object each (pino), or plain text for a terminal (CASEBOOK_LOG_FORMAT=text).
// Plain JavaScript so the web server (scripts/web-server.mjs) shares it without a TypeScript
// loader; TypeScript code calls lib/ops/log.ts, which reads the format from lib/env.ts.
import pino from "pino";

/**
 * Field names whose values never reach a log: credentials, and the sample text of a case (prompts,
 * responses). A caller should not pass them; this is the net under that rule.
 */
const SECRET_FIELD = /token|secret|passw|cookie|authori[sz]ation|api[-_]?key|prompt|response|sample/i;

/** The fields as they may be logged: secrets replaced, errors as their message, nested objects likewise (3 levels). */
export function safeFields(fields, depth = 0) {
  const out = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v === undefined) continue;
    if (SECRET_FIELD.test(k)) out[k] = "[redacted]";
    else if (v instanceof Error) out[k] = v.message;
    else if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) out[k] = depth < 2 ? safeFields(v, depth + 1) : "[object]";
    else out[k] = typeof v === "bigint" ? v.toString() : v;
  }
  return out;
}

/** One text line: time, level, [component], message, then key=value (values with spaces quoted). */
export function textLine(time, level, component, msg, fields) {
  const kv = Object.entries(safeFields(fields)).map(([k, v]) => {
    const s = typeof v === "string" ? v : JSON.stringify(v);
    return `${k}=${/^[^\s"=]+$/.test(s) ? s : JSON.stringify(s)}`;
  });
  return [time.toISOString(), level.toUpperCase().padEnd(5), `[${component}]`, msg, ...kv].join(" ") + "\n";
}

/**
 * A logger for one part of Casebook: `log(msg, fields?)` at info, `log.warn`, `log.error`.
 * `base`: fields every line carries (which process of the web server). `destination`: where lines
 * go (standard output by default; a test passes its own stream).
 * Each line is one write, so lines from the web server's processes sharing standard output never
 * interleave (a write under 4 KiB to a pipe is atomic).
 */
/**
 * The format asked for (CASEBOOK_LOG_FORMAT), else plain text on a terminal and JSON anywhere else
 * (a service manager, a container, a log shipper).
 */
export function logFormat(asked, isTTY = Boolean(process.stdout.isTTY)) {
  return asked === "text" || asked === "json" ? asked : isTTY ? "text" : "json";
}

export function createLogger(component, { format = "json", destination, base = {} } = {}) {
  let write;
  if (format === "text") {
    const out = destination ?? process.stdout;
    write = (level, msg, fields) => out.write(textLine(new Date(), level, component, msg, { ...base, ...fields }));
  } else {
    const p = pino(
      { base: { component, ...safeFields(base) }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
    write = (level, msg, fields) => p[level](safeFields(fields), msg);
  }
  const log = (msg, fields) => write("info", msg, fields);
  log.info = log;
  log.warn = (msg, fields) => write("warn", msg, fields);
  log.error = (msg, fields) => write("error", msg, fields);
  return log;
}
