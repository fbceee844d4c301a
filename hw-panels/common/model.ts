/*
 * What every panel model shares: it is fed decoded telemetry events and bumps
 * `version` whenever what it would draw changed, so a view redraws only then.
 */
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';

export interface PanelModel {
  readonly version: number;
  apply(events: readonly TelemetryEvent[]): void;
}

/** Formats microseconds for labels: 850 us, 12.3 ms, 4.56 s. */
export function formatUs(us: number): string {
  if (us < 1000) return `${Math.round(us)} us`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

export function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}
