/*
 * Syscall log model: every call across the int 0x80 gate, paired from its
 * syscall_enter and syscall_exit events per task (a blocking read's exit comes
 * much later, and other tasks' calls interleave meanwhile). Calls are kept in
 * two bounded rings — all calls, and refused ones — so a flood of good calls
 * never pushes the refusals out; counters (per error, per call, per bucket of
 * wall time for calls/s) cover everything ever seen.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';
import { SYSCALLS, ERROR_NAMES, ARG_PTR_IN, ARG_PTR_OUT, ARG_ADDR, ARG_PTR_U32, ARG_LEN, ARG_PID } from '../../machine/abi/generated.ts';
import type { PanelModel } from '../common/model.ts';
import { GuestClock } from '../common/guest-clock.ts';

/** The number the kernel reports for a syscall number outside its table. */
export const UNKNOWN_SYSCALL = 0xffff;

export interface SyscallCall {
  seq: number;
  task: number;
  num: number;
  /** The first four arguments, or null when the enter event was not seen. */
  args: number[] | null;
  /** Guest time (unwrapped, us) of the enter, or of the exit minus its duration. */
  startUs: number;
  /** null while the call is in flight (or when it never returned). */
  result: number | null;
  durationUs: number | null;
  /** Set when the task ended inside the call (exit never returns). */
  noReturn?: boolean;
}

export interface SyscallFilter {
  /** Only this task's calls. */
  task?: number;
  /** 'refused': only calls that returned an error; a number: only that error code (e.g. 14 for EFAULT). */
  error?: 'refused' | number;
}

export function syscallName(num: number): string {
  if (num === UNKNOWN_SYSCALL) return 'unknown';
  return SYSCALLS[num]?.name ?? `sys${num}`;
}

/** The ARG_* kind of each argument (the table's hex digits, first argument lowest). Unknown calls: four ints. */
export function argKinds(num: number): number[] {
  const entry = SYSCALLS[num];
  if (!entry) return [1, 1, 1, 1];
  const kinds: number[] = [];
  for (let k = entry.args; k > 0; k = Math.floor(k / 16)) kinds.push(k % 16);
  return kinds;
}

const POINTER_KINDS = new Set([ARG_PTR_IN, ARG_PTR_OUT, ARG_ADDR, ARG_PTR_U32]);

/** An argument as the kernel's trace prints it: pointers in hex, lengths and ids unsigned, the rest signed. */
export function formatArg(kind: number, v: number): string {
  if (POINTER_KINDS.has(kind)) return '0x' + (v >>> 0).toString(16);
  if (kind === ARG_LEN || kind === ARG_PID) return String(v >>> 0);
  return String(v | 0);
}

export function errorName(code: number): string {
  return ERROR_NAMES[code] ?? `E${code}`;
}

/** "12", or "-14 EFAULT" for a refusal. */
export function formatResult(result: number): string {
  return result < 0 ? `${result} ${errorName(-result)}` : String(result);
}

/** "write(1, 0x40001000, 12)"; "write(?)" when the arguments were not seen. */
export function formatCall(c: SyscallCall): string {
  const name = syscallName(c.num);
  if (!c.args) return `${name}(?)`;
  const kinds = argKinds(c.num);
  return `${name}(${kinds.slice(0, c.args.length).map((k, i) => formatArg(k, c.args![i])).join(', ')})`;
}

export interface Bucket {
  calls: number;
  refused: number;
}

export class SyscallModel implements PanelModel {
  version = 0;
  /** Calls entered (or, without an enter, exited) since the machine started. */
  total = 0;
  refused = 0;
  /** Refusals by error code (positive: 14 = EFAULT). */
  readonly byError = new Map<number, number>();
  /** Calls by syscall number. */
  readonly byCall = new Map<number, number>();
  /** Calls by task id. */
  readonly byTask = new Map<number, number>();
  readonly taskNames = new Map<number, string>([[0, 'kernel']]);
  /** Exits with no matching enter, and enters whose exit never came (lost or out of order). */
  unpaired = 0;
  /** Calls per wall-clock bucket; the last is the current one. */
  readonly history: Bucket[] = [];
  private readonly all: SyscallCall[] = [];
  private readonly errs: SyscallCall[] = [];
  private readonly open = new Map<number, SyscallCall>();
  private readonly clock = new GuestClock();
  private bucketStartMs = -1;
  private seq = 0;

  constructor(readonly capacity = 5000, readonly bucketMs = 250, readonly buckets = 120) {}

