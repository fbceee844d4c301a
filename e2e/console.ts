/*
 * What the e2e specs share: where the studio is, where screenshots go, and
 * typing into the guest's console and waiting for its answer.
 */
import { expect, type Browser, type Page } from '@playwright/test';

export const SHOTS = 'test-results/screenshots';

export const studioUrl = (): string => {
  const u = process.env.STUDIO_URL;
  if (!u) throw new Error('STUDIO_URL not set: run through playwright.config.ts (npm run test:e2e)');
  return u;
};

/** Everything the console has shown so far (window.__studio.transcript()); '' while a (re)loading page has no studio yet. */
export async function transcript(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => (window as unknown as { __studio?: { transcript(): string } }).__studio?.transcript() ?? '');
  } catch (e) {
    // A reload destroys the page's context mid-call: there is no transcript yet.
    if (e instanceof Error && /context was destroyed|navigat/i.test(e.message)) return '';
    throw e;
  }
}

/** Waits until `text` appears in the console after position `after`; returns the output since then. */
export async function waitForOutput(page: Page, text: string | RegExp, after = 0): Promise<string> {
  await expect.poll(async () => {
    const t = (await transcript(page)).slice(after);
    return typeof text === 'string' ? t.includes(text) : text.test(t);
  }, { timeout: 20_000 }).toBe(true);
  return (await transcript(page)).slice(after);
}

/** Types a command at the prompt and returns its output, up to the next prompt. */
export async function runCommand(page: Page, cmd: string): Promise<string> {
  const before = (await transcript(page)).length;
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(cmd);
  await page.keyboard.press('Enter');
  return waitForOutput(page, /\nminios> $/, before);
}

/** Opens the studio in a new page; console errors and page errors are pushed to `problems`. */
export async function openStudio(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(studioUrl());
  return page;
}
