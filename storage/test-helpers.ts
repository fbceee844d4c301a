/* Shared by the storage tests and benchmarks: temp databases, configurations, PNGs and v86-like states. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineConfig } from './schemas.ts';

export function tempDir(prefix = 'minios-storage-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(over: Partial<MachineConfig> = {}): MachineConfig {
  return { engine: 'v86', engineVersion: '0.5.462', memoryBytes: 32 << 20, vgaMemoryBytes: 256 << 10, kernelHash: 'a'.repeat(64), cmdline: '', ...over };
}

/** A tiny valid-looking PNG (signature + some bytes): the store checks only the signature. */
export function fakePng(seed = 0): Uint8Array {
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, seed & 0xff, 1, 2, 3]);
}

/**
 * A state shaped like v86's: a header, a JSON block, then the packed non-zero
 * 4 KiB pages of guest RAM (mostly compressible, some random). `touch` changes
 * that many pages, `grow` adds pages in the middle (shifting the rest).
 */
export class FakeMachineState {
  private pages: Uint8Array[] = [];
  private tick = 0;

  constructor(pageCount = 300) {
    for (let i = 0; i < pageCount; i++) this.pages.push(this.page(i));
  }

  private page(i: number): Uint8Array {
    const p = new Uint8Array(4096);
    if (i % 4 === 0) p.set(randomBytes(4096));
    else for (let j = 0; j < 4096; j++) p[j] = (i * 31 + (j >> 4)) & 0xff;
    return p;
  }

  step(touch = 2, grow = 0): void {
    this.tick++;
    for (let k = 0; k < touch; k++) {
      const i = (this.tick * 7919 + k * 104729) % this.pages.length;
      this.pages[i] = this.page(i + this.tick * 1000);
    }
    for (let k = 0; k < grow; k++) this.pages.splice((this.tick * 13) % this.pages.length, 0, this.page(this.tick * 17 + k));
  }

  bytes(): Uint8Array {
    const json = new TextEncoder().encode(JSON.stringify({ version: 6, tick: this.tick, regs: [1, 2, 3] }));
    const out = new Uint8Array(16 + json.length + this.pages.length * 4096);
    new DataView(out.buffer).setUint32(0, 0x86768676, true);
    new DataView(out.buffer).setUint32(4, this.tick, true);
    out.set(json, 16);
    this.pages.forEach((p, i) => out.set(p, 16 + json.length + i * 4096));
    return out;
  }
}
