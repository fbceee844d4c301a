import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rendererUpToDate, RENDERER_SOURCES } from './build-web.ts';

describe('rendererUpToDate', () => {
  it('is true only when the build is newer than every source file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'minios-build-'));
    const out = path.join(root, 'out');
    const at = (p: string, s: number) => fs.utimesSync(p, s, s);
    for (const s of RENDERER_SOURCES) {
      const p = path.join(root, s);
      if (s.endsWith('.json')) fs.writeFileSync(p, '{}');
      else fs.mkdirSync(p, { recursive: true });
    }
    fs.mkdirSync(path.join(root, 'hw-panels', 'memory'), { recursive: true });
    const src = path.join(root, 'hw-panels', 'memory', 'view.ts');
    fs.writeFileSync(src, 'x');
    for (const s of [...RENDERER_SOURCES, 'hw-panels/memory']) at(path.join(root, s), 1000);
    at(src, 1000);
    expect(rendererUpToDate(root, out)).toBe(false); // never built
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'index.html'), '');
    at(path.join(out, 'index.html'), 2000);
    expect(rendererUpToDate(root, out)).toBe(true);
    at(src, 3000); // a nested source edited after the build
    expect(rendererUpToDate(root, out)).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
