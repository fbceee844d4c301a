import { describe, expect, it } from 'vitest';
import { BootModel } from './boot/boot-model.ts';
import { MemoryModel, FRAME_SIZE, KIND_UNKNOWN } from './memory/memory-model.ts';
import { SchedModel } from './sched/sched-model.ts';
import { Viewport } from './sched/viewport.ts';
import { EventModel, formatEvent } from './events/event-model.ts';
import { GuestClock } from './common/guest-clock.ts';
import { RateMeter } from './common/rate-meter.ts';
import { bootDone, bootStep, log, memRegion, PHASE1_REGIONS, taskNew, taskState, testEv } from './common/fixtures.ts';
import * as abi from '../machine/abi/generated.ts';
import type { TelemetryEvent } from '../machine/common/telemetry.ts';

function frameEv(typeName: 'frame_alloc' | 'frame_free', task: number, kind: number, addr: number, frames: number, freeAfter: number): TelemetryEvent {
  return { type: typeName === 'frame_alloc' ? 0x202 : 0x203, arg: kind, timeUs: 100, task, request: 0, typeName, kind, addr, frames, freeAfter };
}
function switchEv(task: number, previous: number, runQueue: number, timeUs: number): TelemetryEvent {
  return { type: 0x303, arg: 0, timeUs, task, request: 0, typeName: 'task_switch', previous, runQueue };
}

describe('BootModel', () => {
  it('lays the steps end to end in index order and keeps the total', () => {
    const m = new BootModel();
    m.apply([bootStep(1, 'vga', 3000), bootStep(0, 'serial', 400), bootDone(2, 3500)]);
    expect(m.steps.map((s) => [s.name, s.startUs, s.durationUs])).toEqual([['serial', 0, 400], ['vga', 400, 3000]]);
    expect(m.totalUs).toBe(3500);
    expect(m.spanUs).toBe(3500);
    expect(m.slowest?.name).toBe('vga');
  });
  it('replaces a step reported twice and ignores other events', () => {
    const m = new BootModel();
    m.apply([bootStep(0, 'serial', 400), log('x'), bootStep(0, 'serial', 500)]);
    expect(m.steps).toHaveLength(1);
    expect(m.steps[0].durationUs).toBe(500);
    expect(m.version).toBe(2);
  });
});

describe('MemoryModel', () => {
  it('paints the phase-1 map with the most specific region winning', () => {
    const m = new MemoryModel(32 << 20);
    m.apply(PHASE1_REGIONS);
    const kindAt = (addr: number) => m.kinds[Math.floor(addr / FRAME_SIZE)];
    expect(kindAt(0)).toBe(abi.TEL_MEM_USABLE);
    expect(kindAt(0xa0000)).toBe(KIND_UNKNOWN); // the 640K-768K hole no region mentions
    expect(kindAt(0xb8000)).toBe(abi.TEL_MEM_VGA);
    expect(kindAt(0x100000)).toBe(abi.TEL_MEM_KERNEL);
    expect(kindAt(1105920)).toBe(abi.TEL_MEM_TELEMETRY); // the ring, inside the kernel image
    expect(kindAt(1372160)).toBe(abi.TEL_MEM_STACK);
    expect(kindAt(2 << 20)).toBe(abi.TEL_MEM_USABLE);
    const d = m.describe(1105920 / FRAME_SIZE)!;
    expect(d).toMatchObject({ address: 1105920, kindName: 'telemetry ring', owner: 'ring' });
    expect(d.region?.name).toBe('ring');
  });
  it('gives the same result whatever order regions arrive in', () => {
    const a = new MemoryModel(32 << 20);
    const b = new MemoryModel(32 << 20);
    a.apply(PHASE1_REGIONS);
    b.apply([...PHASE1_REGIONS].reverse());
    expect(Buffer.from(b.kinds).equals(Buffer.from(a.kinds))).toBe(true);
  });
  it('counts regions beyond RAM instead of painting them, and lets phase 2 paint frames', () => {
    const m = new MemoryModel(1 << 20);
    m.apply([memRegion(1, 0xfffc0000, 0x40000, 'bios')]);
    expect(m.outsideBytes).toBe(0x40000);
    expect(m.countByKind().get(KIND_UNKNOWN)).toBe(256);
    m.paintFrames(10, 2, 42, 'task 3');
    expect(m.describe(11)).toMatchObject({ kind: 42, owner: 'task 3', kindName: 'kind 42' });
    expect(m.describe(256)).toBeNull();
  });
});

