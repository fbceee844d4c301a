/*
 * Rates from ever-growing counters: events per second from the reader's
 * eventsRead, guest instructions per second from v86's counter (which wraps
 * at 2^32, so it must be sampled at least every half second).
 */
export class RateMeter {
  private samples: { t: number; v: number }[] = [];
  private total = 0;
  private lastRaw: number | null = null;

  /** @param windowMs average over this much recent time; @param wrap counter modulus (0: never wraps) */
  constructor(readonly windowMs = 1000, readonly wrap = 0) {}

  /** Records the counter's value at time tMs. A counter that went backwards (a reset) restarts the meter. */
  sample(tMs: number, raw: number): void {
    if (this.lastRaw !== null) {
      let d = raw - this.lastRaw;
      if (d < 0 && this.wrap > 0) d += this.wrap;
      if (d < 0) {
        this.reset();
      } else {
        this.total += d;
      }
    }
    this.lastRaw = raw;
    this.samples.push({ t: tMs, v: this.total });
    while (this.samples.length > 2 && tMs - this.samples[1].t >= this.windowMs) this.samples.shift();
  }

  /** Per second over the window, 0 until two samples exist. */
  get rate(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    return b.t > a.t ? ((b.v - a.v) * 1000) / (b.t - a.t) : 0;
  }

  reset(): void {
    this.samples = [];
    this.total = 0;
    this.lastRaw = null;
  }
}
