/*
 * Kernel test scripts (kernel/tests/NAME.test): a few `key: value` lines that
 * say how to boot the kernel and what its serial output and telemetry must
 * show, Pintos-style. This file only parses; machine/node/test-runner.ts runs.
 */
import { ENGINES, type Engine } from './machine.ts';

export type Step = { kind: 'expect'; text: string; line: number } | { kind: 'send'; text: string; line: number };

export interface EventExpectation {
  name: string;
  fields: Record<string, string>;
  line: number;
}

export interface TestScript {
  name: string;
  /** The first comment line: the behaviour the test proves. */
  description: string;
  cmdline: string;
  engines: Engine[];
  timeoutS: number;
  steps: Step[];
  rejects: string[];
  events: EventExpectation[];
  status: number;
}

export class TestScriptError extends Error {
  override readonly name = 'TestScriptError';
}

const KEYS = ['cmdline', 'engines', 'timeout', 'expect', 'send', 'reject', 'event', 'status'] as const;
type Key = (typeof KEYS)[number];

/** Parses one script; throws TestScriptError naming the file and line on a bad line. */
export function parseTestScript(name: string, source: string): TestScript {
  const script: TestScript = {
    name, description: '', cmdline: '', engines: [...ENGINES], timeoutS: 20,
    steps: [], rejects: [], events: [], status: 0,
  };
  const lines = source.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.replace(/\r$/, '');
    const bad = (why: string) => new TestScriptError(`${name}.test:${line}: ${why}`);
    if (text.trim() === '') return;
    if (text.trimStart().startsWith('#')) {
      if (!script.description) script.description = text.trimStart().slice(1).trim();
      return;
    }
    const m = /^([a-z]+):(.*)$/.exec(text);
    if (!m || !(KEYS as readonly string[]).includes(m[1])) throw bad(`expected one of ${KEYS.join(', ')}, got '${text}'`);
    const key = m[1] as Key;
    // One space after the colon separates; the rest is verbatim (the prompt ends with a space).
    const value = m[2].startsWith(' ') ? m[2].slice(1) : m[2];
    switch (key) {
      case 'cmdline':
        script.cmdline = value;
        break;
      case 'engines': {
        const names = value.trim().split(/\s+/).filter(Boolean);
        const unknown = names.filter((n) => !(ENGINES as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0) throw bad(`engines must be among ${ENGINES.join(', ')}`);
        script.engines = names as Engine[];
        break;
      }
      case 'timeout': {
        const s = Number(value.trim());
        if (!Number.isFinite(s) || s <= 0) throw bad(`timeout must be a positive number of seconds`);
        script.timeoutS = s;
        break;
      }
      case 'status': {
        const s = Number(value.trim());
        if (!Number.isInteger(s) || s < 0 || s > 255) throw bad(`status must be an integer 0..255`);
        script.status = s;
        break;
      }
      case 'expect':
      case 'send':
        if (key === 'expect' && value === '') throw bad('expect needs text');
        script.steps.push({ kind: key, text: value, line });
        break;
      case 'reject':
        if (value === '') throw bad('reject needs text');
        script.rejects.push(value);
        break;
      case 'event': {
        const m2 = /^\s*(\S+)\s*(.*)$/.exec(value);
        if (!m2) throw bad('event needs a name');
        script.events.push({ name: m2[1], fields: parseFields(m2[2], bad), line });
        break;
      }
    }
  });
  return script;
}

/**
 * `key=value key2=value with spaces`: a value runs until the next ` word=`,
 * so log texts can be matched whole.
 */
function parseFields(text: string, bad: (why: string) => Error): Record<string, string> {
  const fields: Record<string, string> = {};
  const trimmed = text.trim();
  if (trimmed === '') return fields;
  const keyAt = /(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  for (let m = keyAt.exec(trimmed); m; m = keyAt.exec(trimmed)) {
    keys.push({ key: m[1], start: m.index, valueStart: m.index + m[0].length });
  }
  if (keys.length === 0 || keys[0].start !== 0) throw bad(`event fields must be key=value, got '${trimmed}'`);
  keys.forEach((k, i) => {
    const end = i + 1 < keys.length ? keys[i + 1].start : trimmed.length;
    fields[k.key] = trimmed.slice(k.valueStart, end).trim();
  });
  return fields;
}
