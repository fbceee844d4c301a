import { describe, expect, it } from 'vitest';
import { parseTestScript } from '../common/test-script.ts';
import type { TelemetryEvent } from '../common/telemetry.ts';
import { judge, pool } from './test-runner.ts';

const script = parseTestScript('t', ['expect: minios> ', 'send: poweroff', 'reject: FAIL', 'event: boot_step name=serial'].join('\n'));
const bootStep: TelemetryEvent = { typeName: 'boot_step', type: 0x101, arg: 0, timeUs: 0, task: 0, request: 0, index: 0, durationUs: 3, name: 'serial' };
const off = { status: 0, reason: 'poweroff' as const };

describe('judge (common checks on every test)', () => {
  it('passes when everything holds', () => {
    expect(judge(script, off, 'minios> poweroff', 2, [bootStep])).toBe('');
  });
  it('fails on timeout, naming what it waited for', () => {
    expect(judge(script, { status: -1, reason: 'timeout' }, '', 0, [])).toMatch(/timeout after 20 s waiting for 'minios> '/);
  });
  it('fails on a panic unless the expected status is 2', () => {
    expect(judge(script, off, '*** KERNEL PANIC: Page Fault', 2, [bootStep])).toBe('kernel panic');
    const p = parseTestScript('p', 'status: 2');
    expect(judge(p, { status: 2, reason: 'panic' }, '*** KERNEL PANIC: x', 0, [])).toBe('');
  });
  it('fails on wrong status, rejected text, missing event', () => {
    expect(judge(script, { status: 1, reason: 'poweroff' }, '', 2, [bootStep])).toMatch(/exit status 1, expected 0/);
    expect(judge(script, off, 'FAIL: x', 2, [bootStep])).toMatch(/rejected text 'FAIL'/);
    expect(judge(script, off, '', 2, [{ ...bootStep, name: 'disk' }])).toMatch(/no telemetry event boot_step name=serial/);
  });
});

describe('pool', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const out = await pool([5, 1, 3, 2], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 5));
      running--;
      return n * 10;
    }, (r) => done.push(r));
    expect(out).toEqual([50, 10, 30, 20]);
    expect(peak).toBe(2);
    expect(done).toHaveLength(4);
  });
});
