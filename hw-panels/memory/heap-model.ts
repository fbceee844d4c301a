/*
 * Kernel heap model: the heap window's blocks, live, from heap_alloc and
 * heap_free events (address, size, owner task) and heap_grow (the window's
 * size, which shrinks too). Everything in the window not covered by a used
 * block is free; fragmentation is 1 - largest free run / free bytes, the
 * figure the shell's `mem` prints. Budget refusals and leak reports are kept
 * as a short list of markers.
 *
 * Events can be missing or out of order (a ring overrun, a restored session):
 * a free of an unknown block is counted and ignored, a block overlapping a
 * newer one is dropped, and nothing here throws.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';
import type { PanelModel } from '../common/model.ts';

/** Where the kernel's heap window starts (kernel/include/mm.h HEAP_START; not part of the ABI). */
export const HEAP_BASE = 0xc0000000;
/** The block header in front of every pointer kmalloc returns (kernel/mm/heap.c struct block). */
export const HEAP_HEADER = 16;
/** Larger windows than this are garbage (the kernel's HEAP_MAX is 64 MiB). */
const HEAP_LIMIT = 1 << 30;

export interface HeapBlock {
  /** Offset of the block (header included) from the window's start. */
  offset: number;
  size: number;
  owner: number;
  seq: number;
}

export interface HeapMarker {
  kind: 'refused' | 'leak';
  timeUs: number;
  task: number;
  /** refused: bytes asked, held and the budget; leak: blocks and bytes reclaimed. */
  text: string;
}

export interface HeapStats {
  size: number;
  /** Bytes in blocks the model knows of. */
  used: number;
  /** What the kernel reported in its latest event (covers blocks from before the model started). */
  kernelUsed: number;
  free: number;
  largestFree: number;
  /** 0..1: 1 - largestFree / free. */
  fragmentation: number;
  blocks: number;
  freeRuns: number;
}

export interface OwnerUse {
  owner: number;
  bytes: number;
  blocks: number;
}

export class HeapModel implements PanelModel {
  version = 0;
  /** The window's size in bytes (0 until the kernel reports it). */
  size = 0;
  kernelUsed = 0;
  allocs = 0;
  frees = 0;
  grows = 0;
  shrinks = 0;
  refusals = 0;
  leaks = 0;
  /** Frees of blocks the model never saw allocated, allocs over blocks it thought live, blocks dropped as stale. */
  mismatches = 0;
  readonly markers: HeapMarker[] = [];
  readonly taskNames = new Map<number, string>([[0, 'kernel']]);
  private readonly blocks = new Map<number, HeapBlock>();
  private seq = 0;
  private sorted: HeapBlock[] | null = [];

  constructor(readonly base = HEAP_BASE, readonly maxMarkers = 50) {}

  apply(events: readonly TelemetryEvent[]): void {
    const before = this.version;
    for (const ev of events) {
      switch (ev.typeName) {
        case 'heap_alloc':
        case 'heap_free':
          this.block(ev.typeName === 'heap_alloc', ev.addr >>> 0, ev.size >>> 0, ev.task >>> 0);
          if (Number.isFinite(ev.heapSize)) this.setSize(ev.heapSize >>> 0, false);
          if (Number.isFinite(ev.heapUsed)) this.kernelUsed = ev.heapUsed >>> 0;
          break;
        case 'heap_grow':
          this.setSize(ev.heapSize >>> 0, true);
          break;
        case 'budget_refused':
          this.refusals++;
          this.mark({ kind: 'refused', timeUs: ev.timeUs, task: ev.task, text: `asked ${ev.asked} B, holds ${ev.held} of ${ev.budget} B` });
          break;
        case 'leak':
          this.leaks++;
          this.mark({ kind: 'leak', timeUs: ev.timeUs, task: ev.task, text: `${ev.allocations} blocks, ${ev.bytes} B reclaimed at exit` });
          break;
        case 'task_new':
          this.taskNames.set(ev.task, ev.name || `task ${ev.task}`);
          break;
      }
    }
    if (this.version !== before) this.sorted = null;
  }

