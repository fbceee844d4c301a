/*
 * A time window over a timeline: [start, start + span) in microseconds.
 * Follows "now" until the user pans or zooms; follow() snaps back.
 */
export class Viewport {
  following = true;
  /** Until the user zooms, the span grows with the run (1 s up to autoMax) so short runs fill the lane. */
  autoSpan = true;

  constructor(public start = 0, public span = 5_000_000, readonly minSpan = 100, readonly maxSpan = 3_600_000_000) {}

  get end(): number {
    return this.start + this.span;
  }

  /** Keeps the window's right edge at `now` while following. */
  track(now: number, autoMax = 10_000_000): void {
    if (!this.following) return;
    if (this.autoSpan) this.span = Math.min(autoMax, Math.max(1_000_000, now * 1.02));
    this.start = Math.max(0, now - this.span);
  }

  /** Zooms by `factor` (>1 zooms out) keeping time `anchor` under the same pixel. */
  zoom(factor: number, anchor: number): void {
    const span = Math.min(this.maxSpan, Math.max(this.minSpan, this.span * factor));
    this.autoSpan = false;
    const frac = this.span > 0 ? (anchor - this.start) / this.span : 1;
    this.start = Math.max(0, anchor - frac * span);
    this.span = span;
    if (frac < 0.98) this.following = false;
  }

  /** Moves the window by `dt` microseconds (negative: into the past). */
  pan(dt: number, now: number): void {
    this.start = Math.max(0, this.start + dt);
    this.following = this.start + this.span >= now;
    if (this.following) this.track(now);
  }

  follow(now: number, auto = false): void {
    this.following = true;
    if (auto) this.autoSpan = true;
    this.track(now);
  }

  toX(t: number, width: number): number {
    return ((t - this.start) / this.span) * width;
  }

  toTime(x: number, width: number): number {
    return this.start + (x / width) * this.span;
  }
}
