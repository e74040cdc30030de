// The operator's view of the running server (scripts/web-server.mjs, several processes): the probes
// answer without a sign-in, every response carries a request id, and /metrics, with its token,
// reports the HTTP latency of requests whichever process served them.
import http from "node:http";
import { E2E_METRICS_TOKEN, E2E_WEB_PROCESSES } from "./ops-settings";
import { expect, test } from "./test";

/** A GET on a connection of its own (no keep-alive), so the cluster hands each to the next process in turn. */
function getAlone(baseURL: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(new URL(path, baseURL), { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    }).on("error", reject);
  });
}

const series = (text: string, name: string) => Number(text.split("\n").find((l) => l.startsWith(`${name} `))?.split(" ")[1] ?? NaN);

test("the probes answer without a sign-in and say nothing more than their status", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ok" });
  expect((await request.get("/metrics")).status()).toBe(401);
});

test("every response carries a request id: the caller's when sane, else a fresh one", async ({ request }) => {
  expect((await request.get("/healthz", { headers: { "X-Request-Id": "e2e-trace:42" } })).headers()["x-request-id"]).toBe("e2e-trace:42");
  const replaced = (await request.get("/sign-in", { headers: { "X-Request-Id": 'no "quotes" here' } })).headers()["x-request-id"];
  expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("/metrics counts a page's requests across every web process, by route pattern", async ({ request, page, baseURL }) => {
  const scrape = async () => {
    const res = await request.get("/metrics", { headers: { Authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/plain; version=0.0.4");
    return res.text();
  };
  await page.goto("/sign-in");
  const ONE = 'http_request_duration_seconds_count{route="/sign-in",method="GET",status="200"}';
  const before = await scrape();
  expect(series(before, ONE)).toBeGreaterThanOrEqual(1);
  expect(series(before, "casebook_web_processes")).toBe(E2E_WEB_PROCESSES);

  // Eight requests, each on a connection of its own: the processes take turns, and one scrape, from
  // whichever process, counts all eight.
  for (let i = 0; i < 8; i++) expect(await getAlone(baseURL!, "/sign-in")).toBe(200);
  const after = await scrape();
  expect(series(after, ONE) - series(before, ONE)).toBe(8);
  expect(series(after, "casebook_ops_metrics_up")).toBe(1);
  expect(after).toMatch(/^casebook_jobs_queued\{kind="export"\} \d+$/m);
  expect(after).toMatch(/^casebook_sign_in_failures_last_15m\{reason="wrong_password"\} \d+$/m);
  // A dynamic route is labelled by its pattern, never by an id.
  await request.get("/cases/no-such-case-id");
  const labelled = await scrape();
  expect(labelled).toContain('route="/cases/[caseId]"');
  expect(labelled).not.toContain("no-such-case-id");
});
