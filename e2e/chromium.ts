// The Chromium that the e2e suite and `npm run screenshots` drive: Debian's /usr/bin/chromium when
// present (CHROMIUM_PATH to override), else Playwright's own. Debian's build gets the flags that
// keep it quiet and offline in a container.
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath,
  args: executablePath
    ? ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
    : [],
};
