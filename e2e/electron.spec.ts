/*
 * The desktop edition through Playwright's Electron driver. The Electron
 * binary cannot be downloaded on every machine (npm install leaves none when
 * the download is blocked or skipped): then these tests skip and say why.
 * Run `npm run build:electron` first; the spec builds nothing itself.
 */
import { test, expect, _electron as electron } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { electronBinary } from '../tools/start.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const binary = electronBinary(ROOT);
const built = fs.existsSync(path.join(ROOT, 'out', 'main', 'main.js')) && fs.existsSync(path.join(ROOT, 'out', 'preload', 'index.cjs'));

test.describe('MiniOS Studio, desktop edition (Electron)', () => {
  test.skip(!binary, 'the Electron binary is not installed (node_modules/electron/dist is missing: the download is blocked or was skipped with ELECTRON_SKIP_BINARY_DOWNLOAD)');
  test.skip(!built, 'the desktop edition is not built: run `npm run build:electron`');

  test('boots MiniOS in a sandboxed, isolated window', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [ROOT] });
    try {
      const win = await app.firstWindow();
      await expect.poll(() => win.evaluate('window.__studio?.transcript() ?? ""'), { timeout: 20_000 }).toContain('minios> ');
      expect(await win.evaluate('typeof process === "undefined" && typeof require === "undefined"')).toBe(true);
      expect(await win.evaluate('typeof window.miniosHost.loadKernel')).toBe('function');
      await expect(win.locator('#edition')).toHaveText('Desktop');
      expect(await win.evaluate('window.open("https://example.com/")')).toBeNull(); // new windows are denied
      await win.screenshot({ path: 'test-results/screenshots/electron.png' });
    } finally {
      await app.close();
    }
  });
});
