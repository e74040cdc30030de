// The load part of `npm run bench`: 20 signed-in people at once, on loopback, against the built
// app (`next start`) on the bench's case of 1M exchanges, for a bounded time. Each connection is
// one person (their own session cookie) cycling through the case list, the case Overview (with
// its figures), an exchanges page and the capability figure. Reported: p50 / p95 / p99 latency of
// every response and the error rate, beside a baseline measured in the same run: the same pages
// fetched one at a time by one person.
//   Target (the issue): p95 < 300 ms, 0 errors.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import bcrypt from "bcryptjs";
import type { TPerson } from "../lib/authz.ts";
import { freePort } from "../lib/platform/embedded-postgres.ts";
import { buildIsStale } from "./build-stale";
// @ts-expect-error a plain ES module without types (run by node itself)
import { webProcesses } from "./web-server.mjs";

export type TLoadBench = {
  users: number;
  seconds: number;
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  baseline: { p50: number; p95: number; pages: Record<string, number> };
  /** How many answers had each HTTP status. */
  statuses: Record<number, number>;
  built: boolean;
  /** Web processes serving (scripts/web-server.mjs), and the same load on one process (baseline; null when skipped). */
  processes: number;
  single: { p50: number; p95: number; p99: number; rps: number; errors: number } | null;
};

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const PASSWORD = "bench-load-password";

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function waitUp(url: string, ms = 90_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    if (Date.now() > until) throw new Error(`the app did not answer at ${url} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs in through next-auth's credentials flow, as the browser's form does; returns the cookie header. */
export async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("session-token"))) throw new Error(`sign-in of ${email} failed (HTTP ${res.status})`);
  return cookie();
}

export async function benchLoad(o: { databaseUrl: string; dataDir: string; caseId: string; lead: TPerson; users: number; seconds: number; log: (m: string) => void }): Promise<TLoadBench> {
  const { db } = await import("../lib/db.ts");
  const { runAction } = await import("../lib/action.ts");
  const { setCaseTeamAction } = await import("../lib/cases/mutations.ts");

  // People: analysts on the case, with a password (set directly: the bench's own setup).
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const people = [];
  for (let i = 0; i < o.users; i++) {
    const email = `load-${i}@casebook.local`;
    people.push(await db().user.upsert({ where: { email }, update: { passwordHash: hash }, create: { email, name: `Load ${i}`, role: "analyst", passwordHash: hash } }));
  }
  const current = await db().caseMember.findMany({ where: { caseId: o.caseId }, select: { userId: true, role: true } });
  const members = [...current.filter((m) => m.userId !== o.lead.id), ...people.filter((p) => !current.some((m) => m.userId === p.id)).map((p) => ({ userId: p.id, role: "analyst" as const }))];
  const team = await runAction(setCaseTeamAction, o.lead, { caseId: o.caseId, leadId: o.lead.id, members });
  if (!team.ok) throw new Error(team.error.message);

  let built = false;
  if (buildIsStale(root)) {
    o.log("load: building the app (no build, or sources changed since) …");
    const b = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
    if (b.status !== 0) throw new Error("next build failed");
    built = true;
  }
  const paths = [`/cases`, `/cases/${o.caseId}`, `/cases/${o.caseId}/exchanges`, `/cases/${o.caseId}/capabilities`];
  const processes = webProcesses();
  // The same load on one web process: the baseline for serving from one process per core.
  const single = processes > 1 && process.env.BENCH_LOAD_SINGLE !== "0" ? await loadRun({ ...o, paths, people, processes: 1, baseline: false }) : null;
  const all = await loadRun({ ...o, paths, people, processes, baseline: true });
  return { ...all, processes, single: single ? { p50: single.p50, p95: single.p95, p99: single.p99, rps: single.rps, errors: single.errors + single.non2xx } : null, built };
}

type TRun = Omit<TLoadBench, "built" | "processes" | "single">;

/** One web server with `processes` processes, the people signed in, then the timed load. */
async function loadRun(o: { databaseUrl: string; dataDir: string; caseId: string; users: number; seconds: number; log: (m: string) => void; paths: string[]; people: { email: string }[]; processes: number; baseline: boolean }): Promise<TRun> {
  const { paths } = o;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const secret = "bench-load-secret-bench-load-secret";
  // BENCH_LOAD_PROFILE=DIR writes a V8 CPU profile of each web process there when it stops (open it
  // in Chrome DevTools); BENCH_LOAD_NODE_OPTIONS reaches the app's processes.
  const profile = process.env.BENCH_LOAD_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_LOAD_PROFILE)}`] : [];
  const app: ChildProcess = spawn(process.execPath, [...profile, path.join(root, "scripts", "web-server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, process.env.BENCH_LOAD_NODE_OPTIONS].filter(Boolean).join(" "),
      NODE_ENV: "production",
      CASEBOOK_WEB_PROCESSES: String(o.processes),
      DATABASE_URL: o.databaseUrl,
      CASEBOOK_DATA_DIR: o.dataDir,
      AUTH_SECRET: secret,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: base,
    },
    detached: true,
  });
  try {
    await waitUp(`${base}/sign-in`);
    const cookies: string[] = [];
    for (const p of o.people) cookies.push(await signIn(base, p.email));
    let next = 0;
    /** The load itself: each connection is one person (their own session cookie, kept in the
     * connection's context) going round the pages from their own starting page (person k starts at
     * page k mod 4), so at any moment the people are spread over the pages, not all on one. */
    const hammer = (seconds: number, onResponse: (status: number, ms: number) => void) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        const inst = autocannon(
          {
            url: base,
            connections: o.users,
            duration: seconds,
            timeout: 10,
            requests: [
              {
                method: "GET" as const,
                setupRequest: (req: autocannon.Request, context: object) => {
                  const c = context as { cookie?: string; at?: number };
                  if (c.cookie === undefined) {
                    c.at = next;
                    c.cookie = cookies[next++ % cookies.length];
                  }
                  const p = paths[c.at! % paths.length];
                  c.at! += 1;
                  return { ...req, path: p, headers: { ...req.headers, cookie: c.cookie } };
                },
              },
            ],
          },
          (err, r) => (err ? reject(err) : resolve(r)),
        );
        inst.on("response", (_client, status, _bytes, ms) => onResponse(status, ms));
      });

    // Warm up under the same load, unmeasured: the first seconds of a fresh server are its JIT
    // compiling the hot paths and each process opening its database connections (measured: p95
    // 520 ms in the first 5 s; after 10 s of warming, still 290-340 ms in the next 10 s, then
    // 200-235 ms). BENCH_LOAD_WARMUP_SECONDS (20).
    const warmup = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 20);
    if (warmup > 0) {
      o.log(`load: warming up for ${warmup} s …`);
      await hammer(warmup, () => {});
    }

    // Baseline: one person, one page at a time; each page's own median too.
    const one: number[] = [];
    const perPage = new Map<string, number[]>(paths.map((p) => [p, []]));
    for (let i = 0; o.baseline && i < 80; i++) {
      const p = paths[i % paths.length];
      const t = performance.now();
      const r = await fetch(base + p, { headers: { cookie: cookies[0] }, redirect: "manual" });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${p} answered ${r.status} to a signed-in person`);
      one.push(performance.now() - t);
      perPage.get(p)!.push(performance.now() - t);
    }
    one.sort((a, b) => a - b);

    o.log(`load: ${o.users} people at once for ${o.seconds} s on ${paths.length} pages, ${o.processes} web process${o.processes > 1 ? "es" : ""} …`);
    const times: number[] = [];
    // BENCH_LOAD_TRACE=1 prints each 5 seconds' answers and percentiles, to see a slow patch.
    const trace: [number, number][] | null = process.env.BENCH_LOAD_TRACE ? [] : null;
    const statuses = new Map<number, number>();
    const result = await hammer(o.seconds, (status, ms) => {
      times.push(ms);
      if (trace) trace.push([performance.now(), ms]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    times.sort((a, b) => a - b);
    if (trace?.length) {
      const t0 = trace[0][0];
      const windows = new Map<number, number[]>();
      for (const [t, ms] of trace) windows.set(Math.floor((t - t0) / 5000), [...(windows.get(Math.floor((t - t0) / 5000)) ?? []), ms]);
      for (const [w, l] of windows) o.log(`  ${w * 5}-${w * 5 + 5} s: ${l.length} answers, p50 ${pct(l.sort((a, b) => a - b), 0.5).toFixed(0)} ms, p95 ${pct(l, 0.95).toFixed(0)} ms`);
    }
    return {
      users: o.users,
      seconds: o.seconds,
      requests: result.requests.total,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      rps: result.requests.average,
      p50: pct(times, 0.5),
      p95: pct(times, 0.95),
      p99: pct(times, 0.99),
      baseline: { p50: pct(one, 0.5), p95: pct(one, 0.95), pages: Object.fromEntries([...perPage].map(([p, t]) => [p.replace(o.caseId, "{id}"), pct(t.sort((a, b) => a - b), 0.5)])) },
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
    };
  } finally {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {}
    await new Promise((r) => app.exitCode !== null ? r(null) : app.once("exit", r));
  }
}
