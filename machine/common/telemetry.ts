/*
 * Telemetry decoder: reads the kernel's event ring out of guest memory.
 *
 * The kernel announces its ring in a fixed "anchor" (abi/telemetry.h); the host
 * drains events between tail and head and writes tail back. Guest memory is
 * untrusted: whatever bytes are there, the reader never throws; it counts what
 * it could not make sense of and resynchronises.
 */
import * as abi from '../abi/generated.ts';

/** Physical guest memory as the host sees it (v86 buffer, QEMU's shared file, a test array). */
export interface GuestMemory {
  read(addr: number, len: number): Uint8Array;
  writeU32(addr: number, value: number): void;
}

interface EventBase {
  type: number;
  arg: number;
  timeUs: number;
  task: number;
  request: number;
}
export interface BootStepEvent extends EventBase { typeName: 'boot_step'; index: number; durationUs: number; name: string }
export interface BootDoneEvent extends EventBase { typeName: 'boot_done'; steps: number; totalUs: number }
/** A LOG event with its LOG_CONT parts joined; `truncated` when parts were missing. */
export interface LogEvent extends EventBase { typeName: 'log'; level: number; text: string; truncated: boolean }
export interface PanicEvent extends EventBase { typeName: 'panic'; vector: number; eip: number; error: number; cr2: number; esp: number }
export interface PowerEvent extends EventBase { typeName: 'power'; status: number; reason: number }
export interface TestEvent extends EventBase { typeName: 'test'; seq: number; burst: number }
export interface MemRegionEvent extends EventBase { typeName: 'mem_region'; kind: number; base: number; length: number; name: string }
export interface TaskNewEvent extends EventBase { typeName: 'task_new'; name: string }
export interface TaskStateEvent extends EventBase { typeName: 'task_state'; state: number; reason: number }
/** Frames handed out or given back; `task` is the owner, `kind` a TEL_MEM_* kind. */
export interface FrameEvent extends EventBase { typeName: 'frame_alloc' | 'frame_free'; kind: number; addr: number; frames: number; freeAfter: number }
/** A heap block; `task` is its owner. */
export interface HeapEvent extends EventBase { typeName: 'heap_alloc' | 'heap_free'; addr: number; size: number; heapUsed: number; heapSize: number }
export interface BudgetRefusedEvent extends EventBase { typeName: 'budget_refused'; asked: number; held: number; budget: number }
export interface HeapGrowEvent extends EventBase { typeName: 'heap_grow'; heapSize: number; framesAdded: number }
export interface LeakEvent extends EventBase { typeName: 'leak'; allocations: number; bytes: number }
export interface TaskSwitchEvent extends EventBase { typeName: 'task_switch'; previous: number; runQueue: number }
export interface TaskExitEvent extends EventBase { typeName: 'task_exit'; how: number; code: number; cpuTicks: number }
export interface LockEvent extends EventBase { typeName: 'lock'; what: number; lock: number; holder: number; name: string }
export interface QueueDepthEvent extends EventBase { typeName: 'queue_depth'; queue: number; depth: number; capacity: number; name: string }
export interface SchedModeEvent extends EventBase { typeName: 'sched_mode'; mode: number; sliceTicks: number }
export interface SyscallEnterEvent extends EventBase { typeName: 'syscall_enter'; num: number; args: number[] }
export interface SyscallExitEvent extends EventBase { typeName: 'syscall_exit'; num: number; result: number; durationUs: number }
export interface UserFaultEvent extends EventBase { typeName: 'user_fault'; vector: number; eip: number; addr: number; error: number }
export interface DeadlockEvent extends EventBase { typeName: 'deadlock'; taskA: number; lockA: number; taskB: number; lockB: number }
export interface UnknownEvent extends EventBase { typeName: 'unknown'; payload: Uint8Array }

export type TelemetryEvent =
  | BootStepEvent | BootDoneEvent | LogEvent | PanicEvent | PowerEvent | TestEvent
  | MemRegionEvent | TaskNewEvent | TaskStateEvent
  | FrameEvent | HeapEvent | BudgetRefusedEvent | HeapGrowEvent | LeakEvent
  | TaskSwitchEvent | TaskExitEvent | LockEvent | QueueDepthEvent | SchedModeEvent | DeadlockEvent
  | SyscallEnterEvent | SyscallExitEvent | UserFaultEvent
  | UnknownEvent;

