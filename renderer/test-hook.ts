/*
 * A small window.__studio object for the e2e tests and benchmarks: what the
 * models hold, the console transcript, frame timings, and a pixel check that
 * a panel's canvas is not blank. Read-only views plus the same actions a user has.
 */
import type { Studio } from './studio.ts';
import type { HwPanel } from '../hw-panels/common/pixi-panel.ts';
import type { Docks } from './docks.ts';
import type { GuestConsole } from './console.ts';
import type { PanelId } from './layout-model.ts';
import { KIND_UNKNOWN } from '../hw-panels/memory/memory-model.ts';
import { errorName } from '../hw-panels/syscalls/syscall-model.ts';

/** Time spent in the studio's per-frame work (panel updates and drawing), and frame intervals. */
export class FrameStats {
  work: number[] = [];
  intervals: number[] = [];
  draws = 0;
  private last = 0;

  record(workMs: number, now: number, drew: number): void {
    if (this.last > 0) this.intervals.push(now - this.last);
    this.last = now;
    this.work.push(workMs);
    this.draws += drew;
    if (this.work.length > 20_000) {
      this.work.splice(0, 10_000);
      this.intervals.splice(0, 10_000);
    }
  }

  reset(): void {
    this.work = [];
    this.intervals = [];
    this.draws = 0;
  }

  static pct(xs: number[], p: number): number {
    if (xs.length === 0) return 0;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  }

  summary() {
    return {
      frames: this.work.length,
      draws: this.draws,
      workP50: FrameStats.pct(this.work, 50),
      workP95: FrameStats.pct(this.work, 95),
      intervalP50: FrameStats.pct(this.intervals, 50),
      intervalP95: FrameStats.pct(this.intervals, 95),
    };
  }
}

export interface HookDeps {
  studio: Studio;
  panels: Map<PanelId, HwPanel>;
  docks: Docks;
  frameStats: FrameStats;
  console: GuestConsole;
}

/** Counts pixels that differ from the top-left (background) pixel, and distinct colours, in a canvas. */
function samplePixels(canvas: HTMLCanvasElement): { width: number; height: number; nonBackground: number; colors: number } {
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(canvas, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let non = 0;
  const colors = new Set<number>();
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0) {
      non++;
      if (colors.size < 256) colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
  }
  return { width: c.width, height: c.height, nonBackground: non, colors: colors.size };
}

export function installTestHook(d: HookDeps): void {
  const hook = {
    transcript: () => d.console.transcript,
    readout: () => d.studio.readout(),
    promptAt: () => d.studio.promptAt,
    bootStartedAt: () => d.studio.bootStartedAt,
    totalEvents: () => d.studio.totalEvents,
    send: (text: string) => d.studio.machine?.sendSerial(text),
    togglePause: () => d.studio.togglePause(),
    reset: (cmdline?: string) => d.studio.boot(cmdline === undefined ? {} : { cmdline }),
    visiblePanels: () => [...d.panels.keys()].filter((id) => d.docks.isVisible(id)),
    frameStats: () => d.frameStats.summary(),
    resetFrameStats: () => d.frameStats.reset(),
    models: () => {
      const m = d.studio.models;
      const kinds = m.memory.countByKind();
      return {
        boot: { steps: m.boot.steps.map((s) => ({ name: s.name, durationUs: s.durationUs })), totalUs: m.boot.totalUs },
        memory: { frames: m.memory.frames, regions: m.memory.regions.length, known: m.memory.frames - (kinds.get(KIND_UNKNOWN) ?? 0), kinds: Object.fromEntries(kinds) },
        sched: { now: m.sched.now, contentions: m.sched.contentions, deadlocks: m.sched.deadlocks, marks: m.sched.marks.slice(-5).map((k) => k.text), lanes: m.sched.lanes.map((l) => ({ id: l.id, name: l.name, slices: l.slices.length, state: m.sched.current(l.id)?.state ?? null })) },
        events: { total: m.events.total, counts: Object.fromEntries(m.events.counts) },
        syscalls: {
          total: m.syscalls.total,
          refused: m.syscalls.refused,
          byError: Object.fromEntries([...m.syscalls.byError].map(([code, n]) => [errorName(code), n])),
          tasks: m.syscalls.tasks.map((t) => m.syscalls.taskName(t)),
        },
        heap: {
          ...m.memory.heap.stats(),
          owners: m.memory.heap.byOwner().map((u) => ({ name: m.memory.heap.taskName(u.owner), bytes: u.bytes, blocks: u.blocks })),
          refusals: m.memory.heap.refusals,
          leaks: m.memory.heap.markers.filter((k) => k.kind === 'leak').map((k) => ({ task: m.memory.heap.taskName(k.task), text: k.text })),
        },
      };
    },
    /** Renders a panel now and samples its canvas. */
    samplePanel: (id: PanelId) => {
      const canvas = d.panels.get(id)?.renderNow();
      return canvas ? samplePixels(canvas) : null;
    },
  };
  (window as unknown as { __studio: typeof hook }).__studio = hook;
}
