import { describe, expect, it } from 'vitest';
import * as abi from '../abi/generated.ts';
import { ArrayMemory, SyntheticRing, bootStepPayload, words } from './synthetic-ring.ts';
import { TelemetryReader, eventFields, type TelemetryEvent } from './telemetry.ts';

function setup(opts: { capacity?: number; start?: number } = {}) {
  const mem = new ArrayMemory(1 << 20);
  const ring = new SyntheticRing(mem, opts);
  const reader = new TelemetryReader(mem, { memoryBytes: 1 << 20 });
  return { mem, ring, reader };
}

describe('TelemetryReader', () => {
  it('waits until the anchor appears', () => {
    const mem = new ArrayMemory(1 << 20);
    const reader = new TelemetryReader(mem);
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.state).toBe('waiting');
    const ring = new SyntheticRing(mem);
    ring.emit(abi.TEL_EV_BOOT_DONE, 3, words(1234));
    expect(reader.drain().map((e) => e.typeName)).toEqual(['boot_done']);
    expect(reader.stats.state).toBe('ready');
  });

  it('asks the kernel for a replay through the header once the ring is found', () => {
    const { ring, reader } = setup();
    reader.requestReplay();
    ring.emit(abi.TEL_EV_BOOT_DONE, 3, words(1234));
    expect(ring.header(abi.TEL_HDR_OFF_HOST_REQUEST)).toBe(0);
    reader.drain();
    expect(ring.header(abi.TEL_HDR_OFF_HOST_REQUEST)).toBe(abi.TEL_REQ_REPLAY);
    ring.setHeader(abi.TEL_HDR_OFF_HOST_REQUEST, 0);   // the kernel answered
    reader.drain();
    expect(ring.header(abi.TEL_HDR_OFF_HOST_REQUEST)).toBe(0); // asked once, not every drain
  });

  it('decodes the memory and task events of phases 2 and 3', () => {
    const { ring, reader } = setup();
    const named = (ws: number[], name: string, at: number) => {
      const b = new Uint8Array(16);
      b.set(words(...ws), 0);
      b.set(new TextEncoder().encode(name), at);
      return b;
    };
    ring.emit(abi.TEL_EV_MEM_REGION, abi.TEL_MEM_KERNEL, named([0x100000, 0x29000], 'kernel', 8));
    ring.emit(abi.TEL_EV_FRAME_ALLOC, abi.TEL_MEM_TASK_STACK, words(0x200000, 5, 7000), 0, 3);
    ring.emit(abi.TEL_EV_FRAME_FREE, abi.TEL_MEM_HEAP, words(0x300000, 1, 7001));
    ring.emit(abi.TEL_EV_HEAP_ALLOC, 0, words(0xc0000010, 128, 4096, 16384), 0, 3);
    ring.emit(abi.TEL_EV_HEAP_FREE, 0, words(0xc0000010, 128, 3968, 16384), 0, 3);
    ring.emit(abi.TEL_EV_BUDGET_REFUSED, 0, words(4032, 8064, 8192), 0, 77);
    ring.emit(abi.TEL_EV_HEAP_GROW, 0, words(32768, 4));
    ring.emit(abi.TEL_EV_LEAK, 0, words(2, 8064), 0, 77);
    ring.emit(abi.TEL_EV_TASK_NEW, 0, named([], 'shell', 0), 0, 1);
    ring.emit(abi.TEL_EV_TASK_STATE, abi.TEL_TASK_BLOCKED, words(abi.TEL_WAIT_INPUT), 0, 1);
    ring.emit(abi.TEL_EV_TASK_SWITCH, 0, words(1, 3), 0, 2);
    ring.emit(abi.TEL_EV_TASK_EXIT, abi.TEL_EXIT_STACK_OVERFLOW, words(0, 42), 0, 2);
    ring.emit(abi.TEL_EV_LOCK, abi.TEL_LOCK_CONTEND, named([7, 2], 'A', 8), 0, 3);
    ring.emit(abi.TEL_EV_QUEUE_DEPTH, 0, named([1, 5, 16], 'work', 12));
    ring.emit(abi.TEL_EV_SCHED_MODE, abi.TEL_SCHED_RR, words(10));
    ring.emit(abi.TEL_EV_DEADLOCK, 0, words(3, 7, 4, 8));
    ring.emit(abi.TEL_EV_SYSCALL_ENTER, abi.SYS_WRITE, words(1, 0x40001000, 12, 0), 0, 5);
    ring.emit(abi.TEL_EV_SYSCALL_EXIT, abi.SYS_WRITE, words(-abi.EFAULT >>> 0, 3), 0, 5);
    ring.emit(abi.TEL_EV_USER_FAULT, 14, words(0x40000123, 0, 4), 0, 5);
    expect(reader.drain()).toMatchObject([
      { typeName: 'mem_region', kind: abi.TEL_MEM_KERNEL, base: 0x100000, length: 0x29000, name: 'kernel' },
      { typeName: 'frame_alloc', kind: abi.TEL_MEM_TASK_STACK, addr: 0x200000, frames: 5, freeAfter: 7000, task: 3 },
      { typeName: 'frame_free', kind: abi.TEL_MEM_HEAP, addr: 0x300000, frames: 1, freeAfter: 7001 },
      { typeName: 'heap_alloc', addr: 0xc0000010, size: 128, heapUsed: 4096, heapSize: 16384, task: 3 },
      { typeName: 'heap_free', addr: 0xc0000010, size: 128, heapUsed: 3968 },
      { typeName: 'budget_refused', asked: 4032, held: 8064, budget: 8192, task: 77 },
      { typeName: 'heap_grow', heapSize: 32768, framesAdded: 4 },
      { typeName: 'leak', allocations: 2, bytes: 8064, task: 77 },
      { typeName: 'task_new', name: 'shell', task: 1 },
      { typeName: 'task_state', state: abi.TEL_TASK_BLOCKED, reason: abi.TEL_WAIT_INPUT, task: 1 },
      { typeName: 'task_switch', previous: 1, runQueue: 3, task: 2 },
      { typeName: 'task_exit', how: abi.TEL_EXIT_STACK_OVERFLOW, code: 0, cpuTicks: 42, task: 2 },
      { typeName: 'lock', what: abi.TEL_LOCK_CONTEND, lock: 7, holder: 2, name: 'A', task: 3 },
      { typeName: 'queue_depth', queue: 1, depth: 5, capacity: 16, name: 'work' },
      { typeName: 'sched_mode', mode: abi.TEL_SCHED_RR, sliceTicks: 10 },
      { typeName: 'deadlock', taskA: 3, lockA: 7, taskB: 4, lockB: 8 },
      { typeName: 'syscall_enter', num: abi.SYS_WRITE, args: [1, 0x40001000, 12, 0], task: 5 },
      { typeName: 'syscall_exit', num: abi.SYS_WRITE, result: -abi.EFAULT, durationUs: 3 },
      { typeName: 'user_fault', vector: 14, eip: 0x40000123, addr: 0, error: 4, task: 5 },
    ]);
  });

  it('decodes every known event type and writes tail back', () => {
    const { ring, reader } = setup();
    ring.emit(abi.TEL_EV_BOOT_STEP, 2, bootStepPayload(150, 'serial'), 99, 0, 0);
    ring.emit(abi.TEL_EV_BOOT_DONE, 5, words(4000));
    ring.emit(abi.TEL_EV_PANIC, 14, words(0xc0001000, 2, 0xdeadbeef, 0x9000));
    ring.emit(abi.TEL_EV_POWER, 2, words(abi.TEL_POWER_REASON_PANIC));
    ring.emit(abi.TEL_EV_TEST, 0, words(7, 3), 0, 4, 9);
    const evs = reader.drain();
    expect(evs).toMatchObject([
      { typeName: 'boot_step', index: 2, durationUs: 150, name: 'serial', timeUs: 99 },
      { typeName: 'boot_done', steps: 5, totalUs: 4000 },
      { typeName: 'panic', vector: 14, eip: 0xc0001000, error: 2, cr2: 0xdeadbeef, esp: 0x9000 },
      { typeName: 'power', status: 2, reason: abi.TEL_POWER_REASON_PANIC },
      { typeName: 'test', seq: 7, burst: 3, task: 4, request: 9 },
    ]);
    expect(ring.header(abi.TEL_HDR_OFF_TAIL)).toBe(5);
    expect(reader.drain()).toEqual([]);
    expect(eventFields(evs[0]).name).toBe('serial');
  });

  it('handles head and tail wrapping around 2^32', () => {
    const { ring, reader } = setup({ capacity: 8, start: 0xfffffffc });
    const seen: TelemetryEvent[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 6; i++) ring.emit(abi.TEL_EV_TEST, 0, words(round * 6 + i, 0));
      seen.push(...reader.drain());
    }
    expect(seen.map((e) => (e.typeName === 'test' ? e.seq : -1))).toEqual([...Array(24).keys()]);
    expect(ring.header(abi.TEL_HDR_OFF_HEAD)).toBe((0xfffffffc + 24) >>> 0);
    expect(reader.stats.overruns).toBe(0);
  });

  it('joins LOG and LOG_CONT into one text, even across drains', () => {
    const { ring, reader } = setup();
    const text = 'frame allocator: 7936 frames free of 8192';
    ring.log(abi.TEL_LOG_WARN, 'short');
    ring.log(abi.TEL_LOG_INFO, text);
    expect(reader.drain()).toMatchObject([
      { typeName: 'log', level: abi.TEL_LOG_WARN, text: 'short', truncated: false },
      { typeName: 'log', level: abi.TEL_LOG_INFO, text, truncated: false },
    ]);
    // LOG in one drain, its continuation in the next.
    ring.emit(abi.TEL_EV_LOG, 20, new Uint8Array([0, ...new TextEncoder().encode('0123456789abcde')]));
    expect(reader.drain()).toEqual([]);
    ring.emit(abi.TEL_EV_LOG_CONT, 0, new TextEncoder().encode('fghij'));
    expect(reader.drain()).toMatchObject([{ typeName: 'log', text: '0123456789abcdefghij' }]);
    expect(reader.stats.malformed).toBe(0);
  });

  it('reports the header counters and power state', () => {
    const { ring, reader } = setup({ capacity: 4 });
    for (let i = 0; i < 6; i++) ring.emit(abi.TEL_EV_TEST, 0, words(i, 0));
    ring.setHeader(abi.TEL_HDR_OFF_TICKS, 321);
    ring.powerOff(abi.EXIT_PANIC);
    expect(reader.drain()).toHaveLength(4);
    expect(reader.stats).toMatchObject({ kernelDropped: 2, ticks: 321, tickHz: 100, power: abi.TEL_POWER_OFF, status: 2 });
    expect(reader.poweredOff).toBe(true);
  });
});