export type TelemetryState = 'waiting' | 'ready' | 'error';

export interface TelemetryStats {
  state: TelemetryState;
  /** Why the ring was rejected when state is 'error'. */
  error?: string;
  ringAddr: number;
  capacity: number;
  eventsRead: number;
  /** Events the kernel dropped because the ring was full (from the header). */
  kernelDropped: number;
  /** Times head ran more than a ring ahead of tail and the reader skipped to head. */
  overruns: number;
  /** Events that could not be decoded (orphan LOG_CONT, missing LOG parts, ...). */
  malformed: number;
  power: number;
  status: number;
  ticks: number;
  tickHz: number;
}

/** Largest ring the reader accepts: protects the host from a garbage size. */
export const MAX_RING_BYTES = 64 << 20;

/** Stats of a reader that has seen nothing yet. */
export function emptyTelemetryStats(): TelemetryStats {
  return {
    state: 'waiting', ringAddr: 0, capacity: 0, eventsRead: 0, kernelDropped: 0, overruns: 0,
    malformed: 0, power: abi.TEL_POWER_ON, status: 0, ticks: 0, tickHz: 0,
  };
}

const LOG_FIRST_TEXT = abi.TEL_EV_PAYLOAD_SIZE - 1;
const textDecoder = new TextDecoder('utf-8', { fatal: false });

function u32(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}
function u16(b: Uint8Array, off: number): number {
  return b[off] | (b[off + 1] << 8);
}
function cString(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return textDecoder.decode(nul < 0 ? b : b.subarray(0, nul));
}

/** Copies the common fields into a decoded event (faster than object spread when transpiled). */
function withBase<T extends object>(base: EventBase, fields: T): EventBase & T {
  const ev = fields as EventBase & T;
  ev.type = base.type;
  ev.arg = base.arg;
  ev.timeUs = base.timeUs;
  ev.task = base.task;
  ev.request = base.request;
  return ev;
}

interface PendingLog {
  base: EventBase;
  level: number;
  need: number; // total text bytes announced in arg
  parts: Uint8Array[];
  have: number;
}

export interface TelemetryReaderOptions {
  /** Guest RAM size; rings outside it are rejected. */
  memoryBytes?: number;
}

export class TelemetryReader {
  private attached = false;
  private ringAddr = 0;
  private ringSize = 0;
  private capacity = 0;
  private tail = 0;
  private pending: PendingLog | null = null;
  private requests = 0;
  private s: TelemetryStats = emptyTelemetryStats();

  constructor(private readonly mem: GuestMemory, private readonly opts: TelemetryReaderOptions = {}) {}

  get stats(): TelemetryStats {
    return { ...this.s };
  }

  /** True once the header says the kernel powered off. */
  get poweredOff(): boolean {
    return this.s.state === 'ready' && this.s.power === abi.TEL_POWER_OFF;
  }

  /**
   * Asks the kernel to send its boot steps, memory regions and tasks again
   * (TEL_REQ_REPLAY), e.g. after a restore left the panels without history.
   * Written at the next drain that finds the ring.
   */
  requestReplay(): void {
    this.requests |= abi.TEL_REQ_REPLAY;
  }

