import { describe, expect, it } from 'vitest';
import { MachineBase } from './machine.ts';
import { ArrayMemory, SyntheticRing, words } from './synthetic-ring.ts';
import * as abi from '../abi/generated.ts';
import type { TelemetryEvent } from './telemetry.ts';

/** A machine with no engine: its guest memory is an array the test writes events into. */
class FakeMachine extends MachineBase {
  readonly engine = 'v86' as const;
  constructor(mem: ArrayMemory, intervalMs: number) {
    super(intervalMs);
    this.startTelemetry(mem, mem.bytes.length);
  }
  protected writeSerial(): void {}
  protected pauseEngine(): void {}
  protected resumeEngine(): void {}
  protected destroyEngine(): void {}
}

describe('MachineBase.drainNow', () => {
  it('hands the ring\'s events to listeners at once, without waiting for the interval', () => {
    const mem = new ArrayMemory(1 << 20);
    const ring = new SyntheticRing(mem);
    const m = new FakeMachine(mem, 60_000);
    const got: TelemetryEvent[] = [];
    m.onEvents((evs) => got.push(...evs));
    ring.emit(abi.TEL_EV_TEST, 0, words(1, 2));
    ring.emit(abi.TEL_EV_TEST, 0, words(2, 2));
    m.drainNow();
    expect(got.map((e) => e.typeName)).toEqual(['test', 'test']);
    expect(ring.header(abi.TEL_HDR_OFF_TAIL)).toBe(2);
    m.drainNow(); // nothing new: no empty batches
    expect(got).toHaveLength(2);
    ring.powerOff(0);
    m.drainNow();
    expect(m.finished).toBe(true);
    m.drainNow(); // after the end it is a no-op
  });
});
