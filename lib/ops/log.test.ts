import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, safeFields, textLine } from "./log.mjs";

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe("safeFields", () => {
  it("never passes credentials or sample text, however nested", () => {
    const out = safeFields({
      token: "cb_123",
      authorization: "Bearer x",
      cookie: "next-auth.session-token=abc",
      password: "hunter2",
      clientSecret: "s",
      prompt: "the sample's words",
      nested: { apiKey: "k", ok: 1 },
      route: "/cases/[caseId]",
    });
    expect(out).toEqual({
      token: "[redacted]",
      authorization: "[redacted]",
      cookie: "[redacted]",
      password: "[redacted]",
      clientSecret: "[redacted]",
      prompt: "[redacted]",
      nested: { apiKey: "[redacted]", ok: 1 },
      route: "/cases/[caseId]",
    });
  });

  it("logs an error as its message and a bigint as digits", () => {
    expect(safeFields({ error: new Error("disk full"), rows: 10n, none: undefined })).toEqual({ error: "disk full", rows: "10" });
  });
});

describe("createLogger", () => {
  it("writes one JSON object a line: time, level, component, message and the fields", () => {
    const { lines, stream } = sink();
    const log = createLogger("web", { destination: stream, base: { process: 2 } });
    log("request", { requestId: "r1", method: "GET", route: "/cases", status: 200, durationMs: 12.5, token: "nope" });
    log.error("boom", { error: new Error("x") });
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ level: "info", component: "web", process: 2, msg: "request", requestId: "r1", method: "GET", route: "/cases", status: 200, durationMs: 12.5, token: "[redacted]" });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(JSON.parse(lines[1])).toMatchObject({ level: "error", msg: "boom", error: "x" });
  });

  it("writes plain text lines when asked", () => {
    const { lines, stream } = sink();
    createLogger("worker", { format: "text", destination: stream }).warn("job stalled", { kind: "export", why: "no heartbeat" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN  \[worker\] job stalled kind=export why="no heartbeat"$/);
  });
});

describe("textLine", () => {
  it("quotes values that would break the key=value form", () => {
    expect(textLine(new Date("2026-12-07T10:00:00Z"), "info", "start", "ready", { port: 3000, path: "a=b", note: 'say "hi"' })).toBe(
      '2026-12-07T10:00:00.000Z INFO  [start] ready port=3000 path="a=b" note="say \\"hi\\""\n',
    );
  });
});
