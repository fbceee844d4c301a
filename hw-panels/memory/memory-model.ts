/*
 * Memory map model: physical memory as an array of 4 KiB frames, each with a
 * kind (usable, reserved, kernel, heap, task stack, guard, ...) and an owner.
 * mem_region events paint the loader's map at boot; frame_alloc and
 * frame_free events then repaint the frames the allocator hands out and takes
 * back, owned by the task the event names. The kernel heap inside those
 * frames is its own model (heap-model.ts), fed from the same events.
 *
 * Regions overlap (the ring and the stack live inside the kernel image), so
 * the most specific region wins: a frame takes a region's kind when that
 * region is no larger than the one that painted it before, and plain
 * "usable" never covers anything more specific.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';
import * as abi from '../../machine/abi/generated.ts';
import type { PanelModel } from '../common/model.ts';
import { HeapModel } from './heap-model.ts';

export const FRAME_SIZE = 4096;
/** A frame no region described. */
export const KIND_UNKNOWN = 255;

export const KIND_NAMES: Readonly<Record<number, string>> = {
  [abi.TEL_MEM_USABLE]: 'usable',
  [abi.TEL_MEM_RESERVED]: 'reserved',
  [abi.TEL_MEM_KERNEL]: 'kernel',
  [abi.TEL_MEM_TELEMETRY]: 'telemetry ring',
  [abi.TEL_MEM_STACK]: 'stack',
  [abi.TEL_MEM_VGA]: 'vga',
  [abi.TEL_MEM_HEAP]: 'heap',
  [abi.TEL_MEM_TASK_STACK]: 'task stack',
  [abi.TEL_MEM_GUARD]: 'guard page',
  [abi.TEL_MEM_PAGE_TABLE]: 'page tables',
  [abi.TEL_MEM_USER]: 'user',
  [KIND_UNKNOWN]: 'not reported',
};

export function kindName(kind: number): string {
  return KIND_NAMES[kind] ?? `kind ${kind}`;
}

export interface MemRegion {
  kind: number;
  base: number;
  length: number;
  name: string;
}

export interface FrameInfo {
  frame: number;
  address: number;
  kind: number;
  kindName: string;
  owner: string;
  /** The smallest reported region containing this frame, if any. */
  region: MemRegion | null;
}

export class MemoryModel implements PanelModel {
  version = 0;
  readonly frames: number;
  /** Kind of each frame (KIND_UNKNOWN until a region covers it). */
  readonly kinds: Uint8Array;
  /** Index into `owners` of each frame's owner (0 = none). */
  readonly ownerOf: Uint16Array;
  readonly owners: string[] = [''];
  readonly regions: MemRegion[] = [];
  /** Frames the allocator reported free after its latest event (null before any). */
  freeFrames: number | null = null;
  allocs = 0;
  frees = 0;
  /** Names of tasks by id, for owners (task 0 is the kernel). */
  taskNames = new Map<number, string>([[0, 'kernel']]);
  /** Regions (or parts) outside guest RAM, which the map cannot show. */
  outsideBytes = 0;
  /** The kernel heap's blocks (fed from the same events). */
  readonly heap = new HeapModel();
  private readonly paintedBy: Float64Array; // length of the region that painted each frame

  constructor(readonly memoryBytes: number) {
    this.frames = Math.ceil(memoryBytes / FRAME_SIZE);
    this.kinds = new Uint8Array(this.frames).fill(KIND_UNKNOWN);
    this.ownerOf = new Uint16Array(this.frames);
    this.paintedBy = new Float64Array(this.frames).fill(Infinity);
  }

  apply(events: readonly TelemetryEvent[]): void {
    const heapBefore = this.heap.version;
    this.heap.apply(events);
    if (this.heap.version !== heapBefore) this.version++;
    for (const ev of events) {
      switch (ev.typeName) {
        case 'mem_region': {
          const region = { kind: ev.kind, base: ev.base, length: ev.length, name: ev.name };
          this.regions.push(region);
          this.paintRegion(region);
          break;
        }
        case 'frame_alloc':
        case 'frame_free': {
          const alloc = ev.typeName === 'frame_alloc';
          const owner = alloc ? (this.taskNames.get(ev.task) ?? `task ${ev.task}`) : '';
          this.paintFrames(Math.floor(ev.addr / FRAME_SIZE), ev.frames, alloc ? ev.kind : abi.TEL_MEM_USABLE, owner);
          this.freeFrames = ev.freeAfter;
          if (alloc) this.allocs++;
          else this.frees++;
          break;
        }
        case 'task_new':
          this.taskNames.set(ev.task, ev.name || `task ${ev.task}`);
          break;
      }
    }
  }

  private paintRegion(r: MemRegion): void {
    if (r.length === 0) return;
    const end = r.base + r.length;
    if (end > this.memoryBytes) this.outsideBytes += end - Math.max(r.base, this.memoryBytes);
    const first = Math.floor(r.base / FRAME_SIZE);
    const last = Math.min(this.frames, Math.ceil(end / FRAME_SIZE));
    const owner = this.ownerIndex(r.name);
    let changed = false;
    for (let f = first; f < last; f++) {
      const cur = this.kinds[f];
      if (r.kind === abi.TEL_MEM_USABLE && cur !== KIND_UNKNOWN && cur !== abi.TEL_MEM_USABLE) continue;
      if (cur !== KIND_UNKNOWN && cur !== abi.TEL_MEM_USABLE && r.length > this.paintedBy[f]) continue;
      this.kinds[f] = r.kind;
      this.ownerOf[f] = owner;
      this.paintedBy[f] = r.length;
      changed = true;
    }
    if (changed || last > first) this.version++;
  }

  /**
   * Sets `count` frames from `first` to `kind`, owned by `owner` — the entry
   * point for the frame allocator's events (phase 2). Out-of-range frames are ignored.
   */
  paintFrames(first: number, count: number, kind: number, owner: string): void {
    const end = Math.min(this.frames, first + count);
    const o = this.ownerIndex(owner);
    for (let f = Math.max(0, first); f < end; f++) {
      this.kinds[f] = kind;
      this.ownerOf[f] = o;
    }
    if (end > first) this.version++;
  }

  private ownerIndex(name: string): number {
    let i = this.owners.indexOf(name);
    if (i < 0) {
      i = this.owners.length;
      this.owners.push(name);
    }
    return i;
  }

  describe(frame: number): FrameInfo | null {
    if (frame < 0 || frame >= this.frames || !Number.isInteger(frame)) return null;
    const address = frame * FRAME_SIZE;
    let region: MemRegion | null = null;
    for (const r of this.regions) {
      if (address + FRAME_SIZE > r.base && address < r.base + r.length && (!region || r.length < region.length)) region = r;
    }
    const kind = this.kinds[frame];
    return { frame, address, kind, kindName: kindName(kind), owner: this.owners[this.ownerOf[frame]] ?? '', region };
  }

  /** Frames of each kind, for the legend. */
  countByKind(): Map<number, number> {
    const counts = new Map<number, number>();
    for (let f = 0; f < this.frames; f++) counts.set(this.kinds[f], (counts.get(this.kinds[f]) ?? 0) + 1);
    return counts;
  }
}
