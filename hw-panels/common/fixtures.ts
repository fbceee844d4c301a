/* Telemetry events for tests, shaped like the ones the phase-1 kernel sends. */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';

const base = { arg: 0, task: 0, request: 0 };

export function bootStep(index: number, name: string, durationUs: number, timeUs = 30_000 + index * 16): TelemetryEvent {
  return { ...base, type: 0x0101, arg: index, timeUs, typeName: 'boot_step', index, durationUs, name };
}
export function bootDone(steps: number, totalUs: number, timeUs = 31_000): TelemetryEvent {
  return { ...base, type: 0x0102, arg: steps, timeUs, typeName: 'boot_done', steps, totalUs };
}
export function memRegion(kind: number, b: number, length: number, name: string, timeUs = 35_000): TelemetryEvent {
  return { ...base, type: 0x0201, arg: kind, timeUs, typeName: 'mem_region', kind, base: b, length, name };
}
export function taskNew(task: number, name: string, timeUs: number): TelemetryEvent {
  return { ...base, type: 0x0301, task, timeUs, typeName: 'task_new', name };
}
export function taskState(task: number, state: number, reason: number, timeUs: number): TelemetryEvent {
  return { ...base, type: 0x0302, arg: state, task, timeUs, typeName: 'task_state', state, reason };
}
export function log(text: string, timeUs = 40_000, level = 0): TelemetryEvent {
  return { ...base, type: 0x0103, arg: text.length, timeUs, typeName: 'log', level, text, truncated: false };
}
export function testEv(seq: number, burst: number, timeUs = 50_000): TelemetryEvent {
  return { ...base, type: 0x0107, timeUs, typeName: 'test', seq, burst };
}

/** The memory map the phase-1 kernel reports in a 32 MiB v86 guest. */
export const PHASE1_REGIONS: TelemetryEvent[] = [
  memRegion(0, 0, 655360, 'ram'),
  memRegion(0, 786432, 32768000, 'ram'),
  memRegion(5, 753664, 4000, 'vga'),
  memRegion(2, 1048576, 339968, 'kernel'),
  memRegion(4, 1372160, 16384, 'stack'),
  memRegion(3, 1105920, 266240, 'ring'),
];
