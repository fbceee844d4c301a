/*
 * Studio benchmarks, in Debian's Chromium against the web edition:
 *  - telemetry: events drained per second with all panels on, and events lost
 *    (kernel test=telemetry, as fast as it can and paced at 250k/s);
 *  - panel frame time p50/p95 while the guest emits 50k events/s;
 *  - guest speed with panels on vs off (kernel test=bench-loop);
 *  - web edition start (server start + page load) to the `minios> ` prompt.
 * Run with `npm run bench` (all benchmarks) or `tsx bench/studio.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildRenderer } from '../tools/build-web.ts';
import { startWebEdition, KERNEL_PATH } from '../app/web/main.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

type Row = Record<string, string>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Evaluates fn(window.__studio) in the page (as an expression, which the CSP allows). */
function hook<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`(h => ${body})(window.__studio)`) as Promise<T>;
}

async function waitFor(page: Page, body: string, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await hook<boolean>(page, body)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${body}`);
}

interface Ctx {
  browser: Browser;
  url: string;
}

async function open(ctx: Ctx, query = ''): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(ctx.url + query);
  return page;
}

/** Boots test=telemetry and measures the drain rate over the burst (wall clock), plus what was lost. */
async function telemetryRun(ctx: Ctx, burst: number, rate: number): Promise<Row> {
  const page = await open(ctx, `?cmdline=${encodeURIComponent(`test=telemetry burst=${burst} rate=${rate}`)}`);
  await waitFor(page, '(h.models().events.counts.test ?? 0) > 0', 30_000, 5);
  const t0 = performance.now();
  const c0 = await hook<number>(page, 'h.models().events.counts.test ?? 0');
  await waitFor(page, `(h.models().events.counts.test ?? 0) >= ${burst} || /telemetry: host/.test(h.transcript())`, 120_000, 10);
  const t1 = performance.now();
  const c1 = await hook<number>(page, 'h.models().events.counts.test ?? 0');
  await waitFor(page, '/telemetry: host/.test(h.transcript())', 10_000);
  const r = await hook<{ telemetry: { kernelDropped: number; overruns: number; malformed: number } }>(page, 'h.readout()');
  const guest = /emitted (\d+) events in (\d+) us, dropped (\d+)/.exec(await hook<string>(page, 'h.transcript()'));
  await page.close();
  const perSec = ((c1 - c0) / (t1 - t0)) * 1000;
  return {
    benchmark: `telemetry drain, panels on (burst ${burst}, ${rate ? `paced ${rate / 1000}k/s` : 'unpaced'})`,
    'drained events/s': `${(perSec / 1000).toFixed(0)} k`,
    'guest emit rate': guest ? `${((Number(guest[1]) / Number(guest[2])) * 1000).toFixed(0)} k/s` : '?',
    received: `${c1} / ${burst}`,
    'lost (kernel-dropped + overruns)': String(r.telemetry.kernelDropped + r.telemetry.overruns),
    target: '≥ 200 k/s, 0 lost',
  };
}

async function telemetry(ctx: Ctx): Promise<Row[]> {
  return [await telemetryRun(ctx, 400_000, 0), await telemetryRun(ctx, 500_000, 250_000)];
}

async function frameTimes(ctx: Ctx): Promise<Row[]> {
  const page = await open(ctx, `?cmdline=${encodeURIComponent('test=telemetry burst=200000 rate=50000')}`);
  await waitFor(page, '(h.models().events.counts.test ?? 0) > 1000', 30_000, 5);
  await hook(page, 'h.resetFrameStats()');
  await page.waitForTimeout(2500);
  const s = await hook<{ frames: number; draws: number; workP50: number; workP95: number; intervalP50: number; intervalP95: number }>(page, 'h.frameStats()');
  const got = await hook<number>(page, 'h.models().events.counts.test ?? 0');
  await page.close();
  return [{
    benchmark: 'panel frame time while the guest emits 50k events/s',
    frames: String(s.frames),
    'work p50': `${s.workP50.toFixed(2)} ms`,
    'work p95': `${s.workP95.toFixed(2)} ms`,
    'frame interval p50/p95': `${s.intervalP50.toFixed(1)} / ${s.intervalP95.toFixed(1)} ms`,
    'events seen': String(got),
    target: 'p95 ≤ 16.7 ms',
  }];
}

async function benchLoop(ctx: Ctx, panels: boolean, iterations: number): Promise<number> {
  const page = await open(ctx, `?cmdline=${encodeURIComponent(`test=bench-loop iterations=${iterations}`)}${panels ? '' : '&panels=off'}`);
  await waitFor(page, '/bench-loop: \\d+ iterations in \\d+ us/.test(h.transcript())', 120_000, 50);
  const m = /bench-loop: (\d+) iterations in (\d+) us/.exec(await hook<string>(page, 'h.transcript()'))!;
  await page.close();
  return Number(m[1]) / Number(m[2]); // million iterations per second
}

async function guestSpeed(ctx: Ctx): Promise<Row[]> {
  const iterations = 300_000_000;
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < 3; i++) {
    off.push(await benchLoop(ctx, false, iterations));
    on.push(await benchLoop(ctx, true, iterations));
  }
  const a = median(on);
  const b = median(off);
  return [{
    benchmark: `guest speed, bench-loop ${iterations / 1e6}M iterations (median of 3)`,
    'panels on': `${a.toFixed(1)} M it/s`,
    'panels off': `${b.toFixed(1)} M it/s`,
    'on/off': (a / b).toFixed(2),
    target: '≥ 0.9',
  }];
}

async function startToPrompt(ctx: Ctx): Promise<Row[]> {
  const total: number[] = [];
  const inPage: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const server = await startWebEdition(0);
    const context = await ctx.browser.newContext(); // cold cache each time
    const page = await context.newPage();
    await page.goto(server.url);
    await waitFor(page, 'h.promptAt() !== null', 20_000, 5);
    total.push(performance.now() - t0);
    inPage.push(await hook<number>(page, 'h.promptAt()'));
    await context.close();
    await server.close();
  }
  return [{
    benchmark: 'web edition: server start + page load to `minios> ` (median of 5, cold cache)',
    'start to prompt': `${median(total).toFixed(0)} ms`,
    'navigation to prompt': `${median(inPage).toFixed(0)} ms`,
    target: '≤ 1500 ms',
  }];
}

/** The studio benchmarks, in the shape bench/run.ts runs. They share one browser and one server. */
export function studioBenchmarks(): { name: string; run(): Promise<Row[] | string> }[] {
  let ctx: Promise<Ctx & { close(): Promise<void> }> | null = null;
  let users = 0;
  const get = () =>
    (ctx ??= (async () => {
      await buildRenderer();
      const server = await startWebEdition(0);
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
      return { browser, url: server.url, close: async () => { await browser.close(); await server.close(); } };
    })());
  const wrap = (name: string, fn: (c: Ctx) => Promise<Row[]>) => ({
    name,
    run: async (): Promise<Row[] | string> => {
      if (!existsSync(KERNEL_PATH)) return `${path.relative(process.cwd(), KERNEL_PATH)} missing (npm run kernel)`;
      if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return 'no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)';
      users++;
      const c = await get();
      try {
        return await fn(c);
      } finally {
        if (--users === 0 && name === LAST) {
          await c.close();
          ctx = null;
        }
      }
    },
  });
  const LAST = 'studio: start to prompt';
  return [
    wrap('studio: telemetry drain', telemetry),
    wrap('studio: panel frame time', frameTimes),
    wrap('studio: guest speed panels on/off', guestSpeed),
    wrap(LAST, startToPrompt),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of studioBenchmarks()) {
    const rows = await b.run();
    if (typeof rows === 'string') console.log(`${b.name}: skipped (${rows})`);
    else for (const r of rows) console.log(JSON.stringify(r));
  }
  process.exit(0);
}
