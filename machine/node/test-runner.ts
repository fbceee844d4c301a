/*
 * Runs kernel test scripts: boots the kernel with the script's command line,
 * plays its expect/send steps against the serial output, then checks the
 * common failures every test shares (timeout, panic, exit status), Pintos-style.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_PANIC } from '../abi/generated.ts';
import type { Engine, ExitInfo, Machine } from '../common/machine.ts';
import { eventFields, type TelemetryEvent } from '../common/telemetry.ts';
import { parseTestScript, TestScriptError, type TestScript } from '../common/test-script.ts';
import { UserError } from './errors.ts';

export const PANIC_MARK = '*** KERNEL PANIC';

export interface TestResult {
  test: TestScript;
  engine: Engine;
  pass: boolean;
  /** Why it failed (empty when it passed). */
  reason: string;
  ms: number;
  output: string;
  exit: ExitInfo;
}

/** Loads kernel/tests/*.test, in name order; bad scripts are a UserError. */
export function loadTestScripts(dir: string): TestScript[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.test')).sort();
  } catch {
    throw new UserError(`no test directory ${dir}`);
  }
  return files.map((f) => {
    try {
      return parseTestScript(f.slice(0, -'.test'.length), readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      if (e instanceof TestScriptError) throw new UserError(e.message);
      throw e;
    }
  });
}

/** Boots one machine and judges it against the script. */
export async function runTest(test: TestScript, engine: Engine, start: (cmdline: string) => Machine): Promise<TestResult> {
  const t0 = performance.now();
  const machine = start(test.cmdline);
  const decoder = new TextDecoder();
  const events: TelemetryEvent[] = [];
  let output = '';
  let step = 0;
  let from = 0; // expects match in order: each after the previous match

  const advance = () => {
    while (step < test.steps.length) {
      const s = test.steps[step];
      if (s.kind === 'send') {
        machine.sendSerial(s.text + '\r');
      } else {
        const at = output.indexOf(s.text, from);
        if (at < 0) return;
        from = at + s.text.length;
      }
      step++;
    }
  };
  machine.onSerial((bytes) => {
    output += decoder.decode(bytes, { stream: true });
    advance();
  });
  machine.onEvents((evs) => events.push(...evs));
  const timer = setTimeout(() => machine.stop('timeout'), test.timeoutS * 1000);
  advance();
  const exit = await machine.exited;
  clearTimeout(timer);
  output += decoder.decode();
  const reason = judge(test, exit, output, step, events);
  return { test, engine, pass: reason === '', reason, ms: Math.round(performance.now() - t0), output, exit };
}

/** Returns the first failed check, or '' when everything holds. */
export function judge(test: TestScript, exit: ExitInfo, output: string, stepsDone: number, events: TelemetryEvent[]): string {
  const pending = test.steps[stepsDone];
  if (exit.reason === 'timeout') {
    const what = pending ? `waiting for '${pending.text}' (line ${pending.line})` : 'waiting for power off';
    return `timeout after ${test.timeoutS} s ${what}`;
  }
  if (exit.reason === 'crashed' || exit.reason === 'stopped') return `machine ${exit.reason}${exit.detail ? `: ${exit.detail}` : ''}`;
  if (pending) return `'${pending.text}' (line ${pending.line}) not seen before power off`;
  if (output.includes(PANIC_MARK) && test.status !== EXIT_PANIC) return 'kernel panic';
  if (exit.status !== test.status) return `exit status ${exit.status}, expected ${test.status}`;
  for (const r of test.rejects) if (output.includes(r)) return `rejected text '${r}' appeared`;
  for (const want of test.events) {
    const ok = events.some((ev) => {
      if (ev.typeName !== want.name) return false;
      const f = eventFields(ev);
      return Object.entries(want.fields).every(([k, v]) => f[k] === v);
    });
    if (!ok) {
      const kv = Object.entries(want.fields).map(([k, v]) => ` ${k}=${v}`).join('');
      return `no telemetry event ${want.name}${kv} (line ${want.line})`;
    }
  }
  return '';
}

/** Runs jobs with at most `limit` at a time, calling onDone as each finishes; results in job order. */
export async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>, onDone: (r: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
      onDone(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** One line per result: `PASS  name  engine  412 ms` (+ reason). */
export function formatResult(r: TestResult, nameWidth = 22): string {
  const head = `${r.pass ? 'PASS' : 'FAIL'}  ${r.test.name.padEnd(nameWidth)} ${r.engine.padEnd(5)} ${String(r.ms).padStart(5)} ms`;
  return r.pass ? head : `${head}  ${r.reason}`;
}

/** What to show under a failed test: what it proves and the end of its serial output. */
export function formatFailure(r: TestResult, tailLines = 15): string {
  const lines = r.output.replace(/\r/g, '').split('\n');
  const tail = lines.slice(-tailLines).map((l) => `    | ${l}`).join('\n');
  const about = r.test.description ? `    test: ${r.test.description}\n` : '';
  return `${about}    serial output (last ${Math.min(tailLines, lines.length)} lines):\n${tail}`;
}
