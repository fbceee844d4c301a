/*
 * End-to-end tests: the web edition in Debian's Chromium (no browser download).
 * Playwright starts the server on a free port and reads its URL from the line
 * it prints (STUDIO_URL in the tests' environment).
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: {
    command: 'npx tsx tools/start.ts --web --port 0',
    wait: { stdout: /at (?<studio_url>http:\/\/127\.0\.0\.1:\d+\/)/ },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