describe('SchedModel', () => {
  it('builds one lane per task with slices that close on each state change', () => {
    const m = new SchedModel();
    m.apply([taskNew(1, 'shell', 1000), taskState(1, abi.TEL_TASK_BLOCKED, abi.TEL_WAIT_INPUT, 1100)]);
    expect(m.allBlockedOnInput()).toBe(true);
    m.apply([taskState(1, abi.TEL_TASK_RUNNING, 0, 5000), taskState(1, abi.TEL_TASK_BLOCKED, abi.TEL_WAIT_INPUT, 7000)]);
    m.advance(10_000);
    const lane = m.lanes[0];
    expect(lane.name).toBe('shell');
    expect(lane.slices.map((s) => [s.state, s.startUs, s.endUs])).toEqual([
      [abi.TEL_TASK_BLOCKED, 1100, 5000], [abi.TEL_TASK_RUNNING, 5000, 7000], [abi.TEL_TASK_BLOCKED, 7000, null],
    ]);
    const t = m.timeInStates(lane, 0, 10_000);
    expect(t.get(abi.TEL_TASK_RUNNING)).toBe(2000);
    expect(t.get(abi.TEL_TASK_BLOCKED)).toBe(3900 + 3000);
    expect(m.firstSliceEndingAfter(lane, 6000)).toBe(1);
    expect(lane.switches).toBe(1);
  });
  it('bounds a lane under a flood of switches and keeps time monotonic across the u32 wrap', () => {
    const m = new SchedModel(100);
    const evs = [];
    for (let i = 0; i < 1000; i++) evs.push(taskState(2, i % 2 ? abi.TEL_TASK_RUNNING : abi.TEL_TASK_READY, 0, (4294967000 + i * 10) >>> 0));
    m.apply(evs);
    const lane = m.lanes[0];
    expect(lane.slices.length).toBeLessThanOrEqual(100);
    expect(lane.droppedSlices + lane.slices.length).toBe(1000);
    for (let i = 1; i < lane.slices.length; i++) expect(lane.slices[i].startUs).toBeGreaterThan(lane.slices[i - 1].startUs);
    expect(m.allBlockedOnInput()).toBe(false);
  });
});

describe('Viewport', () => {
  it('follows now, stops following when zoomed into the past, and zooms around the anchor', () => {
    const v = new Viewport(0, 1000);
    v.autoSpan = false;
    v.track(5000);
    expect([v.start, v.end]).toEqual([4000, 5000]);
    v.zoom(0.5, 4500);
    expect(v.span).toBe(500);
    expect(v.start).toBe(4250);
    expect(v.following).toBe(false);
    v.pan(10_000, 5000);
    expect(v.following).toBe(true);
    expect(v.end).toBe(5000);
    expect(v.toTime(v.toX(4800, 300), 300)).toBeCloseTo(4800);
  });
});