  apply(events: readonly TelemetryEvent[], nowMs = Date.now()): void {
    let changed = false;
    for (const ev of events) {
      switch (ev.typeName) {
        case 'syscall_enter': {
          this.roll(nowMs);
          const stale = this.open.get(ev.task);
          if (stale) this.unpaired++; // its exit was lost: it stays "in flight" in the log
          const call: SyscallCall = { seq: this.seq++, task: ev.task, num: ev.num, args: Array.isArray(ev.args) ? ev.args.slice(0, 4) : null, startUs: this.clock.unwrap(ev.timeUs >>> 0), result: null, durationUs: null };
          this.open.set(ev.task, call);
          this.count(call);
          this.push(this.all, call);
          changed = true;
          break;
        }
        case 'syscall_exit': {
          this.roll(nowMs);
          let call = this.open.get(ev.task);
          if (call && call.num === ev.num) {
            this.open.delete(ev.task);
          } else {
            this.unpaired++;
            const t = this.clock.unwrap(ev.timeUs >>> 0);
            call = { seq: this.seq++, task: ev.task, num: ev.num, args: null, startUs: Math.max(0, t - (ev.durationUs || 0)), result: null, durationUs: null };
            this.count(call);
            this.push(this.all, call);
          }
          call.result = ev.result | 0;
          call.durationUs = ev.durationUs >>> 0;
          if (call.result < 0) {
            const code = -call.result;
            this.refused++;
            this.byError.set(code, (this.byError.get(code) ?? 0) + 1);
            this.history[this.history.length - 1].refused++;
            this.push(this.errs, call);
          }
          changed = true;
          break;
        }
        case 'task_new':
          this.taskNames.set(ev.task, ev.name || `task ${ev.task}`);
          break;
        case 'task_exit': {
          const call = this.open.get(ev.task);
          if (call) {
            call.noReturn = true;
            this.open.delete(ev.task);
            changed = true;
          }
          break;
        }
      }
    }
    if (changed) this.version++;
  }

  private count(call: SyscallCall): void {
    this.total++;
    this.byCall.set(call.num, (this.byCall.get(call.num) ?? 0) + 1);
    this.byTask.set(call.task, (this.byTask.get(call.task) ?? 0) + 1);
    this.history[this.history.length - 1].calls++;
  }

  private push(ring: SyscallCall[], call: SyscallCall): void {
    ring.push(call);
    if (ring.length > this.capacity * 2) ring.splice(0, ring.length - this.capacity);
  }

  /** Starts new buckets up to `nowMs` (call each frame so the strip moves when idle). */
  roll(nowMs: number): void {
    if (this.bucketStartMs < 0) {
      this.bucketStartMs = nowMs;
      this.history.push({ calls: 0, refused: 0 });
      return;
    }
    let moved = false;
    while (nowMs - this.bucketStartMs >= this.bucketMs) {
      this.bucketStartMs += this.bucketMs;
      this.history.push({ calls: 0, refused: 0 });
      moved = true;
      if (nowMs - this.bucketStartMs > this.bucketMs * this.buckets) this.bucketStartMs = nowMs; // long idle: jump
    }
    if (this.history.length > this.buckets) this.history.splice(0, this.history.length - this.buckets);
    if (moved) this.version++;
  }

  /** Calls per second over the last second of whole buckets. */
  get callsPerSec(): number {
    const n = Math.max(1, Math.round(1000 / this.bucketMs));
    const whole = this.history.slice(Math.max(0, this.history.length - 1 - n), this.history.length - 1);
    if (whole.length === 0) return 0;
    return (whole.reduce((s, b) => s + b.calls, 0) * 1000) / (whole.length * this.bucketMs);
  }

  /** The call task `task` is inside now, if any. */
  inFlight(task: number): SyscallCall | null {
    return this.open.get(task) ?? null;
  }

  taskName(task: number): string {
    return this.taskNames.get(task) ?? `task ${task}`;
  }

  /** Tasks that made calls, by id. */
  get tasks(): number[] {
    return [...this.byTask.keys()].sort((a, b) => a - b);
  }

  /** The newest `limit` calls matching `filter`, oldest first. */
  query(filter: SyscallFilter = {}, limit = 1000): SyscallCall[] {
    const ring = filter.error !== undefined ? this.errs : this.all;
    const from = Math.max(0, ring.length - this.capacity);
    const out: SyscallCall[] = [];
    for (let i = ring.length - 1; i >= from && out.length < limit; i--) {
      const c = ring[i];
      if (filter.task !== undefined && c.task !== filter.task) continue;
      if (typeof filter.error === 'number' && c.result !== -filter.error) continue;
      out.push(c);
    }
    return out.reverse();
  }
}
