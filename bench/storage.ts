/*
 * Storage benchmarks: disk image import/export throughput, and saving and
 * restoring a real 32 MiB MiniOS guest (v86 state) through the store, with the
 * bytes that 10 consecutive saves cost against one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { V86Machine } from '../machine/common/v86-machine.ts';
import { defaultKernelPath, v86WasmPath } from '../machine/node/engines.ts';
import { loadKernel } from '../machine/node/kernel-file.ts';
import { Store, hashBytes, type MachineConfig } from '../storage/index.ts';
import { tempDir } from '../storage/test-helpers.ts';

type Row = Record<string, string>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function imageThroughput(): Promise<Row[]> {
  const dir = tempDir('minios-bench-');
  const src = join(dir, 'random.img');
  const mib = 128;
  writeFileSync(src, randomBytes(mib << 20));
  const imp: number[] = [];
  const exp: number[] = [];
  for (let i = 0; i < 3; i++) {
    const store = Store.open(join(dir, `bench${i}.db`));
    let t = performance.now();
    await store.images.import(src, { name: 'img' });
    imp.push(mib / ((performance.now() - t) / 1000));
    t = performance.now();
    await store.images.exportToFile('img', join(dir, 'out.img'));
    exp.push(mib / ((performance.now() - t) / 1000));
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return [{ benchmark: `disk image, ${mib} MiB random (median of 3)`, 'import MB/s': median(imp).toFixed(0), 'export MB/s': median(exp).toFixed(0), target: '>= 300' }];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bootToPrompt(kernel: ArrayBuffer): Promise<V86Machine> {
  const m = new V86Machine({ wasmPath: v86WasmPath(), kernel, memoryBytes: 32 << 20 });
  let out = '';
  const dec = new TextDecoder();
  await new Promise<void>((resolve) => {
    const off = m.onSerial((b) => {
      out += dec.decode(b, { stream: true });
      if (out.includes('minios> ')) {
        off();
        resolve();
      }
    });
  });
  return m;
}

export async function sessionSaveRestore(): Promise<Row[] | string> {
  if (!existsSync(defaultKernelPath)) return 'kernel/build/minios.elf missing (npm run kernel)';
  const kernel = loadKernel(defaultKernelPath);
  const config: MachineConfig = { engine: 'v86', engineVersion: '0.5.462', memoryBytes: 32 << 20, vgaMemoryBytes: 256 << 10, kernelHash: hashBytes(new Uint8Array(kernel)), cmdline: '' };
  const dir = tempDir('minios-bench-');
  const store = Store.open(join(dir, 'sessions.db'));
  const m = await bootToPrompt(kernel);
  await sleep(1000);
  const snap: number[] = [];
  const save: number[] = [];
  let one = 0;
  let stateBytes = 0;
  for (let i = 0; i < 10; i++) {
    await sleep(200);
    let t = performance.now();
    const state = new Uint8Array(await m.saveState());
    snap.push(performance.now() - t);
    stateBytes = state.length;
    t = performance.now();
    await store.sessions.save({ name: `s${i}`, config, stateFormat: 1, state });
    save.push(performance.now() - t);
    if (i === 0) one = store.stats().chunkBytes;
  }
  const ten = store.stats().chunkBytes;
  m.stop();
  const load: number[] = [];
  const restore: number[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await bootToPrompt(kernel);
    let t = performance.now();
    const s = store.sessions.load(`s${9 - i}`, { config, stateFormat: 1 });
    load.push(performance.now() - t);
    t = performance.now();
    await fresh.restoreState(s.state.slice().buffer);
    restore.push(performance.now() - t);
    fresh.stop();
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const later = median(save.slice(1));
  return [
    {
      benchmark: `session, 32 MiB guest (state ${(stateBytes / 1e6).toFixed(2)} MB)`,
      'v86 save_state ms': median(snap).toFixed(1),
      'store save ms (first/later)': `${save[0].toFixed(1)}/${later.toFixed(1)}`,
      'store load ms': median(load).toFixed(1),
      'v86 restore ms': median(restore).toFixed(1),
      'save+store ms': (median(snap) + later).toFixed(1),
      'load+restore ms': (median(load) + median(restore)).toFixed(1),
      target: '<= 150',
    },
    {
      benchmark: '10 consecutive saves vs one',
      'one save KB': (one / 1024).toFixed(0),
      'ten saves KB': (ten / 1024).toFixed(0),
      ratio: (ten / one).toFixed(2) + 'x',
      target: '<= 2x',
    },
  ];
}
