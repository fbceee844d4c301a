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
        const [ev, ...pairs] = value.trim().split(/\s+/);
        if (!ev) throw bad('event needs a name');
        const fields: Record<string, string> = {};
        for (const p of pairs) {
          const eq = p.indexOf('=');
          if (eq <= 0) throw bad(`event field '${p}' is not key=value`);
          fields[p.slice(0, eq)] = p.slice(eq + 1);
        }
        script.events.push({ name: ev, fields, line });
        break;
      }
    }
  });
  return script;
}