describe('TelemetryReader on malformed rings (never throws)', () => {
  it('bad anchor or ring magic: not ready', () => {
    const { mem, ring, reader } = setup();
    mem.writeU32(abi.TEL_ANCHOR_ADDR, 0x12345678);
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.state).toBe('waiting');
    ring.announce();
    ring.setHeader(abi.TEL_HDR_OFF_MAGIC, 0);
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.state).toBe('error');
    expect(reader.stats.error).toMatch(/magic/);
  });

  it.each([
    ['capacity not a power of two', abi.TEL_HDR_OFF_CAPACITY, 48],
    ['capacity zero', abi.TEL_HDR_OFF_CAPACITY, 0],
    ['capacity not matching the size', abi.TEL_HDR_OFF_CAPACITY, 128],
    ['wrong event size', abi.TEL_HDR_OFF_EVENT_SIZE, 16],
    ['wrong version', abi.TEL_HDR_OFF_VERSION, 9],
  ])('rejects the ring: %s', (_why, off, value) => {
    const { ring, reader } = setup();
    ring.setHeader(off, value);
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.state).toBe('error');
  });

  it('tolerates a ring size padded to 4 KiB, not more', () => {
    const { mem, ring, reader } = setup({ capacity: 8192 });
    mem.writeU32(abi.TEL_ANCHOR_ADDR + abi.TEL_ANCHOR_OFF_RING_SIZE, 266240); // sizeof a page-aligned struct
    ring.emit(abi.TEL_EV_TEST, 0, words(1, 0));
    expect(reader.drain()).toHaveLength(1);
    const other = setup({ capacity: 8192 });
    other.mem.writeU32(abi.TEL_ANCHOR_ADDR + abi.TEL_ANCHOR_OFF_RING_SIZE, 266240 + 4096);
    expect(other.reader.drain()).toEqual([]);
    expect(other.reader.stats.error).toMatch(/does not fit/);
  });

  it('rejects absurd announced sizes and rings outside memory', () => {
    for (const [addr, size] of [[0x10000, 0xffffffff], [0x10000, 0], [0xfff00, 64 + 64 * 32], [0xffffff00, 4096]]) {
      const { mem, reader } = setup();
      mem.writeU32(abi.TEL_ANCHOR_ADDR + abi.TEL_ANCHOR_OFF_RING, addr);
      mem.writeU32(abi.TEL_ANCHOR_ADDR + abi.TEL_ANCHOR_OFF_RING_SIZE, size);
      expect(reader.drain()).toEqual([]);
      expect(reader.stats.state).toBe('error');
    }
  });

  it('a memory that throws is reported, not thrown', () => {
    const reader = new TelemetryReader({ read: () => { throw new Error('boom'); }, writeU32: () => {} });
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.error).toMatch(/boom/);
  });

  it('head far ahead of tail: resync to head and count an overrun', () => {
    const { ring, reader } = setup({ capacity: 8 });
    ring.emit(abi.TEL_EV_TEST, 0, words(1, 0));
    expect(reader.drain()).toHaveLength(1);
    ring.setHeader(abi.TEL_HDR_OFF_HEAD, 1000);
    expect(reader.drain()).toEqual([]);
    expect(reader.stats.overruns).toBe(1);
    expect(ring.header(abi.TEL_HDR_OFF_TAIL)).toBe(1000);
    ring.emit(abi.TEL_EV_TEST, 0, words(2, 0));
    expect(reader.drain()).toMatchObject([{ typeName: 'test', seq: 2 }]);
  });

  it('orphan LOG_CONT, truncated logs and unknown types are counted and kept going', () => {
    const { ring, reader } = setup();
    ring.emit(abi.TEL_EV_LOG_CONT, 0, new TextEncoder().encode('orphan'));
    ring.emit(abi.TEL_EV_LOG, 200, new Uint8Array([1, 65, 66, 67]));
    ring.emit(abi.TEL_EV_LOG_CONT, 0, new TextEncoder().encode('DEF'));
    ring.emit(0x7f01, 5, words(1, 2, 3, 4));
    ring.emit(abi.TEL_EV_TEST, 0, words(3, 0));
    const evs = reader.drain();
    expect(evs).toMatchObject([
      { typeName: 'log', level: 1, truncated: true },
      { typeName: 'unknown', type: 0x7f01, arg: 5 },
      { typeName: 'test', seq: 3 },
    ]);
    expect(evs[0].typeName === 'log' && evs[0].text.startsWith('ABC')).toBe(true);
    expect(reader.stats.malformed).toBe(2);
  });

  it('a pending log is flushed when the kernel powers off', () => {
    const { ring, reader } = setup();
    ring.emit(abi.TEL_EV_LOG, 40, new Uint8Array([0, 104, 105]));
    ring.powerOff(0);
    expect(reader.drain()).toMatchObject([{ typeName: 'log', truncated: true }]);
  });

  it('starts over when the anchor names a new ring (machine reset)', () => {
    const { mem, ring, reader } = setup();
    ring.emit(abi.TEL_EV_TEST, 0, words(1, 0));
    reader.drain();
    const ring2 = new SyntheticRing(mem, { ringAddr: 0x40000, capacity: 16 });
    ring2.emit(abi.TEL_EV_TEST, 0, words(42, 0));
    expect(reader.drain()).toMatchObject([{ typeName: 'test', seq: 42 }]);
    expect(reader.stats.ringAddr).toBe(0x40000);
  });

  it('survives random garbage in the ring', () => {
    const { mem, ring, reader } = setup({ capacity: 16 });
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let round = 0; round < 200; round++) {
      const start = ring.ringAddr + (round % 3 === 0 ? 0 : 64);
      for (let i = 0; i < 64; i++) mem.bytes[start + ((rnd() * 7 + i) % 600)] = rnd();
      if (round % 5 === 0) ring.announce();
      expect(() => reader.drain()).not.toThrow();
    }
  });
});
