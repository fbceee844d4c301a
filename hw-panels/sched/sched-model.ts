/*
 * Scheduler timeline model: one lane per task, each a list of slices
 * (running, ready, blocked, sleeping) over guest time, built from task_new and
 * task_state events. The open slice of each task extends to "now". Lanes keep
 * a bounded history: when a lane grows past maxSlices its oldest half is
 * dropped (and counted), so a flood of switches costs memory once, not forever.
 * Lock contention and detected deadlocks (lock and deadlock events) are kept
 * as markers on the lanes of the tasks involved.
 */
import type { TelemetryEvent, LockEvent, DeadlockEvent } from '../../machine/common/telemetry.ts';
import * as abi from '../../machine/abi/generated.ts';
import { GuestClock } from '../common/guest-clock.ts';
import type { PanelModel } from '../common/model.ts';

export const STATE_NAMES: Readonly<Record<number, string>> = {
  [abi.TEL_TASK_RUNNING]: 'running',
  [abi.TEL_TASK_READY]: 'ready',
  [abi.TEL_TASK_BLOCKED]: 'blocked',
  [abi.TEL_TASK_SLEEPING]: 'sleeping',
  [abi.TEL_TASK_EXITED]: 'exited',
};

export const WAIT_NAMES: Readonly<Record<number, string>> = {
  [abi.TEL_WAIT_NONE]: '',
  [abi.TEL_WAIT_INPUT]: 'input',
  [abi.TEL_WAIT_LOCK]: 'lock',
  [abi.TEL_WAIT_SEMAPHORE]: 'semaphore',
  [abi.TEL_WAIT_QUEUE]: 'queue',
  [abi.TEL_WAIT_SLEEP]: 'sleep',
  [abi.TEL_WAIT_TASK]: 'task',
};

/** Task 0 is the kernel itself: its idle loop runs whenever nothing else can. */
export const IDLE_TASK = 0;

export function stateName(state: number): string {
  return STATE_NAMES[state] ?? `state ${state}`;
}

export interface Slice {
  state: number;
  reason: number;
  startUs: number;
  /** null while the task is still in this state. */
  endUs: number | null;
}

/** A moment worth pointing at on a lane: a task waiting for a held lock, or a deadlock the kernel refused. */
export interface SchedMark {
  t: number;
  kind: 'contend' | 'deadlock';
  task: number;
  /** The task holding the lock (contend), or the other task in the cycle (deadlock). */
  other: number;
  text: string;
}

export interface Lane {
  id: number;
  name: string;
  createdUs: number;
  slices: Slice[];
  droppedSlices: number;
  switches: number;
}

export class SchedModel implements PanelModel {
  version = 0;
  readonly lanes: Lane[] = [];
  private readonly byId = new Map<number, Lane>();
  /** Run-queue depth over time, from task_switch events: [time, depth] pairs, bounded. */
  readonly runQueue: { t: number; depth: number }[] = [];
  maxRunQueue = 0;
  /** Contention and deadlock markers in time order, bounded like the lanes. */
  readonly marks: SchedMark[] = [];
  contentions = 0;
  deadlocks = 0;
  readonly lockNames = new Map<number, string>();
  private readonly clock = new GuestClock();
  private nowUs = 0;

  constructor(readonly maxSlices = 20_000) {}

  apply(events: readonly TelemetryEvent[]): void {
    for (const ev of events) {
      if (ev.typeName === 'lock' || ev.typeName === 'deadlock') {
        this.lockEvent(ev, this.clock.unwrap(ev.timeUs));
        continue;
      }
      if (ev.typeName !== 'task_new' && ev.typeName !== 'task_state' && ev.typeName !== 'task_exit' && ev.typeName !== 'task_switch') continue;
      const t = this.clock.unwrap(ev.timeUs);
      this.nowUs = Math.max(this.nowUs, t);
      if (ev.typeName === 'task_switch') {
        this.runQueue.push({ t, depth: ev.runQueue });
        this.maxRunQueue = Math.max(this.maxRunQueue, ev.runQueue);
        if (this.runQueue.length > this.maxSlices) this.runQueue.splice(0, this.runQueue.length >> 1);
        this.version++;
        continue;
      }
      const lane = this.lane(ev.task, t, ev.typeName === 'task_new' ? ev.name : undefined);
      if (ev.typeName === 'task_state') this.setState(lane, ev.state, ev.reason, t);
      if (ev.typeName === 'task_exit') this.setState(lane, abi.TEL_TASK_EXITED, 0, t);
      this.version++;
    }
  }

