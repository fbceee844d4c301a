import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../engines.ts';

const bin = join(repoRoot, 'bin', 'minios.mjs');
const dir = mkdtempSync(join(tmpdir(), 'minios-cli-'));
writeFileSync(join(dir, 'not-a-kernel.elf'), 'hello');

function minios(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 20000, input: '' });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('minios CLI on bad input: one line, exit 2', () => {
  it.each([
    [[], /^minios: no command/],
    [['frobnicate'], /^minios: unknown command 'frobnicate'/],
    [['run', '--engine', 'bochs'], /^minios: unknown engine 'bochs'/],
    [['test', '--engine', 'bochs'], /^minios: unknown engine 'bochs'/],
    [['run', '--frob'], /^minios: unknown option --frob/],
    [['run', '--timeout'], /^minios: --timeout needs a value/],
    [['run', '--timeout', '-3'], /^minios: --timeout must be a positive number/],
    [['test', '--jobs', '0'], /^minios: --jobs must be a positive integer/],
    [['run', '--kernel', join(dir, 'missing.elf')], /^minios: kernel not found: /],
    [['run', '--kernel', join(dir, 'not-a-kernel.elf')], /^minios: .*not-a-kernel\.elf: not an ELF file/],
    [['run', 'extra'], /^minios: unexpected argument 'extra'/],
  ])('minios %j', (args, msg) => {
    const r = minios(args);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
  });

  it('says how to install QEMU when it is missing', () => {
    const fake = join(dir, 'fake.elf');
    // A file that passes validation: minimal ELF32 i386 with a multiboot header.
    const b = new Uint8Array(256);
    const v = new DataView(b.buffer);
    b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    v.setUint16(18, 3, true);
    v.setUint32(64, 0x1badb002, true);
    v.setUint32(72, -0x1badb002 >>> 0, true);
    writeFileSync(fake, b);
    const r = minios(['run', '--engine', 'qemu', '--kernel', fake], { ...process.env, PATH: dir });
    expect(r.stderr).toBe('minios: qemu-system-i386 not found: apt-get install qemu-system-x86\n');
    expect(r.status).toBe(2);
  });

  it('help exits 0', () => {
    const r = minios(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/minios run/);
  });
});
