/*
 * Boot timeline model: the kernel's init steps (boot_step events) laid out on
 * one time axis. The kernel reports each step's duration (the events are sent
 * together once telemetry is up), and the steps run one after another, so a
 * step starts where the previous ones ended; boot_done gives the total.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';
import type { PanelModel } from '../common/model.ts';

export interface BootStep {
  index: number;
  name: string;
  startUs: number;
  durationUs: number;
  /** The kernel reported an impossible duration (a clock not yet calibrated); drawn as unknown. */
  bogus: boolean;
}

/** Durations at or above 2^31 us (~36 min) are a u32 that went negative, not a real step. */
export const MAX_STEP_US = 2 ** 31;

export class BootModel implements PanelModel {
  version = 0;
  readonly steps: BootStep[] = [];
  totalUs: number | null = null;
  /** Time of boot_done, when the kernel was ready. */
  doneAtUs: number | null = null;

  apply(events: readonly TelemetryEvent[]): void {
    for (const ev of events) {
      if (ev.typeName === 'boot_step') {
        const bogus = ev.durationUs >= MAX_STEP_US;
        const step = { index: ev.index, name: ev.name || `step ${ev.index}`, startUs: 0, durationUs: bogus ? 0 : ev.durationUs, bogus };
        const at = this.steps.findIndex((s) => s.index === ev.index);
        if (at >= 0) this.steps[at] = step;
        else this.steps.push(step);
        this.steps.sort((a, b) => a.index - b.index);
        let t = 0;
        for (const s of this.steps) {
          s.startUs = t;
          t += s.durationUs;
        }
        this.version++;
      } else if (ev.typeName === 'boot_done') {
        this.totalUs = ev.totalUs;
        this.doneAtUs = ev.timeUs;
        this.version++;
      }
    }
  }

  /** The time axis the bars need: from 0 to the end of the last step (or the total). */
  get spanUs(): number {
    let end = this.totalUs ?? 0;
    for (const s of this.steps) end = Math.max(end, s.startUs + s.durationUs);
    return end;
  }

  /** The step that took longest, for highlighting. */
  get slowest(): BootStep | null {
    let best: BootStep | null = null;
    for (const s of this.steps) if (!best || s.durationUs > best.durationUs) best = s;
    return best;
  }
}