  private lockEvent(ev: LockEvent | DeadlockEvent, t: number): void {
    const lockName = (id: number) => this.lockNames.get(id) ?? `lock ${id}`;
    if (ev.typeName === 'lock') {
      if (ev.name) this.lockNames.set(ev.lock, ev.name);
      if (ev.what !== abi.TEL_LOCK_CONTEND) return;
      this.contentions++;
      this.mark({ t, kind: 'contend', task: ev.task, other: ev.holder, text: `waits for '${lockName(ev.lock)}' held by ${this.nameOf(ev.holder)}` });
    } else {
      this.deadlocks++;
      this.mark({
        t, kind: 'deadlock', task: ev.taskA, other: ev.taskB,
        text: `deadlock: ${this.nameOf(ev.taskA)} wants '${lockName(ev.lockA)}' held by ${this.nameOf(ev.taskB)}${ev.lockB ? `, which wants '${lockName(ev.lockB)}'` : ''}`,
      });
    }
  }

  private nameOf(task: number): string {
    return `#${task} ${this.byId.get(task)?.name ?? ''}`.trim();
  }

  private mark(m: SchedMark): void {
    this.nowUs = Math.max(this.nowUs, m.t);
    this.marks.push(m);
    if (this.marks.length > this.maxSlices) this.marks.splice(0, this.marks.length >> 1);
    this.version++;
  }

  /** Index of the first marker at or after t (binary search). */
  firstMarkAfter(t: number): number {
    let lo = 0;
    let hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.marks[mid].t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves "now" forward (from the guest's tick counter) so open slices grow. */
  advance(nowUs: number): void {
    if (nowUs > this.nowUs) {
      this.nowUs = nowUs;
      if (this.lanes.length > 0) this.version++;
    }
  }

  get now(): number {
    return this.nowUs;
  }

  private lane(id: number, t: number, name?: string): Lane {
    let lane = this.byId.get(id);
    if (!lane) {
      lane = { id, name: name || `task ${id}`, createdUs: t, slices: [], droppedSlices: 0, switches: 0 };
      this.byId.set(id, lane);
      this.lanes.push(lane);
      this.lanes.sort((a, b) => a.id - b.id);
    } else if (name) {
      lane.name = name;
    }
    return lane;
  }

  private setState(lane: Lane, state: number, reason: number, t: number): void {
    const open = lane.slices[lane.slices.length - 1];
    if (open && open.endUs === null) {
      if (open.state === state && open.reason === reason) return;
      open.endUs = Math.max(open.startUs, t);
    }
    if (state === abi.TEL_TASK_RUNNING) lane.switches++;
    lane.slices.push({ state, reason, startUs: t, endUs: state === abi.TEL_TASK_EXITED ? t : null });
    if (lane.slices.length > this.maxSlices) {
      const drop = lane.slices.length >> 1;
      lane.slices.splice(0, drop);
      lane.droppedSlices += drop;
    }
  }

  /** The state a task is in now, or null before its first task_state. */
  current(id: number): Slice | null {
    const lane = this.byId.get(id);
    const last = lane?.slices[lane.slices.length - 1];
    return last && last.endUs === null ? last : null;
  }

  /** Index of the first slice of `lane` that ends after t (binary search). */
  firstSliceEndingAfter(lane: Lane, t: number): number {
    let lo = 0;
    let hi = lane.slices.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const end = lane.slices[mid].endUs ?? Infinity;
      if (end <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Time each state took in [t0, t1] for a lane, in microseconds. */
  timeInStates(lane: Lane, t0: number, t1: number): Map<number, number> {
    const out = new Map<number, number>();
    for (let i = this.firstSliceEndingAfter(lane, t0); i < lane.slices.length; i++) {
      const s = lane.slices[i];
      if (s.startUs >= t1) break;
      const d = Math.min(t1, s.endUs ?? this.nowUs) - Math.max(t0, s.startUs);
      if (d > 0) out.set(s.state, (out.get(s.state) ?? 0) + d);
    }
    return out;
  }

  /** True when every known, live task but the idle task is blocked waiting for console input. */
  allBlockedOnInput(): boolean {
    let any = false;
    for (const lane of this.lanes) {
      if (lane.id === IDLE_TASK) continue;
      const cur = this.current(lane.id);
      if (!cur) continue;
      if (cur.state === abi.TEL_TASK_EXITED) continue;
      if (cur.state !== abi.TEL_TASK_BLOCKED || cur.reason !== abi.TEL_WAIT_INPUT) return false;
      any = true;
    }
    return any;
  }
}
