/*
 * ABI generator: the C headers in kernel/include/abi/ are the single source of
 * truth; this script copies every `#define NAME <integer>` into
 * machine/abi/generated.ts so TypeScript never retypes a number by hand.
 * `--check` exits 1 when the committed copy drifts from the headers.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const abiDir = join(root, 'kernel', 'include', 'abi');
export const outputPath = join(root, 'machine', 'abi', 'generated.ts');

export interface AbiDefine {
  name: string;
  literal: string; // as written in C: decimal or 0x-hex
  value: number;
}

const DEFINE = /^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)\s+(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\s*(?:\/\*.*\*\/\s*|\/\/.*)?$/;

/** Integer defines of one header, in file order (include guards and macros are skipped). */
export function parseDefines(source: string): AbiDefine[] {
  const out: AbiDefine[] = [];
  for (const line of source.split('\n')) {
    const m = DEFINE.exec(line);
    if (!m) continue;
    const literal = m[2].toLowerCase().startsWith('0x') ? '0x' + m[2].slice(2).toUpperCase() : m[2];
    out.push({ name: m[1], literal, value: Number(m[2]) });
  }
  return out;
}

/** TEL_EV_* names that are event types (subsystem in the high byte), not sizes or offsets. */
function eventNames(defines: AbiDefine[]): AbiDefine[] {
  return defines.filter((d) => d.name.startsWith('TEL_EV_') && (d.value & 0xff00) !== 0);
}

/** SYS_* syscall numbers (not SYS_VECTOR, SYS_COUNT or the *_ARGS signatures). */
function syscallNames(defines: AbiDefine[]): AbiDefine[] {
  return defines.filter((d) => /^SYS_[A-Z]+$/.test(d.name) && d.name !== 'SYS_VECTOR' && d.name !== 'SYS_COUNT');
}

/** Error codes: the E* names of abi/errno.h. */
function errorNames(defines: AbiDefine[]): AbiDefine[] {
  return defines.filter((d) => /^E[A-Z]+$/.test(d.name));
}

/** The full text of machine/abi/generated.ts for the headers currently on disk. */
export function generate(dir: string = abiDir): string {
  const headers = readdirSync(dir).filter((f) => f.endsWith('.h')).sort();
  const parts: string[] = [];
  const all: AbiDefine[] = [];
  for (const h of headers) {
    const defines = parseDefines(readFileSync(join(dir, h), 'utf8'));
    const rel = relative(root, join(dir, h)).split('\\').join('/');
    parts.push(`// generated from ${rel} by tools/gen-abi.ts — do not edit`);
    for (const d of defines) parts.push(`export const ${d.name} = ${d.literal};`);
    parts.push('');
    all.push(...defines);
  }
  parts.push('// telemetry event type -> lower-case name (TEL_EV_BOOT_STEP -> "boot_step")');
  parts.push('export const TEL_EVENT_NAMES: Record<number, string> = {');
  for (const d of eventNames(all)) {
    parts.push(`  [${d.name}]: '${d.name.slice('TEL_EV_'.length).toLowerCase()}',`);
  }
  parts.push('};');
  parts.push('');
  parts.push('// syscall number -> name and argument kinds (SYS_WRITE -> "write", SYS_WRITE_ARGS)');
  parts.push('export const SYSCALLS: Record<number, { name: string; args: number }> = {');
  const byName = new Map(all.map((d) => [d.name, d]));
  for (const d of syscallNames(all)) {
    const args = byName.get(`${d.name}_ARGS`);
    parts.push(`  [${d.name}]: { name: '${d.name.slice(4).toLowerCase()}', args: ${args ? args.name : 0} },`);
  }
  parts.push('};');
  parts.push('');
  parts.push('// error code -> name (EFAULT -> "EFAULT")');
  parts.push('export const ERROR_NAMES: Record<number, string> = {');
  for (const d of errorNames(all)) parts.push(`  [${d.name}]: '${d.name}',`);
  parts.push('};');
  return parts.join('\n') + '\n';
}

function main(argv: string[]): void {
  const fresh = generate();
  const rel = relative(root, outputPath);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(outputPath, 'utf8');
    } catch {
      // missing counts as drift
    }
    if (current !== fresh) {
      console.error(`gen-abi: ${rel} is out of date; run npm run gen:abi`);
      process.exit(1);
    }
    console.log(`gen-abi: ${rel} is up to date`);
    return;
  }
  writeFileSync(outputPath, fresh);
  console.log(`gen-abi: wrote ${rel}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
