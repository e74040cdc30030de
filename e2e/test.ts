// The `test` and `expect` every spec imports: Playwright's, plus a guard that fails a test when a
// page it opened logged a console error or threw an uncaught exception. A broken page often still
// renders well enough for the assertions to pass; its console is where it says so.
import { test as base, type BrowserContext, type ConsoleMessage, type WebError } from "@playwright/test";

export { expect } from "@playwright/test";

export type TConsoleErrors = {
  /**
   * Declares one failed load this test causes on purpose: the browser logs "Failed to load
   * resource: … status of 404" for a not-found page, and 401 for a refused sign-in. Only that
   * status at exactly that path is let through, and it must occur, so a declaration cannot
   * outlive the behaviour it was written for.
   */
  expectFailedLoad(status: number, path: string): void;
};

type TSeen = { text: string; url: string; expected: boolean };
type TExpected = { status: number; path: string; seen: boolean };

function fromConsole(msg: ConsoleMessage): TSeen {
  return { text: msg.text(), url: msg.location().url, expected: false };
}

function fromWebError(err: WebError): TSeen {
  const e = err.error();
  return { text: `uncaught ${e.stack ?? `${e.name}: ${e.message}`}`, url: err.page()?.url() ?? "", expected: false };
}

function matches(s: TSeen, x: TExpected): boolean {
  if (!s.text.startsWith(`Failed to load resource: the server responded with a status of ${x.status} `)) return false;
  try {
    return new URL(s.url).pathname === x.path;
  } catch {
    return false;
  }
}

export const test = base.extend<{ consoleErrors: TConsoleErrors }>({
  consoleErrors: [
    async ({ browser, context }, use) => {
      const seen: TSeen[] = [];
      const expected: TExpected[] = [];
      const watched = new WeakSet<BrowserContext>();

      // Context-level events cover every page of the context, popups included.
      const watch = (ctx: BrowserContext) => {
        if (watched.has(ctx)) return;
        watched.add(ctx);
        ctx.on("console", (msg) => {
          if (msg.type() === "error") seen.push(fromConsole(msg));
        });
        ctx.on("weberror", (err) => seen.push(fromWebError(err)));
      };
      // Tests that open their own contexts (two people in two browsers) are watched too.
      watch(context);
      browser.on("context", watch);

      await use({ expectFailedLoad: (status, path) => void expected.push({ status, path, seen: false }) });

      browser.off("context", watch);
      for (const s of seen) {
        for (const x of expected) {
          if (matches(s, x)) {
            s.expected = true;
            x.seen = true;
          }
        }
      }
      const unexpected = seen.filter((s) => !s.expected).map((s) => `  - ${s.text}${s.url ? ` (at ${s.url})` : ""}`);
      const unmet = expected.filter((x) => !x.seen).map((x) => `  - ${x.status} at ${x.path}`);
      const report = [
        ...(unexpected.length ? ["The browser reported errors this test did not declare:", ...unexpected] : []),
        ...(unmet.length ? ["This test declared failed loads that never happened:", ...unmet] : []),
      ];
      if (report.length) throw new Error(report.join("\n"));
    },
    { auto: true },
  ],
});
