import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

/**
 * End-to-end tests drive the real renderer in real Chromium through browser
 * mode. Playwright cannot download its own browser here, so Debian's is used:
 * its headless shell first — Chromium's own build for headless runs, and what
 * Playwright itself runs headless by default — which took the 68 specs from
 * about 3.9 minutes to 2.6 on two cores against the full browser's headless
 * mode; the full browser when the shell is absent. BCF_CHROMIUM picks another.
 */
const chromium =
  process.env.BCF_CHROMIUM ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((file) => fs.existsSync(file));

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 2,
  reporter: [['list']],
  use: {
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'off',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
