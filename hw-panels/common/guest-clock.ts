/*
 * Guest timestamps are u32 microseconds since boot and wrap after ~71 minutes.
 * A GuestClock turns them into a monotonic number of microseconds, so the
 * timelines never jump backwards when the counter wraps.
 */
const WRAP = 2 ** 32;

export class GuestClock {
  private epoch = 0;
  private last = -1;

  /** Monotonic microseconds for a raw u32 timestamp seen in order. */
  unwrap(raw: number): number {
    if (this.last >= 0 && raw < this.last && this.last - raw > WRAP / 2) this.epoch++;
    this.last = raw;
    return this.epoch * WRAP + raw;
  }

  /** The latest unwrapped time, or 0 before the first timestamp. */
  get now(): number {
    return this.last < 0 ? 0 : this.epoch * WRAP + this.last;
  }
}
