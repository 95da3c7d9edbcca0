import { type Browser, chromium } from "playwright-core";

/**
 * Debian's chromium, headless, as the browser tests drive it (playwright-core cannot download browsers
 * here; `.ci/run` installs the package). Playwright starts each launch with a fresh temporary
 * --user-data-dir of its own (and refuses the flag).
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
