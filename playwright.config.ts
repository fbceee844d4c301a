/*
 * End-to-end tests: the web edition in Debian's Chromium (no browser download).
 * Playwright starts the server on a free port and reads its URL from the line
 * it prints (STUDIO_URL in the tests' environment), with a temp database (MINIOS_DB).
 */
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The server gets a fresh database in a temp folder (removed at exit), never the user's.
const E2E_DIR = path.join(os.tmpdir(), `minios-e2e-${process.pid}`);
process.on('exit', () => fs.rmSync(E2E_DIR, { recursive: true, force: true }));

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
    env: { MINIOS_DB: path.join(E2E_DIR, 'studio.db') },
    stdout: 'pipe',
  },
});
