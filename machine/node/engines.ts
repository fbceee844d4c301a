/*
 * Creating a Machine in Node: finds v86's wasm in node_modules, validates the
 * kernel file, and picks the engine. The CLI, the test runner and benchmarks
 * all start machines through createMachine().
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES, type Engine, type Machine } from '../common/machine.ts';
import { V86Machine } from '../common/v86-machine.ts';
import { UserError } from './errors.ts';
import { loadKernel } from './kernel-file.ts';
import { QemuMachine } from './qemu-machine.ts';

/** The repository root (two levels above machine/node/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultKernelPath = join(repoRoot, 'kernel', 'build', 'minios.elf');

export function v86WasmPath(): string {
  return createRequire(import.meta.url).resolve('v86/build/v86.wasm');
}

export function parseEngine(name: string): Engine {
  if ((ENGINES as readonly string[]).includes(name)) return name as Engine;
  throw new UserError(`unknown engine '${name}' (expected ${ENGINES.join(' or ')})`);
}

export interface StartOptions {
  engine: Engine;
  kernelPath?: string;
  cmdline?: string;
  memoryBytes?: number;
  /** Kernel bytes already loaded and validated (saves re-reading for many runs). */
  kernel?: ArrayBuffer;
}

const live = new Set<Machine>();

export function createMachine(opts: StartOptions): Machine {
  const kernelPath = opts.kernelPath ?? defaultKernelPath;
  const kernel = opts.kernel ?? loadKernel(kernelPath);
  const machine: Machine = opts.engine === 'qemu'
    ? new QemuMachine({ kernelPath, cmdline: opts.cmdline, memoryBytes: opts.memoryBytes })
    : new V86Machine({ wasmPath: v86WasmPath(), kernel, cmdline: opts.cmdline, memoryBytes: opts.memoryBytes });
  live.add(machine);
  void machine.exited.then(() => live.delete(machine));
  return machine;
}

/** Stops every machine still running (QEMU processes, /dev/shm files), e.g. on Ctrl-C. */
export async function stopAllMachines(): Promise<void> {
  const all = [...live];
  for (const m of all) m.stop('stopped', 'interrupted');
  await Promise.all(all.map((m) => m.exited));
}
