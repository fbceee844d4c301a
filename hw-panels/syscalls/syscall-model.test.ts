import { describe, expect, it } from 'vitest';
import { SyscallModel, formatCall, formatResult, argKinds, UNKNOWN_SYSCALL } from './syscall-model.ts';
import { taskNew } from '../common/fixtures.ts';
import * as abi from '../../machine/abi/generated.ts';
import type { TelemetryEvent } from '../../machine/common/telemetry.ts';

function enter(task: number, num: number, args: number[], timeUs = 1000): TelemetryEvent {
  return { type: 0x401, arg: num, timeUs, task, request: 0, typeName: 'syscall_enter', num, args };
}
function exit(task: number, num: number, result: number, durationUs = 5, timeUs = 1005): TelemetryEvent {
  return { type: 0x402, arg: num, timeUs, task, request: 0, typeName: 'syscall_exit', num, result, durationUs };
}

describe('syscall formatting', () => {
  it('decodes argument kinds from the table, first argument lowest', () => {
    expect(argKinds(abi.SYS_WRITE)).toEqual([abi.ARG_FD, abi.ARG_PTR_IN, abi.ARG_LEN]);
    expect(argKinds(abi.SYS_YIELD)).toEqual([]);
    expect(argKinds(UNKNOWN_SYSCALL)).toHaveLength(4);
  });
  it('prints pointers in hex, ints in decimal, errors by name', () => {
    const call = { seq: 0, task: 3, num: abi.SYS_WRITE, args: [1, 0xc0000000, 0xffffffff, 0], startUs: 0, result: -14, durationUs: 2 };
    expect(formatCall(call)).toBe('write(1, 0xc0000000, 4294967295)');
    expect(formatCall({ ...call, num: abi.SYS_SLEEP, args: [0xffffffff, 0, 0, 0] })).toBe('sleep(-1)');
    expect(formatCall({ ...call, args: null })).toBe('write(?)');
    expect(formatCall({ ...call, num: UNKNOWN_SYSCALL, args: [1, 2, 3, 4] })).toBe('unknown(1, 2, 3, 4)');
    expect(formatResult(-14)).toBe('-14 EFAULT');
    expect(formatResult(-99)).toBe('-99 E99');
    expect(formatResult(12)).toBe('12');
  });
});

