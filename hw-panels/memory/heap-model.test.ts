import { describe, expect, it } from 'vitest';
import { HeapModel, HEAP_BASE, HEAP_HEADER } from './heap-model.ts';
import { MemoryModel } from './memory-model.ts';
import { taskNew } from '../common/fixtures.ts';
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';

const ptr = (offset: number) => HEAP_BASE + offset + HEAP_HEADER;
function heap(typeName: 'heap_alloc' | 'heap_free', task: number, offset: number, size: number, heapUsed = 0, heapSize = 16384): TelemetryEvent {
  return { type: typeName === 'heap_alloc' ? 0x204 : 0x205, arg: 0, timeUs: 100, task, request: 0, typeName, addr: ptr(offset), size, heapUsed, heapSize };
}
function grow(heapSize: number, framesAdded: number): TelemetryEvent {
  return { type: 0x207, arg: 0, timeUs: 100, task: 0, request: 0, typeName: 'heap_grow', heapSize, framesAdded };
}

describe('HeapModel', () => {
  it('tracks blocks by owner, free runs and fragmentation through alloc/free/grow/shrink', () => {
    const m = new HeapModel();
    m.apply([grow(16384, 4), taskNew(5, 'leaky', 0)]);
    expect(m.stats()).toMatchObject({ size: 16384, used: 0, free: 16384, largestFree: 16384, fragmentation: 0 });
    m.apply([heap('heap_alloc', 5, 0, 1056), heap('heap_alloc', 0, 1056, 64), heap('heap_alloc', 5, 1120, 1056)]);
    expect(m.byOwner().map((u) => [m.taskName(u.owner), u.bytes, u.blocks])).toEqual([['leaky', 2112, 2], ['kernel', 64, 1]]);
    m.apply([heap('heap_free', 0, 1056, 64)]);
    const s = m.stats();
    expect(s.used).toBe(2112);
    expect(s.freeRuns).toBe(2); // the 64-byte hole and the tail
    expect(s.largestFree).toBe(16384 - 2176);
    expect(s.fragmentation).toBeCloseTo(1 - (16384 - 2176) / (16384 - 2112));
    expect(m.blockAt(1200)?.owner).toBe(5);
    expect(m.blockAt(1060)).toBeNull();
    m.apply([grow(65536, 12)]);
    expect(m.grows).toBe(2);
    m.apply([heap('heap_free', 5, 0, 1056, 0, 65536), heap('heap_free', 5, 1120, 1056, 0, 65536), grow(16384, 0)]);
    expect(m.shrinks).toBe(1);
    expect(m.stats()).toMatchObject({ size: 16384, used: 0, blocks: 0, fragmentation: 0 });
    expect(m.mismatches).toBe(0);
  });

  it('keeps refusals and leak reports as markers', () => {
    const m = new HeapModel(HEAP_BASE, 2);
    const refused = (task: number): TelemetryEvent => ({ type: 0x206, arg: 0, timeUs: 5, task, request: 0, typeName: 'budget_refused', asked: 8208, held: 57456, budget: 65536 });
    m.apply([refused(4), refused(4), { type: 0x208, arg: 0, timeUs: 9, task: 5, request: 0, typeName: 'leak', allocations: 40, bytes: 42240 }]);
    expect(m.refusals).toBe(2);
    expect(m.leaks).toBe(1);
    expect(m.markers.map((k) => k.kind)).toEqual(['refused', 'leak']);
    expect(m.markers[1].text).toContain('40 blocks');
  });

  it('never throws on malformed or out-of-order events', () => {
    const m = new HeapModel();
    const bad: TelemetryEvent[] = [
      heap('heap_free', 3, 512, 64), // free before alloc
      heap('heap_alloc', 3, 0, 128),
      heap('heap_alloc', 4, 64, 128), // overlaps: the free of the first was lost
      { ...heap('heap_alloc', 3, 0, 0), addr: 5 } as TelemetryEvent, // below the window
      { ...heap('heap_alloc', 3, 4096, 32), size: NaN, heapSize: NaN, heapUsed: NaN } as TelemetryEvent,
      grow(-1, 0),
      { type: 0x207, arg: 0, timeUs: 0, task: 0, request: 0, typeName: 'heap_grow' } as unknown as TelemetryEvent,
    ];
    expect(() => m.apply(bad)).not.toThrow();
    expect(() => m.stats()).not.toThrow();
    expect(m.usedBlocks.filter((b) => b.offset === 0)).toHaveLength(0); // the older, overlapped block went
    expect(m.usedBlocks.some((b) => b.owner === 4)).toBe(true);
    expect(m.mismatches).toBeGreaterThanOrEqual(3);
    expect(() => m.byOwner()).not.toThrow();
  });

  it('is fed by the memory model, whose version moves with it', () => {
    const mem = new MemoryModel(1 << 20);
    const v = mem.version;
    mem.apply([grow(16384, 4), heap('heap_alloc', 2, 0, 64)]);
    expect(mem.heap.stats().used).toBe(64);
    expect(mem.version).toBeGreaterThan(v);
  });
});
