/*
 * Benchmarks (npm run bench; never part of npm test). Each benchmark is a
 * function returning table rows; add one by appending to BENCHMARKS.
 */
import { existsSync } from 'node:fs';
import * as abi from '../machine/abi/generated.ts';
import type { Engine } from '../machine/common/machine.ts';
import { ArrayMemory, SyntheticRing, bootStepPayload, words } from '../machine/common/synthetic-ring.ts';
import { TelemetryReader } from '../machine/common/telemetry.ts';
import { createMachine, defaultKernelPath } from '../machine/node/engines.ts';
import { loadKernel } from '../machine/node/kernel-file.ts';
import { imageThroughput, sessionSaveRestore } from './storage.ts';
import { studioBenchmarks } from './studio.ts';

type Row = Record<string, string>;
interface Benchmark {
  name: string;
  /** Returns rows, or a string saying why it was skipped. */
  run(): Promise<Row[] | string>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Decoding a full ring of mixed events, over and over (head is moved on by a whole ring each pass). */
async function telemetryDecode(): Promise<Row[]> {
  const capacity = 65536;
  const mem = new ArrayMemory(4 << 20);
  const ring = new SyntheticRing(mem, { ringAddr: 0x100000, capacity });
  for (let i = 0; ring.header(abi.TEL_HDR_OFF_HEAD) < capacity; i++) {
    if (i % 8 === 0) ring.log(abi.TEL_LOG_INFO, `log line number ${i} with some text`);
    else if (i % 8 === 1) ring.emit(abi.TEL_EV_BOOT_STEP, i & 0xff, bootStepPayload(i, 'step'));
    else ring.emit(abi.TEL_EV_TEST, 0, words(i, 8));
  }
  const reader = new TelemetryReader(mem);
  const passes = 30;
  let events = 0;
  reader.drain(); // warm-up pass
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) {
    ring.setHeader(abi.TEL_HDR_OFF_HEAD, (ring.header(abi.TEL_HDR_OFF_HEAD) + capacity) >>> 0);
    events += reader.drain().length;
  }
  const s = (performance.now() - t0) / 1000;
  const raw = passes * capacity;
  return [{
    benchmark: 'telemetry decode (Node)',
    'ring events/s': (raw / s / 1e6).toFixed(2) + ' M',
    'decoded events/s': (events / s / 1e6).toFixed(2) + ' M',
    'ms per full ring': ((s * 1000) / passes).toFixed(2),
  }];
}

