import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a Playwright-downloaded browser; the flags keep it off the network.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 60_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  workers: 1,
  // The backend serves the built app (packages/app/dist) on :7007; make test adds the sandbox cluster's config.
  webServer: {
    command: `yarn workspace backend start ${
      process.env.PORTAL_CONFIG_ARGS ?? ''
    }`,
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  // Failure screenshots land here (git-ignored).
  outputDir: '.cache/e2e-results',
});
