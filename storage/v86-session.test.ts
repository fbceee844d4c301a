/*
 * A real round trip: boot MiniOS in v86, save its state into the store, restore
 * it into a fresh emulator, and check the guest carries on (its uptime goes on
 * from where it was, not from zero).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { V86Machine } from '../machine/common/v86-machine.ts';
import { defaultKernelPath, v86WasmPath } from '../machine/node/engines.ts';
import { loadKernel } from '../machine/node/kernel-file.ts';
import { sha256Hex } from './hash.ts';
import type { MachineConfig } from './schemas.ts';
import { Store } from './store.ts';
import { tempDir } from './test-helpers.ts';

const hasKernel = existsSync(defaultKernelPath);

/** Resolves with the serial output once it matches `re` (after `since` chars). */
function waitFor(m: V86Machine, re: RegExp, getOut: () => string, ms = 15000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${re} in: ${getOut().slice(-300)}`)), ms);
    const check = () => {
      const hit = re.exec(getOut());
      if (hit) {
        clearTimeout(timer);
        off();
        resolve(hit);
      }
    };
    const off = m.onSerial(check);
    check();
  });
}

function boot(kernel: ArrayBuffer): { m: V86Machine; out: () => string; clear: () => void } {
  const m = new V86Machine({ wasmPath: v86WasmPath(), kernel, memoryBytes: 32 << 20 });
  let text = '';
  const dec = new TextDecoder();
  m.onSerial((b) => (text += dec.decode(b, { stream: true })));
  return { m, out: () => text, clear: () => (text = '') };
}

const uptime = (hit: RegExpExecArray) => Number(hit[1]) + Number(hit[2]) / 1000;

describe.skipIf(!hasKernel)('a v86 session saved and restored', () => {
  it('continues where it stopped', async () => {
    const kernel = loadKernel(defaultKernelPath);
    const config: MachineConfig = { engine: 'v86', engineVersion: '0.5.462', memoryBytes: 32 << 20, vgaMemoryBytes: 256 << 10, kernelHash: sha256Hex(new Uint8Array(kernel)), cmdline: '' };
    const store = Store.open(join(tempDir(), 'v86.db'));

    const a = boot(kernel);
    await waitFor(a.m, /minios> $/, a.out);
    await new Promise((r) => setTimeout(r, 1500));
    a.clear();
    a.m.sendSerial('uptime\r');
    const before = uptime(await waitFor(a.m, /up (\d+)\.(\d+) s[\s\S]*minios> $/, a.out));
    a.m.pause();
    const state = new Uint8Array(await a.m.saveState());
    a.m.stop();
    await store.sessions.save({ name: 'live', config, stateFormat: 1, state });

    const loaded = store.sessions.load('live', { config, stateFormat: 1 });
    const b = boot(kernel);
    await b.m.restoreState(loaded.state.slice().buffer);
    const replayed: string[] = [];
    b.m.onEvents((evs) => evs.forEach((e) => replayed.push(e.typeName === 'task_new' ? `task_new ${e.name}` : e.typeName)));
    b.clear();
    b.m.sendSerial('uptime\r');
    const after = uptime(await waitFor(b.m, /up (\d+)\.(\d+) s[\s\S]*minios> $/, b.out));
    b.m.stop();
    // The restored machine re-sent what the panels need (TEL_REQ_REPLAY).
    expect(replayed).toContain('boot_step');
    expect(replayed).toContain('mem_region');
    expect(replayed).toContain('task_new shell');
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(before + 10);
    // A different kernel is refused before v86 sees the state.
    expect(() => store.sessions.load('live', { config: { ...config, kernelHash: '0'.repeat(64) }, stateFormat: 1 })).toThrow(/saved with kernel/);
    await store.close();
  }, 60000);
});
