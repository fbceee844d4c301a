/*
 * Writing an export: into a temporary file next to the target, fsync, then
 * rename. A failure (a corrupt chunk found half way, a full disk) removes the
 * temporary file, so the target is either complete or untouched.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { StorageError, messageOf } from './errors.ts';

export async function writeFileAtomically(path: string, fill: (write: (bytes: Uint8Array) => void) => Promise<void> | void): Promise<void> {
  const tmp = `${path}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new StorageError('io', `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`);
  }
  let ok = false;
  try {
    const write = (bytes: Uint8Array) => {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    };
    try {
      await fill(write);
      fsyncSync(fd);
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError('io', `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`);
    }
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
    ok = true;
  } finally {
    if (fd >= 0) closeSync(fd);
    if (!ok) rmSync(tmp, { force: true });
  }
}
