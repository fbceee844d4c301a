import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store.ts';
import { tempDir, testConfig } from './test-helpers.ts';

const fixture = join(import.meta.dirname, 'save-loop.fixture.ts');

/** Runs the saving child until `afterSaves` saves have committed plus a random moment, then SIGKILLs it. */
function saveThenKill(db: string, prefix: string, afterSaves: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    // One process (node with tsx's loader), so SIGKILL really stops the saver:
    // through the tsx launcher the kill would reach only the launcher.
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, db, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const saved = new Map<string, string>();
    let out = '';
    let err = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      let nl;
      while ((nl = out.indexOf('\n')) >= 0) {
        const [, name, hash] = out.slice(0, nl).split(' ');
        out = out.slice(nl + 1);
        saved.set(name, hash);
        if (saved.size === afterSaves) setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`child ended on its own: ${err}`));
      else resolve(saved);
    });
  });
}

describe('killing the process in the middle of saves', () => {
  it('keeps every session that was reported saved, intact, and the file sound', async () => {
    const db = join(tempDir(), 'kill.db');
    const all = new Map<string, string>();
    for (let round = 0; round < 12; round++) {
      const saved = await saveThenKill(db, `r${round}`, 1 + Math.floor(Math.random() * 4));
      for (const [k, v] of saved) all.set(k, v);
      const store = Store.open(db);
      expect(store.integrityCheck()).toBe('ok');
      for (const [name, hash] of all) {
        const s = store.sessions.load(name, { config: testConfig(), stateFormat: 1 });
        expect(createHash('sha256').update(s.state).digest('hex')).toBe(hash);
      }
      await store.close();
    }
    expect(all.size).toBeGreaterThanOrEqual(12);
  }, 240000);
});
