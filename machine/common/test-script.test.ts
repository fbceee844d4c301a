import { describe, expect, it } from 'vitest';
import { parseTestScript } from './test-script.ts';

describe('parseTestScript', () => {
  it('parses every key, keeping text verbatim after one space', () => {
    const s = parseTestScript('shell-echo', [
      '# the shell echoes what it is given',
      '# second comment is not the description',
      'cmdline: quiet test=echo',
      'engines: v86',
      'timeout: 5',
      '',
      'expect: minios> ',
      'send: echo hi',
      'expect: hi',
      'reject: FAIL',
      'event: boot_step name=serial index=0',
      'event: boot_done',
      'status: 1',
    ].join('\n'));
    expect(s).toEqual({
      name: 'shell-echo',
      description: 'the shell echoes what it is given',
      cmdline: 'quiet test=echo',
      engines: ['v86'],
      timeoutS: 5,
      steps: [
        { kind: 'expect', text: 'minios> ', line: 7 },
        { kind: 'send', text: 'echo hi', line: 8 },
        { kind: 'expect', text: 'hi', line: 9 },
      ],
      rejects: ['FAIL'],
      events: [
        { name: 'boot_step', fields: { name: 'serial', index: '0' }, line: 11 },
        { name: 'boot_done', fields: {}, line: 12 },
      ],
      status: 1,
    });
  });

  it('has defaults: both engines, 20 s, status 0, empty cmdline', () => {
    const s = parseTestScript('t', 'expect: minios> \r\n');
    expect(s).toMatchObject({ engines: ['v86', 'qemu'], timeoutS: 20, status: 0, cmdline: '', description: '' });
    expect(s.steps[0].text).toBe('minios> ');
  });

  it('event values run until the next key=, so texts with spaces and colons match whole', () => {
    const s = parseTestScript('t', 'event: log level=0 text=telemetry test: a  long line');
    expect(s.events[0]).toEqual({ name: 'log', fields: { level: '0', text: 'telemetry test: a  long line' }, line: 1 });
  });

  it.each([
    ['expects: x', /t.test:1: expected one of/],
    ['engines: bochs', /engines must be/],
    ['timeout: soon', /timeout must be/],
    ['status: -1', /status must be/],
    ['event: log level', /must be key=value/],
    ['just text', /expected one of/],
  ])('rejects %j with the line number', (line, msg) => {
    expect(() => parseTestScript('t', line)).toThrow(msg);
  });
});