  /** Reads all new events and hands the ring space back to the kernel. Never throws. */
  drain(): TelemetryEvent[] {
    try {
      return this.drainUnsafe();
    } catch (e) {
      // Only a GuestMemory that throws (address outside RAM) gets here.
      this.fail(`guest memory read failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  private drainUnsafe(): TelemetryEvent[] {
    if (!this.checkAnchor()) return [];
    const hdr = this.mem.read(this.ringAddr, abi.TEL_HDR_SIZE);
    if (u32(hdr, abi.TEL_HDR_OFF_MAGIC) !== abi.TEL_RING_MAGIC) {
      this.reset('waiting');
      return [];
    }
    this.s.kernelDropped = u32(hdr, abi.TEL_HDR_OFF_DROPPED);
    this.s.power = u32(hdr, abi.TEL_HDR_OFF_POWER);
    this.s.status = u32(hdr, abi.TEL_HDR_OFF_STATUS);
    this.s.tickHz = u32(hdr, abi.TEL_HDR_OFF_TICK_HZ);
    this.s.ticks = u32(hdr, abi.TEL_HDR_OFF_TICKS);

    const head = u32(hdr, abi.TEL_HDR_OFF_HEAD);
    const avail = (head - this.tail) >>> 0;
    const out: TelemetryEvent[] = [];
    if (avail > this.capacity) {
      // The kernel was reset or the header is corrupt: skip to the present.
      this.s.overruns++;
      this.flushPending(out);
    } else if (avail > 0) {
      const bytes = this.readEvents(this.tail, avail);
      for (let i = 0; i < avail; i++) {
        this.decode(bytes.subarray(i * abi.TEL_EV_SIZE, (i + 1) * abi.TEL_EV_SIZE), out);
      }
      this.s.eventsRead += avail;
    }
    this.tail = head;
    this.mem.writeU32(this.ringAddr + abi.TEL_HDR_OFF_TAIL, head);
    if (this.requests) {
      this.mem.writeU32(this.ringAddr + abi.TEL_HDR_OFF_HOST_REQUEST, this.requests);
      this.requests = 0;
    }
    if (this.s.power === abi.TEL_POWER_OFF) this.flushPending(out);
    return out;
  }

  /** Copies `count` events starting at sequence number `from` (one or two reads across the wrap). */
  private readEvents(from: number, count: number): Uint8Array {
    const base = this.ringAddr + abi.TEL_HDR_SIZE;
    const first = from & (this.capacity - 1);
    const n1 = Math.min(count, this.capacity - first);
    const part1 = this.mem.read(base + first * abi.TEL_EV_SIZE, n1 * abi.TEL_EV_SIZE);
    if (n1 === count) return part1.slice();
    const part2 = this.mem.read(base, (count - n1) * abi.TEL_EV_SIZE);
    const all = new Uint8Array(count * abi.TEL_EV_SIZE);
    all.set(part1, 0);
    all.set(part2, part1.length);
    return all;
  }

  /** Validates the anchor and (re)attaches to the ring it names. Returns true when ready. */
  private checkAnchor(): boolean {
    const a = this.mem.read(abi.TEL_ANCHOR_ADDR, abi.TEL_ANCHOR_SIZE);
    if (u32(a, abi.TEL_ANCHOR_OFF_MAGIC) !== abi.TEL_ANCHOR_MAGIC) {
      this.reset('waiting');
      return false;
    }
    const version = u32(a, abi.TEL_ANCHOR_OFF_VERSION);
    const ring = u32(a, abi.TEL_ANCHOR_OFF_RING);
    const size = u32(a, abi.TEL_ANCHOR_OFF_RING_SIZE);
    if (this.attached && ring === this.ringAddr && size === this.ringSize) return true;
    if (this.attached) this.reset('waiting'); // machine reset: a new ring
    if (version !== abi.TEL_VERSION) return this.fail(`anchor version ${version}, expected ${abi.TEL_VERSION}`);
    const bad = this.validateRing(ring, size);
    if (bad) return this.fail(bad);
    const hdr = this.mem.read(ring, abi.TEL_HDR_SIZE);
    this.attached = true;
    this.ringAddr = ring;
    this.ringSize = size;
    this.capacity = u32(hdr, abi.TEL_HDR_OFF_CAPACITY);
    this.tail = u32(hdr, abi.TEL_HDR_OFF_TAIL);
    this.s.state = 'ready';
    this.s.error = undefined;
    this.s.ringAddr = ring;
    this.s.capacity = this.capacity;
    return true;
  }

  /** Returns why the ring at `ring` is unusable, or null when it is fine. */
  private validateRing(ring: number, size: number): string | null {
    if (size < abi.TEL_HDR_SIZE || size > MAX_RING_BYTES) return `ring size ${size} out of range`;
    const mem = this.opts.memoryBytes;
    if (ring + size > (mem ?? 2 ** 32)) return `ring 0x${ring.toString(16)}+${size} outside guest memory`;
    if (ring === 0 || ring % 4 !== 0) return `ring address 0x${ring.toString(16)} invalid`;
    const hdr = this.mem.read(ring, abi.TEL_HDR_SIZE);
    if (u32(hdr, abi.TEL_HDR_OFF_MAGIC) !== abi.TEL_RING_MAGIC) return 'ring header magic missing';
    if (u32(hdr, abi.TEL_HDR_OFF_VERSION) !== abi.TEL_VERSION) return 'ring header version mismatch';
    const evSize = u32(hdr, abi.TEL_HDR_OFF_EVENT_SIZE);
    if (evSize !== abi.TEL_EV_SIZE) return `event size ${evSize}, expected ${abi.TEL_EV_SIZE}`;
    const cap = u32(hdr, abi.TEL_HDR_OFF_CAPACITY);
    if (cap === 0 || (cap & (cap - 1)) !== 0) return `capacity ${cap} is not a power of two`;
    // The ABI says size == header + events; a ring padded up to its 4 KiB alignment is tolerated.
    const need = abi.TEL_HDR_SIZE + cap * abi.TEL_EV_SIZE;
    if (size < need || size > Math.ceil(need / 4096) * 4096) return `capacity ${cap} does not fit ring size ${size}`;
    return null;
  }

  private fail(why: string): false {
    this.reset('error');
    this.s.error = why;
    return false;
  }

  /** Forgets the ring (counters that describe the past run are kept). */
  private reset(state: TelemetryState): void {
    this.attached = false;
    this.pending = null;
    this.ringAddr = this.ringSize = this.capacity = this.tail = 0;
    this.s.state = state;
    this.s.error = undefined;
  }

  private decode(ev: Uint8Array, out: TelemetryEvent[]): void {
    const type = u16(ev, abi.TEL_EV_OFF_TYPE);
    const base: EventBase = {
      type,
      arg: u16(ev, abi.TEL_EV_OFF_ARG),
      timeUs: u32(ev, abi.TEL_EV_OFF_TIME),
      task: u32(ev, abi.TEL_EV_OFF_TASK),
      request: u32(ev, abi.TEL_EV_OFF_REQUEST),
    };
    const p = ev.subarray(abi.TEL_EV_OFF_PAYLOAD, abi.TEL_EV_OFF_PAYLOAD + abi.TEL_EV_PAYLOAD_SIZE);
    if (type === abi.TEL_EV_LOG_CONT) {
      this.continueLog(p, out);
      return;
    }
    this.flushPending(out); // anything but LOG_CONT ends the previous log
    switch (type) {
      case abi.TEL_EV_BOOT_STEP:
        out.push(withBase(base, { typeName: 'boot_step', index: base.arg, durationUs: u32(p, 0), name: cString(p.subarray(4)) }));
        return;
      case abi.TEL_EV_BOOT_DONE:
        out.push(withBase(base, { typeName: 'boot_done', steps: base.arg, totalUs: u32(p, 0) }));
        return;
      case abi.TEL_EV_LOG:
        this.startLog(base, p, out);
        return;
      case abi.TEL_EV_PANIC:
        out.push(withBase(base, { typeName: 'panic', vector: base.arg, eip: u32(p, 0), error: u32(p, 4), cr2: u32(p, 8), esp: u32(p, 12) }));
        return;
      case abi.TEL_EV_POWER:
        out.push(withBase(base, { typeName: 'power', status: base.arg, reason: u32(p, 0) }));
        return;
      case abi.TEL_EV_TEST:
        out.push(withBase(base, { typeName: 'test', seq: u32(p, 0), burst: u32(p, 4) }));
        return;
      case abi.TEL_EV_MEM_REGION:
        out.push(withBase(base, { typeName: 'mem_region', kind: base.arg, base: u32(p, 0), length: u32(p, 4), name: cString(p.subarray(8)) }));
        return;
      case abi.TEL_EV_TASK_NEW:
        out.push(withBase(base, { typeName: 'task_new', name: cString(p) }));
        return;
      case abi.TEL_EV_TASK_STATE:
        out.push(withBase(base, { typeName: 'task_state', state: base.arg, reason: u32(p, 0) }));
        return;
      case abi.TEL_EV_FRAME_ALLOC:
      case abi.TEL_EV_FRAME_FREE:
        out.push(withBase(base, { typeName: type === abi.TEL_EV_FRAME_ALLOC ? 'frame_alloc' : 'frame_free', kind: base.arg, addr: u32(p, 0), frames: u32(p, 4), freeAfter: u32(p, 8) }));
        return;
      case abi.TEL_EV_HEAP_ALLOC:
      case abi.TEL_EV_HEAP_FREE:
        out.push(withBase(base, { typeName: type === abi.TEL_EV_HEAP_ALLOC ? 'heap_alloc' : 'heap_free', addr: u32(p, 0), size: u32(p, 4), heapUsed: u32(p, 8), heapSize: u32(p, 12) }));
        return;
      case abi.TEL_EV_BUDGET_REFUSED:
        out.push(withBase(base, { typeName: 'budget_refused', asked: u32(p, 0), held: u32(p, 4), budget: u32(p, 8) }));
        return;
      case abi.TEL_EV_HEAP_GROW:
        out.push(withBase(base, { typeName: 'heap_grow', heapSize: u32(p, 0), framesAdded: u32(p, 4) }));
        return;
      case abi.TEL_EV_LEAK:
        out.push(withBase(base, { typeName: 'leak', allocations: u32(p, 0), bytes: u32(p, 4) }));
        return;
      case abi.TEL_EV_TASK_SWITCH:
        out.push(withBase(base, { typeName: 'task_switch', previous: u32(p, 0), runQueue: u32(p, 4) }));
        return;
      case abi.TEL_EV_TASK_EXIT:
        out.push(withBase(base, { typeName: 'task_exit', how: base.arg, code: u32(p, 0), cpuTicks: u32(p, 4) }));
        return;
      case abi.TEL_EV_LOCK:
        out.push(withBase(base, { typeName: 'lock', what: base.arg, lock: u32(p, 0), holder: u32(p, 4), name: cString(p.subarray(8)) }));
        return;
      case abi.TEL_EV_QUEUE_DEPTH:
        out.push(withBase(base, { typeName: 'queue_depth', queue: u32(p, 0), depth: u32(p, 4), capacity: u32(p, 8), name: cString(p.subarray(12)) }));
        return;
      case abi.TEL_EV_SCHED_MODE:
        out.push(withBase(base, { typeName: 'sched_mode', mode: base.arg, sliceTicks: u32(p, 0) }));
        return;
      case abi.TEL_EV_SYSCALL_ENTER:
        out.push(withBase(base, { typeName: 'syscall_enter', num: base.arg, args: [u32(p, 0), u32(p, 4), u32(p, 8), u32(p, 12)] }));
        return;
      case abi.TEL_EV_SYSCALL_EXIT:
        out.push(withBase(base, { typeName: 'syscall_exit', num: base.arg, result: u32(p, 0) | 0, durationUs: u32(p, 4) }));
        return;
      case abi.TEL_EV_USER_FAULT:
        out.push(withBase(base, { typeName: 'user_fault', vector: base.arg, eip: u32(p, 0), addr: u32(p, 4), error: u32(p, 8) }));
        return;
      case abi.TEL_EV_DEADLOCK:
        out.push(withBase(base, { typeName: 'deadlock', taskA: u32(p, 0), lockA: u32(p, 4), taskB: u32(p, 8), lockB: u32(p, 12) }));
        return;
      default:
        out.push(withBase(base, { typeName: 'unknown', payload: p.slice() }));
    }
  }

  private startLog(base: EventBase, p: Uint8Array, out: TelemetryEvent[]): void {
    const first = p.slice(1, 1 + Math.min(base.arg, LOG_FIRST_TEXT));
    this.pending = { base, level: p[0], need: base.arg, parts: [first], have: first.length };
    if (this.pending.have >= this.pending.need) this.flushPending(out);
  }

  private continueLog(p: Uint8Array, out: TelemetryEvent[]): void {
    const log = this.pending;
    if (!log) {
      this.s.malformed++; // LOG_CONT with no LOG before it
      return;
    }
    const part = p.slice(0, Math.min(p.length, log.need - log.have));
    log.parts.push(part);
    log.have += part.length;
    if (log.have >= log.need) this.flushPending(out);
  }

  /** Emits the log being assembled; an incomplete one is emitted truncated and counted. */
  private flushPending(out: TelemetryEvent[]): void {
    const log = this.pending;
    if (!log) return;
    this.pending = null;
    const truncated = log.have < log.need;
    if (truncated) this.s.malformed++;
    const bytes = new Uint8Array(log.have);
    let off = 0;
    for (const part of log.parts) {
      bytes.set(part, off);
      off += part.length;
    }
    out.push(withBase(log.base, { typeName: 'log' as const, level: log.level, text: cString(bytes), truncated }));
  }
}

/** Decoded fields of an event as strings, for matching `event: NAME key=value` in tests. */
export function eventFields(ev: TelemetryEvent): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(ev)) {
    fields[k] = v instanceof Uint8Array ? Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('') : String(v);
  }
  return fields;
}