  private block(alloc: boolean, addr: number, size: number, owner: number): void {
    const offset = addr - HEAP_HEADER - this.base;
    if (offset < 0 || size === 0) {
      this.mismatches++;
      return;
    }
    const key = offset;
    if (alloc) {
      if (this.blocks.has(key)) this.mismatches++;
      this.blocks.set(key, { offset, size, owner, seq: this.seq++ });
      this.allocs++;
    } else {
      if (!this.blocks.delete(key)) this.mismatches++;
      this.frees++;
    }
    this.version++;
  }

  private setSize(size: number, fromGrow: boolean): void {
    if (size > HEAP_LIMIT) {
      this.mismatches++;
      return;
    }
    if (size === this.size) return;
    if (fromGrow) {
      if (size > this.size) this.grows++;
      else this.shrinks++;
    }
    this.size = size;
    this.version++;
  }

  private mark(m: HeapMarker): void {
    this.markers.push(m);
    if (this.markers.length > this.maxMarkers) this.markers.splice(0, this.markers.length - this.maxMarkers);
    this.version++;
  }

  taskName(task: number): string {
    return this.taskNames.get(task) ?? `task ${task}`;
  }

  /**
   * Used blocks in address order. A block that overlaps a newer one lost its
   * free event (or came out of order) and is dropped; blocks past the end of
   * the window are kept but drawn clipped.
   */
  get usedBlocks(): readonly HeapBlock[] {
    if (this.sorted) return this.sorted;
    const list = [...this.blocks.values()].sort((a, b) => a.offset - b.offset);
    const out: HeapBlock[] = [];
    for (const b of list) {
      const prev = out[out.length - 1];
      if (prev && prev.offset + prev.size > b.offset) {
        const stale = prev.seq < b.seq ? prev : b;
        this.blocks.delete(stale.offset);
        this.mismatches++;
        if (stale === prev) out[out.length - 1] = b;
        continue;
      }
      out.push(b);
    }
    this.sorted = out;
    return out;
  }

  /** Free runs (offset, size) between used blocks inside the window. */
  freeRuns(): { offset: number; size: number }[] {
    const runs: { offset: number; size: number }[] = [];
    let at = 0;
    for (const b of this.usedBlocks) {
      if (b.offset >= this.size) break;
      if (b.offset > at) runs.push({ offset: at, size: b.offset - at });
      at = Math.max(at, b.offset + b.size);
    }
    if (at < this.size) runs.push({ offset: at, size: this.size - at });
    return runs;
  }

  stats(): HeapStats {
    let used = 0;
    for (const b of this.usedBlocks) used += b.size;
    const runs = this.freeRuns();
    let free = 0;
    let largestFree = 0;
    for (const r of runs) {
      free += r.size;
      largestFree = Math.max(largestFree, r.size);
    }
    return {
      size: this.size, used, kernelUsed: this.kernelUsed, free, largestFree,
      fragmentation: free > 0 ? 1 - largestFree / free : 0, blocks: this.usedBlocks.length, freeRuns: runs.length,
    };
  }

  /** Bytes and blocks per owner, largest first. */
  byOwner(): OwnerUse[] {
    const m = new Map<number, OwnerUse>();
    for (const b of this.usedBlocks) {
      const u = m.get(b.owner) ?? { owner: b.owner, bytes: 0, blocks: 0 };
      u.bytes += b.size;
      u.blocks++;
      m.set(b.owner, u);
    }
    return [...m.values()].sort((a, b) => b.bytes - a.bytes || a.owner - b.owner);
  }

  /** The used block covering `offset`, if any. */
  blockAt(offset: number): HeapBlock | null {
    const list = this.usedBlocks;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].offset + list[mid].size <= offset) lo = mid + 1;
      else hi = mid;
    }
    const b = list[lo];
    return b && b.offset <= offset ? b : null;
  }
}
