/*
 * The web edition end to end: MiniOS boots in the page, the console works,
 * the controls do what they say, every panel draws real data, and the page
 * logs no errors. Screenshots go to test-results/screenshots/ for review.
 */
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, openStudio, runCommand, transcript, waitForOutput } from './console.ts';

type Hook = {
  transcript(): string;
  readout(): { status: { kind: string; label: string }; ticks: number; paused: boolean; telemetry: { eventsRead: number; kernelDropped: number; malformed: number } };
  models(): {
    boot: { steps: { name: string; durationUs: number }[]; totalUs: number | null };
    memory: { frames: number; regions: number; known: number; kinds: Record<string, number> };
    sched: { now: number; contentions: number; deadlocks: number; marks: string[]; lanes: { id: number; name: string; slices: number; state: number | null }[] };
    events: { total: number; counts: Record<string, number> };
    syscalls: { total: number; refused: number; byError: Record<string, number>; tasks: string[] };
    heap: { size: number; used: number; blocks: number; fragmentation: number; owners: { name: string; bytes: number; blocks: number }[]; leaks: { task: string; text: string }[] };
  };
  samplePanel(id: string): { width: number; height: number; nonBackground: number; colors: number } | null;
  visiblePanels(): string[];
};
/** Runs fn(window.__studio, arg) in the page (as an expression, which the page's CSP does not block). */
const hook = <T, A = undefined>(page: Page, fn: (h: Hook, arg: A) => T, arg?: A) =>
  page.evaluate(`(${fn.toString()})(window.__studio, ${JSON.stringify(arg ?? null)})`) as Promise<T>;
/** Waits for the next animation frames so panels have drawn what the models hold. */
const settle = (page: Page) => page.waitForTimeout(400);