describe('phase-2/3 events', () => {
  it('repaints frames the allocator hands out and takes back, owned by the named task', () => {
    const m = new MemoryModel(32 << 20);
    m.apply(PHASE1_REGIONS);
    m.apply([taskNew(2, 'worker', 1), frameEv('frame_alloc', 2, abi.TEL_MEM_TASK_STACK, 0x400000, 4, 7000), frameEv('frame_alloc', 2, abi.TEL_MEM_GUARD, 0x3ff000, 1, 6999)]);
    expect(m.describe(0x400000 / FRAME_SIZE)).toMatchObject({ kindName: 'task stack', owner: 'worker' });
    expect(m.describe(0x3ff000 / FRAME_SIZE)).toMatchObject({ kindName: 'guard page' });
    m.apply([frameEv('frame_free', 2, abi.TEL_MEM_TASK_STACK, 0x400000, 4, 7003)]);
    expect(m.describe(0x403000 / FRAME_SIZE)).toMatchObject({ kind: abi.TEL_MEM_USABLE, owner: '' });
    expect([m.allocs, m.frees, m.freeFrames]).toEqual([2, 1, 7003]);
  });
  it('records run-queue depth, ends a lane on task_exit and ignores the idle task for "blocked on input"', () => {
    const m = new SchedModel();
    m.apply([
      taskNew(0, 'idle', 0), taskState(0, abi.TEL_TASK_RUNNING, 0, 10),
      taskNew(1, 'shell', 0), taskState(1, abi.TEL_TASK_BLOCKED, abi.TEL_WAIT_INPUT, 20),
    ]);
    expect(m.allBlockedOnInput()).toBe(true);
    m.apply([switchEv(3, 0, 2, 30), taskNew(3, 'demo', 25), { ...switchEv(3, 0, 2, 30), typeName: 'task_exit', how: 0, code: 0, cpuTicks: 1 } as TelemetryEvent]);
    expect(m.runQueue).toEqual([{ t: 30, depth: 2 }]);
    expect(m.current(3)).toBeNull(); // exited: no open slice
    expect(m.lanes.find((l) => l.id === 3)!.slices.at(-1)!.state).toBe(abi.TEL_TASK_EXITED);
  });
  it('formats event types it has no wording for as key=value', () => {
    expect(formatEvent(frameEv('frame_alloc', 2, 7, 0x400000, 4, 7000))).toBe('task=2 kind=7 addr=0x00400000 frames=4 freeAfter=7000');
  });
});

describe('EventModel', () => {
  it('keeps log lines visible under a flood of another type and filters by type and text', () => {
    const m = new EventModel(100);
    m.apply([log('shell: ready')], 0);
    const flood = [];
    for (let i = 0; i < 10_000; i++) flood.push(testEv(i, 10_000));
    m.apply(flood, 10);
    expect(m.total).toBe(10_001);
    expect(m.counts.get('test')).toBe(10_000);
    expect(m.query({ types: new Set(['log']) }).map((e) => formatEvent(e.ev))).toEqual(['info: shell: ready']);
    const all = m.query({}, 50);
    expect(all).toHaveLength(50);
    expect(all[49].seq).toBe(10_000);
    expect(m.query({ text: 'seq 9999 ' }).length).toBe(1);
  });
  it('rolls rate buckets with time and bounds the history', () => {
    const m = new EventModel(10, 100, 5);
    m.apply([log('a')], 0);
    m.apply([log('b'), log('c')], 150);
    expect(m.history.map((b) => b.get('log') ?? 0)).toEqual([1, 2]);
    m.roll(10_000);
    expect(m.history.length).toBeLessThanOrEqual(5);
  });
  it('formats every event type on one line', () => {
    expect(formatEvent(taskState(1, 2, 1, 0))).toBe('task 1 blocked (input)');
    expect(formatEvent(memRegion(3, 0x10e000, 0x41000, 'ring'))).toBe('telemetry ring ring 0x0010e000+41000');
  });
});

describe('GuestClock and RateMeter', () => {
  it('unwraps u32 microseconds', () => {
    const c = new GuestClock();
    expect(c.unwrap(4294967000)).toBe(4294967000);
    expect(c.unwrap(100)).toBe(2 ** 32 + 100);
  });
  it('measures a rate through a counter wrap and restarts after a reset', () => {
    const r = new RateMeter(1000, 2 ** 32);
    r.sample(0, 2 ** 32 - 1000);
    r.sample(500, 1000); // wrapped: +2000
    expect(r.rate).toBe(4000);
    const e = new RateMeter(1000);
    e.sample(0, 500);
    e.sample(100, 10); // went backwards: a new machine
    e.sample(200, 110);
    expect(e.rate).toBe(1000);
  });
});
