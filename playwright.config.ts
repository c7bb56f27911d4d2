import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

/**
 * End-to-end tests drive the real renderer in real Chromium through browser
 * mode. Playwright cannot download its own browser here, so Debian's Chromium
 * is used when present; set BCF_CHROMIUM to use another one.
 */
const chromium = process.env.BCF_CHROMIUM ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