/** Wall time from Machine construction to the first "minios> " prompt. */
async function bootToPrompt(engine: Engine, kernel: ArrayBuffer): Promise<number> {
  const t0 = performance.now();
  const m = createMachine({ engine, kernel, kernelPath: defaultKernelPath });
  const decoder = new TextDecoder();
  let out = '';
  const ms = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${engine}: no prompt within 20 s`)), 20000);
    m.onSerial((b) => {
      out += decoder.decode(b, { stream: true });
      if (out.includes('minios> ')) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    });
  });
  m.stop();
  await m.exited;
  return ms;
}

async function bootTime(): Promise<Row[] | string> {
  if (!existsSync(defaultKernelPath)) return 'kernel/build/minios.elf missing (npm run kernel)';
  const kernel = loadKernel(defaultKernelPath);
  const runs = 10;
  const result: Record<Engine, number[]> = { v86: [], qemu: [] };
  for (let i = 0; i < runs; i++) {
    for (const engine of ['v86', 'qemu'] as const) result[engine].push(await bootToPrompt(engine, kernel));
  }
  const v = median(result.v86);
  const q = median(result.qemu);
  return [{
    benchmark: `boot to prompt (median of ${runs})`,
    'v86 ms': v.toFixed(0),
    'qemu ms': q.toFixed(0),
    'v86/qemu': (v / q).toFixed(2) + 'x',
  }];
}

/** Boots `cmdline`, waits for power-off, returns the serial output. */
async function guestOutput(engine: Engine, kernel: ArrayBuffer, cmdline: string): Promise<string> {
  const m = createMachine({ engine, kernel, kernelPath: defaultKernelPath, cmdline });
  const decoder = new TextDecoder();
  let out = '';
  m.onSerial((b) => (out += decoder.decode(b, { stream: true })));
  const timer = setTimeout(() => m.stop('timeout'), 60000);
  const exit = await m.exited;
  clearTimeout(timer);
  if (exit.reason !== 'poweroff' || exit.status !== 0) throw new Error(`${engine} ${cmdline}: ${exit.reason} ${exit.status}`);
  return out;
}

/** A kernel test that prints "<name>: N <unit> in T us": the guest measures itself. */
interface GuestBench { label: string; cmdline: string; pattern: RegExp; unit: string }

const GUEST_BENCHES: GuestBench[] = [
  { label: 'guest loop (integer work)', cmdline: 'test=bench-loop iterations=200000000', pattern: /bench-loop: (\d+) iterations in (\d+) us/, unit: 'M iterations/s' },
  { label: 'kmalloc+kfree pairs', cmdline: 'test=bench-heap ops=300000', pattern: /bench-heap: (\d+) kmalloc\+kfree pairs in (\d+) us/, unit: 'M pairs/s' },
  { label: 'null syscalls (getpid, ring 3)', cmdline: 'test=user prog=bench', pattern: /bench-null: (\d+) syscalls in (\d+) us/, unit: 'M calls/s' },
  { label: 'copy-in (write to FD_NULL)', cmdline: 'test=user prog=bench', pattern: /bench-copy: (\d+) bytes in (\d+) us/, unit: 'MB/s' },
  { label: 'context switches (yield, coop)', cmdline: 'test=bench-switch rounds=100000', pattern: /bench-switch: (\d+) switches in (\d+) us/, unit: 'M switches/s' },
  { label: 'function calls (stack-checked)', cmdline: 'test=bench-calls n=27', pattern: /bench-calls: fib\(\d+\) = \d+: (\d+) calls in (\d+) us/, unit: 'M calls/s' },
];

async function guestRate(engine: Engine, kernel: ArrayBuffer, b: GuestBench): Promise<number> {
  const out = await guestOutput(engine, kernel, b.cmdline);
  const m = b.pattern.exec(out);
  if (!m) throw new Error(`${engine}: no "${b.label}" figure in the output`);
  return Number(m[1]) / Number(m[2]); // per microsecond = millions per second
}

async function guestSpeed(): Promise<Row[] | string> {
  if (!existsSync(defaultKernelPath)) return 'kernel/build/minios.elf missing (npm run kernel)';
  const kernel = loadKernel(defaultKernelPath);
  const rows: Row[] = [];
  for (const b of GUEST_BENCHES) {
    const rates: Record<Engine, number[]> = { v86: [], qemu: [] };
    for (let i = 0; i < 3; i++) {
      for (const engine of ['v86', 'qemu'] as const) rates[engine].push(await guestRate(engine, kernel, b));
    }
    const v = median(rates.v86);
    const q = median(rates.qemu);
    rows.push({ benchmark: `${b.label} (median of 3)`, unit: b.unit, v86: v.toFixed(2), qemu: q.toFixed(2), 'v86/qemu': (v / q).toFixed(2) + 'x' });
  }
  return rows;
}

const BENCHMARKS: Benchmark[] = [
  { name: 'telemetry decode', run: telemetryDecode },
  { name: 'boot time', run: bootTime },
  { name: 'guest speed', run: guestSpeed },
  { name: 'storage: disk images', run: imageThroughput },
  { name: 'storage: sessions', run: sessionSaveRestore },
  ...studioBenchmarks(),
];

function printTable(rows: Row[]): void {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  console.log(line(cols));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? '')));
  console.log();
}

for (const b of BENCHMARKS) {
  const rows = await b.run();
  if (typeof rows === 'string') console.log(`${b.name}: skipped (${rows})\n`);
  else printTable(rows);
}