test.describe.serial('MiniOS Studio, web edition', () => {
  let page: Page;
  const problems: string[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await openStudio(browser, problems);
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('boots MiniOS and shows the shell prompt in the console', async () => {
    await waitForOutput(page, 'minios> ');
    await expect(page.locator('.xterm-rows')).toContainText('minios>');
    await expect(page.locator('#status-text')).toHaveText('Blocked on input', { timeout: 10_000 });
    await expect(page.locator('#edition')).toHaveText('Web edition');
  });

  test('typing help lists the shell commands', async () => {
    const out = await runCommand(page, 'help');
    for (const cmd of ['help', 'uptime', 'mem', 'poweroff', 'panic']) expect(out).toContain(`  ${cmd}`);
    await expect(page.locator('.xterm-rows')).toContainText('list the commands');
  });

  test('uptime advances', async () => {
    const upSeconds = (out: string) => Number(/up (\d+\.\d+) s/.exec(out)?.[1]);
    const a = upSeconds(await runCommand(page, 'uptime'));
    await page.waitForTimeout(700);
    const b = upSeconds(await runCommand(page, 'uptime'));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    const ticks = await hook(page, (h) => h.readout().ticks);
    await expect.poll(() => hook(page, (h) => h.readout().ticks)).toBeGreaterThan(ticks);
  });

  test('pause stops the guest and resume continues it', async () => {
    await page.locator('#btn-pause').click();
    await expect(page.locator('#status-text')).toHaveText('Paused');
    await expect(page.locator('#btn-pause')).toContainText('Resume');
    await page.waitForTimeout(300); // let the last drain land
    const frozen = await hook(page, (h) => h.readout().ticks);
    await page.waitForTimeout(800);
    expect(await hook(page, (h) => h.readout().ticks)).toBe(frozen);
    await page.screenshot({ path: `${SHOTS}/paused.png` });
    await page.keyboard.press('F8'); // the shortcut resumes too
    await expect(page.locator('#status-text')).not.toHaveText('Paused');
    await expect.poll(() => hook(page, (h) => h.readout().ticks)).toBeGreaterThan(frozen + 100);
    const out = await runCommand(page, 'uptime');
    expect(out).toMatch(/up \d+\.\d+ s/);
  });

  test('every panel draws real data from the telemetry ring', async () => {
    const m = await hook(page, (h) => h.models());
    expect(m.boot.steps.length).toBeGreaterThanOrEqual(5);
    expect(m.boot.steps.map((s) => s.name)).toContain('serial');
    expect(m.boot.totalUs).toBeGreaterThan(0);
    expect(m.memory.regions).toBeGreaterThanOrEqual(5);
    expect(m.memory.known).toBeGreaterThan(m.memory.frames * 0.9);
    expect(m.memory.kinds['2']).toBeGreaterThan(0); // kernel frames
    expect(m.sched.lanes.map((l) => l.name)).toContain('shell');
    expect(m.sched.lanes.find((l) => l.name === 'shell')!.slices).toBeGreaterThan(2);
    expect(m.events.counts.log).toBeGreaterThan(0);
    expect(m.events.total).toBeGreaterThan(20);
    for (const id of ['boot', 'memory', 'sched', 'events']) {
      const px = await hook(page, (h, panel: string) => h.samplePanel(panel), id);
      expect(px, `panel ${id} has a canvas`).not.toBeNull();
      expect(px!.nonBackground, `panel ${id} is not blank`).toBeGreaterThan(500);
      expect(px!.colors, `panel ${id} draws more than one colour`).toBeGreaterThanOrEqual(3);
    }
    await expect(page.locator('[data-panel=events] .event-row').first()).toBeVisible();
    await expect(page.locator('[data-panel=memory] .legend-item').first()).toContainText('usable');
    const stats = await hook(page, (h) => h.readout().telemetry);
    expect(stats.kernelDropped).toBe(0);
    expect(stats.malformed).toBe(0);
    await page.screenshot({ path: `${SHOTS}/studio-dark.png` });
  });

  test('memory map shows details on hover', async () => {
    const canvas = page.locator('[data-panel=memory] canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 3);
    await expect(page.locator('[data-panel=memory] .tooltip')).toBeVisible();
    await expect(page.locator('[data-panel=memory] .tooltip')).toContainText('0x');
    await page.screenshot({ path: `${SHOTS}/memory-hover.png` });
    await page.mouse.move(0, 0);
  });

  test('event log filters by type and text', async () => {
    await page.locator('[data-panel=events] .filter-select').selectOption('log');
    await expect.poll(async () => (await page.locator('[data-panel=events] .event-row > span:nth-child(2)').allTextContents()).every((t) => t === 'log')).toBe(true);
    await page.locator('[data-panel=events] .filter-input').fill('shell');
    await expect(page.locator('[data-panel=events] .event-row').first()).toContainText('shell');
    await page.locator('[data-panel=events] .filter-input').fill('');
    await page.locator('[data-panel=events] .filter-select').selectOption('');
  });

  test('menus open with their shortcuts, and View toggles panels and theme (remembered)', async () => {
    await page.locator('.menubar-item', { hasText: 'Machine' }).click();
    await expect(page.locator('.menu-dropdown')).toContainText('Ctrl+Shift+F5');
    await page.screenshot({ path: `${SHOTS}/menu-machine.png` });
    await page.keyboard.press('Escape');
    await expect(page.locator('.menu-dropdown')).toHaveCount(0);

    await page.keyboard.press('Control+Shift+Digit1'); // hide the boot timeline
    await expect(page.locator('[data-panel=boot]')).toBeHidden();
    await page.keyboard.press('Control+Shift+KeyL'); // light theme
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/studio-light.png` });

    await page.reload();
    await waitForOutput(page, 'minios> ');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await hook(page, (h) => h.visiblePanels())).not.toContain('boot');
    await page.locator('.menubar-item', { hasText: 'View' }).click();
    await page.locator('.menu-entry', { hasText: 'Reset layout' }).click();
    await page.keyboard.press('Control+Shift+KeyL');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('[data-panel=boot]')).toBeVisible();
  });

  test('the syscall log shows run validate\'s refused calls with EFAULT, and filters them', async () => {
    await runCommand(page, 'run validate');
    await expect.poll(() => hook(page, (h) => h.models().syscalls.byError.EFAULT ?? 0)).toBeGreaterThan(0);
    const sc = await hook(page, (h) => h.models().syscalls);
    expect(sc.tasks).toContain('validate');
    expect(sc.refused).toBeGreaterThan(5);
    const panel = page.locator('[data-panel=syscalls]');
    await expect(panel.locator('.syscall-summary')).toContainText('refused');
    await panel.locator('.error-chip', { hasText: 'EFAULT' }).click();
    await expect.poll(async () => {
      const results = await panel.locator('.syscall-row > span:nth-child(4)').allTextContents();
      return results.length > 0 && results.every((r) => r === '-14 EFAULT');
    }).toBe(true);
    await expect(panel.locator('.syscall-row').first()).toContainText('validate');
    await expect(panel.locator('.syscall-row').first()).toContainText('0x');
    await settle(page);
    await panel.screenshot({ path: `${SHOTS}/syscalls-efault.png` });
    const validate = await panel.locator('.filter-select').first().locator('option', { hasText: 'validate' }).getAttribute('value');
    await panel.locator('.filter-select').first().selectOption(validate!);
    await panel.locator('.filter-select').nth(1).selectOption('');
    await expect.poll(async () => (await panel.locator('.syscall-row > span:nth-child(2)').allTextContents()).every((t) => t.endsWith('validate'))).toBe(true);
    await settle(page);
    await panel.screenshot({ path: `${SHOTS}/syscalls-task.png` });
    await panel.locator('.filter-select').first().selectOption('');
    const px = await hook(page, (h) => h.samplePanel('syscalls'));
    expect(px!.nonBackground).toBeGreaterThan(100); // the activity strip drew bars
  });

  test('the heap view shows the leaky task\'s blocks growing, then reclaimed', async () => {
    const before = (await transcript(page)).length;
    await page.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('demo leak');
    await page.keyboard.press('Enter');
    const leakyBytes = () => hook(page, (h) => h.models().heap.owners.find((o) => o.name === 'leaky')?.bytes ?? 0);
    await expect.poll(leakyBytes, { timeout: 15_000 }).toBeGreaterThan(8 * 1024);
    const memory = page.locator('[data-panel=memory]');
    await expect(memory.locator('.heap-info')).toContainText('leaky');
    await settle(page);
    await memory.screenshot({ path: `${SHOTS}/heap-leaking.png` });
    await waitForOutput(page, /\nminios> $/, before);
    await expect.poll(leakyBytes).toBe(0);
    const heap = await hook(page, (h) => h.models().heap);
    expect(heap.leaks.map((l) => l.task)).toContain('leaky');
    expect(heap.size).toBeGreaterThan(0);
    await expect(memory.locator('.heap-info')).toContainText('leak: leaky');
    await settle(page);
    await memory.screenshot({ path: `${SHOTS}/heap-after-leak.png` });
  });

  test('the scheduler timeline marks lock contention and the deadlock the kernel detected', async () => {
    const out = await runCommand(page, 'demo deadlock');
    expect(out).toContain('deadlock');
    await expect.poll(() => hook(page, (h) => h.models().sched.deadlocks)).toBeGreaterThan(0);
    const s = await hook(page, (h) => h.models().sched);
    expect(s.contentions).toBeGreaterThan(0);
    expect(s.marks.some((t) => t.startsWith('deadlock:'))).toBe(true);
    await page.locator('[data-panel=sched] .tool-button', { hasText: 'Live' }).click();
    await expect(page.locator('[data-panel=sched] .legend')).toContainText('deadlocks');
    await settle(page);
    await page.locator('[data-panel=sched]').screenshot({ path: `${SHOTS}/sched-deadlock.png` });
  });

    test('reset boots a new machine', async () => {
    await runCommand(page, 'uptime');
    await page.locator('#btn-reset').click();
    await waitForOutput(page, 'minios> ');
    expect(await transcript(page)).not.toContain('uptime');
    await expect(page.locator('#status-text')).toHaveText('Blocked on input', { timeout: 10_000 });
  });

  test('poweroff is reported in the status bar', async () => {
    await page.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('poweroff');
    await page.keyboard.press('Enter');
    await expect(page.locator('#status-text')).toHaveText(/Powered off · status 0/, { timeout: 10_000 });
    await page.locator('#btn-reset').click();
    await waitForOutput(page, 'minios> ');
  });

  test('the page logged no errors', async () => {
    expect(problems).toEqual([]);
  });
});
