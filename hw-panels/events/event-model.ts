/*
 * Event log model: the latest events of each type, counts per type and a
 * rate history (events per bucket, per type) for the activity strip. Each
 * type keeps its own bounded ring, so a flood of one type never pushes the
 * kernel's log lines out of the log. Events are formatted only when shown.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';
import { hex32, formatUs } from '../common/model.ts';
import type { PanelModel } from '../common/model.ts';
import { kindName } from '../memory/memory-model.ts';
import { stateName, WAIT_NAMES } from '../sched/sched-model.ts';
import { formatCall, formatResult, syscallName } from '../syscalls/syscall-model.ts';

export interface LogEntry {
  seq: number;
  ev: TelemetryEvent;
}

export interface EventFilter {
  /** Types to show; empty or undefined = all. */
  types?: ReadonlySet<string>;
  /** Case-insensitive substring of the formatted line. */
  text?: string;
}

const LEVELS = ['info', 'warn', 'error'];

const BASE_FIELDS = new Set(['type', 'arg', 'timeUs', 'request', 'typeName']);
const HEX_FIELDS = /addr|eip|esp|cr2|lock$/i;

/** key=value for an event type the log has no special wording for (new phases get a readable line for free). */
function genericFields(ev: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(ev)) {
    if (BASE_FIELDS.has(k) || (k === 'task' && v === 0)) continue;
    const val = typeof v === 'number' && HEX_FIELDS.test(k) ? hex32(v) : Array.isArray(v) ? `[${v.join(',')}]` : String(v);
    parts.push(`${k}=${val}`);
  }
  return parts.join(' ');
}

/** One line describing an event, as the log shows it. */
export function formatEvent(ev: TelemetryEvent): string {
  switch (ev.typeName) {
    case 'log':
      return `${LEVELS[ev.level] ?? `level ${ev.level}`}: ${ev.text}${ev.truncated ? ' [truncated]' : ''}`;
    case 'boot_step':
      return `step ${ev.index} ${ev.name} took ${formatUs(ev.durationUs)}`;
    case 'boot_done':
      return `${ev.steps} steps, ${formatUs(ev.totalUs)}`;
    case 'panic':
      return `vector ${ev.vector} eip=${hex32(ev.eip)} err=${hex32(ev.error)} cr2=${hex32(ev.cr2)} esp=${hex32(ev.esp)}`;
    case 'power':
      return `status ${ev.status} (${ev.reason === 1 ? 'panic' : 'poweroff'})`;
    case 'test':
      return `seq ${ev.seq} of ${ev.burst}`;
    case 'mem_region':
      return `${kindName(ev.kind)} ${ev.name} ${hex32(ev.base)}+${ev.length.toString(16)}`;
    case 'task_new':
      return `task ${ev.task} "${ev.name}"`;
    case 'task_state': {
      const why = WAIT_NAMES[ev.reason] ?? `reason ${ev.reason}`;
      return `task ${ev.task} ${stateName(ev.state)}${why ? ` (${why})` : ''}`;
    }
    case 'syscall_enter':
      return `task ${ev.task} ${formatCall({ seq: 0, task: ev.task, num: ev.num, args: ev.args, startUs: 0, result: null, durationUs: null })}`;
    case 'syscall_exit':
      return `task ${ev.task} ${syscallName(ev.num)} = ${formatResult(ev.result)} in ${formatUs(ev.durationUs)}`;
    case 'unknown':
      return `type 0x${ev.type.toString(16)} arg ${ev.arg}`;
    default:
      return genericFields(ev as unknown as Record<string, unknown>);
  }
}

export class EventModel implements PanelModel {
  version = 0;
  total = 0;
  readonly counts = new Map<string, number>();
  /** Event counts per time bucket per type; the last bucket is the current one. */
  readonly history: Map<string, number>[] = [];
  private readonly rings = new Map<string, LogEntry[]>();
  private bucketStartMs = -1;

  constructor(readonly perTypeCapacity = 1000, readonly bucketMs = 250, readonly buckets = 120) {}

  apply(events: readonly TelemetryEvent[], nowMs = Date.now()): void {
    if (events.length === 0) return;
    this.roll(nowMs);
    const bucket = this.history[this.history.length - 1];
    for (const ev of events) {
      const type = ev.typeName;
      let ring = this.rings.get(type);
      if (!ring) {
        ring = [];
        this.rings.set(type, ring);
      }
      ring.push({ seq: this.total++, ev });
      if (ring.length > this.perTypeCapacity * 2) ring.splice(0, ring.length - this.perTypeCapacity);
      this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
      bucket.set(type, (bucket.get(type) ?? 0) + 1);
    }
    this.version++;
  }

  /** Starts new buckets up to `nowMs` (call each frame so the strip moves when idle). */
  roll(nowMs: number): void {
    if (this.bucketStartMs < 0) {
      this.bucketStartMs = nowMs;
      this.history.push(new Map());
      return;
    }
    let moved = false;
    while (nowMs - this.bucketStartMs >= this.bucketMs) {
      this.bucketStartMs += this.bucketMs;
      this.history.push(new Map());
      moved = true;
      if (nowMs - this.bucketStartMs > this.bucketMs * this.buckets) this.bucketStartMs = nowMs; // long idle: jump
    }
    if (this.history.length > this.buckets) this.history.splice(0, this.history.length - this.buckets);
    if (moved) this.version++;
  }

  get types(): string[] {
    return [...this.counts.keys()].sort();
  }

  /** The newest `limit` entries matching `filter`, oldest first. */
  query(filter: EventFilter = {}, limit = 500): LogEntry[] {
    const types = filter.types && filter.types.size > 0 ? filter.types : null;
    const text = filter.text?.trim().toLowerCase() ?? '';
    const out: LogEntry[] = [];
    for (const [type, ring] of this.rings) {
      if (types && !types.has(type)) continue;
      const from = Math.max(0, ring.length - this.perTypeCapacity);
      for (let i = ring.length - 1, taken = 0; i >= from && taken < limit; i--) {
        const e = ring[i];
        if (text && !`${type} ${formatEvent(e.ev)}`.toLowerCase().includes(text)) continue;
        out.push(e);
        taken++;
      }
    }
    out.sort((a, b) => a.seq - b.seq);
    return out.length > limit ? out.slice(out.length - limit) : out;
  }
}