describe('SyscallModel', () => {
  it('pairs enter and exit per task, with a blocking call interleaved with others', () => {
    const m = new SyscallModel();
    m.apply([taskNew(2, 'shell', 0), taskNew(3, 'validate', 0)], 0);
    m.apply([enter(2, abi.SYS_READ, [0, 0x40001000, 128, 0], 100)], 0);
    expect(m.inFlight(2)?.result).toBeNull();
    m.apply([enter(3, abi.SYS_WRITE, [1, 0, 5, 0], 200), exit(3, abi.SYS_WRITE, -14, 3, 203)], 10);
    m.apply([enter(3, abi.SYS_GETPID, [0, 0, 0, 0], 210), exit(3, abi.SYS_GETPID, 3, 1, 211)], 20);
    m.apply([exit(2, abi.SYS_READ, 6, 90_000, 90_100)], 30);
    const calls = m.query();
    expect(calls.map((c) => [m.taskName(c.task), formatCall(c), c.result])).toEqual([
      ['shell', 'read(0, 0x40001000, 128)', 6],
      ['validate', 'write(1, 0x0, 5)', -14],
      ['validate', 'getpid()', 3],
    ]);
    expect(calls[0].durationUs).toBe(90_000);
    expect(m.total).toBe(3);
    expect(m.refused).toBe(1);
    expect(m.byError.get(abi.EFAULT)).toBe(1);
    expect(m.unpaired).toBe(0);
    expect(m.inFlight(2)).toBeNull();
  });

  it('filters by task, by refusal and by error code', () => {
    const m = new SyscallModel();
    m.apply([
      enter(3, abi.SYS_WRITE, [1, 0, 5, 0]), exit(3, abi.SYS_WRITE, -abi.EFAULT),
      enter(3, UNKNOWN_SYSCALL, [99, 0, 0, 0]), exit(3, UNKNOWN_SYSCALL, -abi.ENOSYS),
      enter(4, abi.SYS_FREE, [0x123, 0, 0, 0]), exit(4, abi.SYS_FREE, -abi.EINVAL),
      enter(4, abi.SYS_TIME, [0, 0, 0, 0]), exit(4, abi.SYS_TIME, 77),
    ], 0);
    expect(m.query({ task: 4 }).map((c) => c.num)).toEqual([abi.SYS_FREE, abi.SYS_TIME]);
    expect(m.query({ error: 'refused' })).toHaveLength(3);
    expect(m.query({ error: abi.EFAULT }).map((c) => c.task)).toEqual([3]);
    expect(m.query({ error: 'refused', task: 4 }).map((c) => c.result)).toEqual([-abi.EINVAL]);
    expect([...m.byError.keys()].sort((a, b) => a - b)).toEqual([abi.EFAULT, abi.EINVAL, abi.ENOSYS]);
    expect(m.unpaired).toBe(0);
  });

  it('keeps bounded history under a flood, and refusals survive a flood of good calls', () => {
    const m = new SyscallModel(100);
    m.apply([enter(5, abi.SYS_WRITE, [1, 0, 1, 0]), exit(5, abi.SYS_WRITE, -abi.EFAULT)], 0);
    const flood: TelemetryEvent[] = [];
    for (let i = 0; i < 100_000; i++) flood.push(enter(6, abi.SYS_GETPID, [0, 0, 0, 0], i), exit(6, abi.SYS_GETPID, 6, 0, i));
    m.apply(flood, 100);
    expect(m.total).toBe(100_001);
    expect(m.query({}, 1e6).length).toBeLessThanOrEqual(100);
    expect(m.query({ error: abi.EFAULT })).toHaveLength(1);
  });

  it('counts calls per second from wall-clock buckets', () => {
    const m = new SyscallModel(100, 250, 120);
    for (let t = 0; t <= 2000; t += 50) m.apply([enter(1, abi.SYS_YIELD, []), exit(1, abi.SYS_YIELD, 0)], t);
    expect(m.callsPerSec).toBe(20);
  });

  it('handles lost events and tasks that end inside a call without throwing', () => {
    const m = new SyscallModel();
    m.apply([
      exit(7, abi.SYS_READ, 3), // no enter seen
      enter(7, abi.SYS_WRITE, [1, 2, 3, 0]), enter(7, abi.SYS_GETPID, [0, 0, 0, 0]), exit(7, abi.SYS_GETPID, 7), // write's exit lost
      enter(8, abi.SYS_EXIT, [0, 0, 0, 0]),
      { type: 0x304, arg: 0, timeUs: 2000, task: 8, request: 0, typeName: 'task_exit', how: 0, code: 0, cpuTicks: 1 },
      { type: 0x401, arg: 1, timeUs: 1, task: 9, request: 0, typeName: 'syscall_enter', num: 1, args: undefined as unknown as number[] },
    ], 0);
    const calls = m.query();
    expect(calls[0]).toMatchObject({ args: null, result: 3 });
    expect(calls[1]).toMatchObject({ num: abi.SYS_WRITE, result: null });
    expect(calls.find((c) => c.task === 8)?.noReturn).toBe(true);
    expect(calls.find((c) => c.task === 9)?.args).toBeNull();
    expect(m.unpaired).toBe(2);
    expect(m.inFlight(8)).toBeNull();
  });
});

describe('the event log wording for syscalls', () => {
  it('uses the syscall table and error names', async () => {
    const { formatEvent } = await import('../events/event-model.ts');
    expect(formatEvent(enter(1, abi.SYS_WRITE, [1, 0xbfffef00, 1, 0]))).toBe('task 1 write(1, 0xbfffef00, 1)');
    expect(formatEvent(exit(1, abi.SYS_WRITE, -abi.EFAULT, 8))).toBe('task 1 write = -14 EFAULT in 8 us');
  });
});
