import { describe, expect, it } from 'vitest';
import { SchedModel } from './sched-model.ts';
import { taskNew } from '../common/fixtures.ts';
import * as abi from '../../machine/abi/generated.ts';
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';

function lock(task: number, what: number, id: number, holder: number, name: string, timeUs: number): TelemetryEvent {
  return { type: 0x305, arg: what, timeUs, task, request: 0, typeName: 'lock', what, lock: id, holder, name };
}

describe('SchedModel lock markers', () => {
  it('marks contention on the waiting task and a deadlock with both tasks and locks named', () => {
    const m = new SchedModel();
    m.apply([taskNew(4, 'left', 10), taskNew(5, 'right', 10)]);
    m.apply([
      lock(4, abi.TEL_LOCK_ACQUIRE, 1, 4, 'A', 100),
      lock(5, abi.TEL_LOCK_ACQUIRE, 2, 5, 'B', 110),
      lock(4, abi.TEL_LOCK_CONTEND, 2, 5, 'B', 120),
      lock(5, abi.TEL_LOCK_CONTEND, 1, 4, 'A', 130),
      { type: 0x308, arg: 0, timeUs: 131, task: 5, request: 0, typeName: 'deadlock', taskA: 5, lockA: 1, taskB: 4, lockB: 2 },
    ]);
    expect(m.contentions).toBe(2);
    expect(m.deadlocks).toBe(1);
    expect(m.marks.map((k) => [k.kind, k.task, k.other])).toEqual([['contend', 4, 5], ['contend', 5, 4], ['deadlock', 5, 4]]);
    expect(m.marks[0].text).toBe("waits for 'B' held by #5 right");
    expect(m.marks[2].text).toBe("deadlock: #5 right wants 'A' held by #4 left, which wants 'B'");
    expect(m.firstMarkAfter(125)).toBe(1);
    expect(m.now).toBe(131);
  });
  it('bounds the markers', () => {
    const m = new SchedModel(10);
    for (let i = 0; i < 100; i++) m.apply([lock(1, abi.TEL_LOCK_CONTEND, 3, 2, '', i)]);
    expect(m.marks.length).toBeLessThanOrEqual(10);
    expect(m.marks[m.marks.length - 1].text).toBe("waits for 'lock 3' held by #2");
  });
});
