import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelProblem, loadKernel, MULTIBOOT_MAGIC } from './kernel-file.ts';

/** A minimal ELF32 i386 header with an optional multiboot header at `mbOffset`. */
function fakeKernel(opts: { machine?: number; cls?: number; mbOffset?: number; checksum?: number; size?: number } = {}): Uint8Array {
  const b = new Uint8Array(opts.size ?? 4096);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, opts.cls ?? 1, 1, 1], 0);
  v.setUint16(18, opts.machine ?? 3, true);
  if (opts.mbOffset !== undefined) {
    const flags = 0x3;
    v.setUint32(opts.mbOffset, MULTIBOOT_MAGIC, true);
    v.setUint32(opts.mbOffset + 4, flags, true);
    v.setUint32(opts.mbOffset + 8, opts.checksum ?? (-(MULTIBOOT_MAGIC + flags) >>> 0), true);
  }
  return b;
}

describe('kernel file validation', () => {
  it('accepts an ELF32 i386 image with a multiboot header', () => {
    expect(kernelProblem(fakeKernel({ mbOffset: 0x1000 - 16 }))).toBeNull();
  });

  it.each([
    ['empty file', new Uint8Array(0), /not an ELF/],
    ['text file', new TextEncoder().encode('#!/bin/sh\necho hello, this is not a kernel at all, really not\n'), /not an ELF/],
    ['x86-64 ELF', fakeKernel({ machine: 62, mbOffset: 64 }), /not an ELF32 i386/],
    ['ELF64 class', fakeKernel({ cls: 2, mbOffset: 64 }), /not an ELF32 i386/],
    ['no multiboot header', fakeKernel(), /no multiboot header/],
    ['multiboot header past 8 KiB', fakeKernel({ size: 16384, mbOffset: 8192 }), /no multiboot header/],
    ['bad checksum', fakeKernel({ mbOffset: 64, checksum: 1 }), /bad checksum/],
  ])('rejects %s', (_name, bytes, msg) => {
    expect(kernelProblem(bytes)).toMatch(msg);
  });

  it('loadKernel gives one-line errors for missing and bad files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minios-kf-'));
    expect(() => loadKernel(join(dir, 'minios.elf'))).toThrow(/^kernel not found: .*minios\.elf \(build it with: npm run kernel\)$/);
    writeFileSync(join(dir, 'bad.elf'), 'nope');
    expect(() => loadKernel(join(dir, 'bad.elf'))).toThrow(/bad\.elf: not an ELF file$/);
    writeFileSync(join(dir, 'good.elf'), fakeKernel({ mbOffset: 32 }));
    expect(loadKernel(join(dir, 'good.elf')).byteLength).toBe(4096);
  });
});
