/*
 * The minios command: `minios run` boots the kernel with the terminal wired to
 * its serial port; `minios test` runs kernel/tests/*.test in v86 and QEMU.
 * Bad input prints one "minios: ..." line and exits 2, never a stack trace.
 */
import { join, resolve } from 'node:path';
import { ENGINES, type Engine, type ExitInfo } from '../../common/machine.ts';
import { createMachine, defaultKernelPath, parseEngine, repoRoot, stopAllMachines } from '../engines.ts';
import { UserError } from '../errors.ts';
import { loadKernel } from '../kernel-file.ts';
import { findOnPath, QEMU_BINARY } from '../qemu-machine.ts';
import { formatFailure, formatResult, loadTestScripts, pool, runTest } from '../test-runner.ts';
import { parseArgs, positive, str } from './args.ts';

const USAGE = `usage:
  minios run  [--engine v86|qemu] [--cmdline STR] [--timeout S] [--kernel PATH]
  minios test [--engine v86|qemu|both] [--kernel PATH] [--jobs N] [--dir TESTDIR] [NAME...]
  minios image import FILE [--name N] [--db PATH]
  minios image export NAME|ID FILE [--db PATH]
  minios image list [--db PATH]
  minios image rm NAME|ID [--db PATH]
  minios session list [--db PATH]
  minios session rm NAME|ID [--db PATH]
  minios session export NAME|ID FILE [--db PATH]
  minios help

run: guest serial <-> this terminal; exit code = guest exit status; Ctrl-] quits.
test: runs kernel/tests/*.test; exit 1 if any test fails.`;

const QUIT_BYTE = 0x1d; // Ctrl-]

async function run(argv: string[]): Promise<number> {
  const args = parseArgs('run', argv, { engine: 'string', cmdline: 'string', timeout: 'string', kernel: 'string' });
  if (args.positionals.length > 0) throw new UserError(`unexpected argument '${args.positionals[0]}' for 'run'`);
  const engine = parseEngine(str(args, 'engine') ?? 'v86');
  const timeoutS = positive(args, 'timeout', Infinity);
  const kernelPath = resolve(str(args, 'kernel') ?? defaultKernelPath);
  const machine = createMachine({ engine, kernelPath, cmdline: str(args, 'cmdline') ?? '' });

  machine.onSerial((bytes) => process.stdout.write(bytes));
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  if (tty) stdin.setRawMode(true);
  stdin.on('data', (chunk: Buffer) => {
    if (tty && chunk.includes(QUIT_BYTE)) return machine.stop('stopped', 'Ctrl-]');
    machine.sendSerial(tty ? chunk : Buffer.from(chunk.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'));
  });
  stdin.on('error', () => {});
  const timer = Number.isFinite(timeoutS) ? setTimeout(() => machine.stop('timeout'), timeoutS * 1000) : null;

  const exit: ExitInfo = await machine.exited;
  if (timer) clearTimeout(timer);
  if (tty) stdin.setRawMode(false);
  stdin.pause();
  switch (exit.reason) {
    case 'poweroff':
    case 'panic':
      return exit.status;
    case 'timeout':
      process.stderr.write(`minios: timeout after ${timeoutS} s\n`);
      return 124;
    case 'stopped':
      return 130;
    case 'crashed':
      process.stderr.write(`minios: machine crashed: ${exit.detail ?? 'unknown'}\n`);
      return 1;
  }
}

async function test(argv: string[]): Promise<number> {
  const args = parseArgs('test', argv, { engine: 'string', kernel: 'string', jobs: 'string', dir: 'string' });
  const engineArg = str(args, 'engine') ?? 'both';
  const engines: Engine[] = engineArg === 'both' ? [...ENGINES] : [parseEngine(engineArg)];
  const jobs = positive(args, 'jobs', 2, true);
  const kernelPath = resolve(str(args, 'kernel') ?? defaultKernelPath);
  const kernel = loadKernel(kernelPath);
  if (engines.includes('qemu') && !findOnPath(QEMU_BINARY)) {
    throw new UserError(`${QEMU_BINARY} not found: apt-get install qemu-system-x86`);
  }
  const all = loadTestScripts(resolve(str(args, 'dir') ?? join(repoRoot, 'kernel', 'tests')));
  const unknown = args.positionals.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length > 0) {
    const names = all.map((t) => t.name).join(', ') || '(none)';
    throw new UserError(`unknown test ${unknown.join(', ')}; available: ${names}`);
  }
  const chosen = args.positionals.length > 0 ? all.filter((t) => args.positionals.includes(t.name)) : all;
  const jobsList = chosen.flatMap((t) => engines.filter((e) => t.engines.includes(e)).map((engine) => ({ t, engine })));

  const nameWidth = Math.max(22, ...chosen.map((t) => t.name.length));
  const results = await pool(
    jobsList,
    jobs,
    ({ t, engine }) => runTest(t, engine, (cmdline) => createMachine({ engine, kernelPath, kernel, cmdline })),
    (r) => {
      console.log(formatResult(r, nameWidth));
      if (!r.pass) console.log(formatFailure(r));
    },
  );
  const failed = results.filter((r) => !r.pass).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return run(rest);
    case 'test':
      return test(rest);
    case 'image': // the database code (better-sqlite3) loads only for these commands
      return (await import('./storage-commands.ts')).imageCommand(rest);
    case 'session':
      return (await import('./storage-commands.ts')).sessionCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    case undefined:
      throw new UserError('no command (try: minios help)');
    default:
      throw new UserError(`unknown command '${command}' (try: minios help)`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // Leave no QEMU process or /dev/shm file behind.
    void stopAllMachines().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UserError) {
      process.stderr.write(`minios: ${e.message}\n`);
    } else {
      // A bug in minios itself: still one line, with a hint for debugging.
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`minios: internal error: ${msg} (set MINIOS_DEBUG=1 for details)\n`);
      if (process.env.MINIOS_DEBUG) console.error(e);
    }
    process.exit(2);
  },
);
