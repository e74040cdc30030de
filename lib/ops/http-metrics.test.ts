import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("HTTP figures across the web server's processes", () => {
  it("answers, from any one process, the sum of every process's histogram", () => {
    const out = execFileSync(process.execPath, [path.join(import.meta.dirname, "http-metrics.cluster-fixture.mjs")], { encoding: "utf8", timeout: 30_000 });
    const count = (route: string) => Number(new RegExp(`^http_request_duration_seconds_count\\{[^}]*route="${route}"[^}]*\\} (\\d+)$`, "m").exec(out)?.[1]);
    expect(count("/both")).toBe(2);
    expect(count("/only-in-1")).toBe(1);
    expect(count("/only-in-2")).toBe(1);
    // Buckets summed too: both processes' 0.2 s requests fall in le=0.25, none in le=0.1.
    expect(out).toMatch(/^http_request_duration_seconds_bucket\{le="0.25",route="\/both",method="GET",status="200"\} 2$/m);
    expect(out).toMatch(/^http_request_duration_seconds_bucket\{le="0.1",route="\/both",method="GET",status="200"\} 0$/m);
    expect(out).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(out).toMatch(/^casebook_web_processes 2$/m);
  });
});
