import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, outputPath, parseDefines } from './gen-abi.ts';
import { TEL_EVENT_NAMES, TEL_EV_BOOT_STEP } from '../machine/abi/generated.ts';

describe('gen-abi', () => {
  it('committed machine/abi/generated.ts matches the headers (fails when the copy drifts)', () => {
    expect(readFileSync(outputPath, 'utf8')).toBe(generate());
  });

  it('parses decimal and hex defines, skips guards and non-integer macros', () => {
    const src = [
      '#ifndef X_H',
      '#define X_H',
      '#define A 12      /* twelve */',
      '#define B 0x1f',
      '#define C (A + 1)',
      '#define D 7u // seven',
      '  #  define E 0',
    ].join('\n');
    expect(parseDefines(src)).toEqual([
      { name: 'A', literal: '12', value: 12 },
      { name: 'B', literal: '0x1F', value: 31 },
      { name: 'D', literal: '7', value: 7 },
      { name: 'E', literal: '0', value: 0 },
    ]);
  });

  it('names event types without the prefix and leaves out sizes and offsets', () => {
    expect(TEL_EVENT_NAMES[TEL_EV_BOOT_STEP]).toBe('boot_step');
    expect(TEL_EVENT_NAMES[0x0101]).toBe('boot_step');
    expect(Object.values(TEL_EVENT_NAMES)).not.toContain('size');
    expect(Object.values(TEL_EVENT_NAMES)).not.toContain('payload_size');
  });
});
