/*
 * Checks that a file is a kernel both engines can boot: an ELF32 i386 image
 * with a valid multiboot1 header in its first 8 KiB. Each failure is one
 * readable line, because a wrong path is the most common mistake.
 */
import { readFileSync } from 'node:fs';
import { UserError } from './errors.ts';

export const MULTIBOOT_MAGIC = 0x1badb002;
const MULTIBOOT_SEARCH = 8192;

/** Returns why `bytes` is not a bootable kernel, or null when it is. */
export function kernelProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return 'not an ELF file';
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[4] !== 1 || bytes[5] !== 1 || view.getUint16(18, true) !== 3) return 'not an ELF32 i386 (little-endian) image';
  const end = Math.min(bytes.length, MULTIBOOT_SEARCH) - 12;
  for (let off = 0; off <= end; off += 4) {
    if (view.getUint32(off, true) !== MULTIBOOT_MAGIC) continue;
    const sum = (MULTIBOOT_MAGIC + view.getUint32(off + 4, true) + view.getUint32(off + 8, true)) >>> 0;
    return sum === 0 ? null : `multiboot header at offset ${off} has a bad checksum`;
  }
  return 'no multiboot header in the first 8 KiB';
}

/** Reads and validates a kernel file; throws UserError with a one-line reason. */
export function loadKernel(path: string): ArrayBuffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = path.endsWith('minios.elf') ? ' (build it with: npm run kernel)' : '';
    throw new UserError(code === 'ENOENT' ? `kernel not found: ${path}${hint}` : `cannot read kernel ${path}: ${code ?? String(e)}`);
  }
  const problem = kernelProblem(bytes);
  if (problem) throw new UserError(`${path}: ${problem}`);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
