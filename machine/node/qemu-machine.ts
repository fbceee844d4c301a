/*
 * QemuMachine: MiniOS in qemu-system-i386. Guest RAM is a file in /dev/shm
 * shared with QEMU, so the same TelemetryReader drains the ring; the exit
 * status comes from isa-debug-exit (QEMU exits with status*2+1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXIT_PANIC } from '../abi/generated.ts';
import { MachineBase, type ExitInfo } from '../common/machine.ts';
import type { GuestMemory } from '../common/telemetry.ts';
import { UserError } from './errors.ts';

export const QEMU_BINARY = 'qemu-system-i386';

export interface QemuMachineOptions {
  kernelPath: string;
  cmdline?: string;
  memoryBytes?: number;
  drainIntervalMs?: number;
  /** After the header says "off", how long QEMU gets to exit by itself. */
  exitGraceMs?: number;
}

/** Full path of an executable on PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

let counter = 0;

export class QemuMachine extends MachineBase {
  readonly engine = 'qemu' as const;
  private readonly proc: ChildProcess;
  private readonly shmPath: string;
  private fd: number | null;
  private stderr = '';
  private headerExit: ExitInfo | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: QemuMachineOptions) {
    super(opts.drainIntervalMs);
    const qemu = findOnPath(QEMU_BINARY);
    if (!qemu) throw new UserError(`${QEMU_BINARY} not found: apt-get install qemu-system-x86`);
    const memoryBytes = opts.memoryBytes ?? 32 << 20;
    const mib = Math.ceil(memoryBytes / (1 << 20));
    this.shmPath = `/dev/shm/minios-${process.pid}-${counter++}`;
    // Create the RAM file first so it can be opened before QEMU gets to it.
    this.fd = openSync(this.shmPath, 'w+', 0o600);
    ftruncateSync(this.fd, mib << 20);
    const args = [
      '-kernel', opts.kernelPath, '-append', opts.cmdline ?? '', '-m', String(mib),
      '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-no-reboot', '-nic', 'none',
      '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
      '-object', `memory-backend-file,id=ram,size=${mib}M,mem-path=${this.shmPath},share=on`,
      '-machine', 'pc,memory-backend=ram',
    ];
    this.proc = spawn(qemu, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout?.on('data', (chunk: Buffer) => this.serialOutput(new Uint8Array(chunk)));
    this.proc.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    this.proc.stdin?.on('error', () => {}); // QEMU gone: input is moot
    this.proc.on('error', (e) => this.finish({ status: -1, reason: 'crashed', detail: e.message }));
    this.proc.on('close', (code, signal) => this.onClose(code, signal));
    this.startTelemetry(this.guestMemory(), mib << 20);
  }

  protected writeSerial(data: string | Uint8Array): void {
    this.proc.stdin?.write(data);
  }

  protected pauseEngine(): void {
    this.proc.kill('SIGSTOP');
  }
  protected resumeEngine(): void {
    this.proc.kill('SIGCONT');
  }

  /** The header says the guest is off: QEMU should exit by itself right after (isa-debug-exit). */
  protected override onPowerOff(info: ExitInfo): void {
    if (this.headerExit) return;
    this.headerExit = info;
    this.graceTimer = setTimeout(() => this.finish(info), this.opts.exitGraceMs ?? 1000);
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (code !== null && code % 2 === 1) {
      const status = (code - 1) / 2;
      this.finish({ status, reason: status === EXIT_PANIC ? 'panic' : 'poweroff' });
    } else if (this.headerExit) {
      this.finish(this.headerExit);
    } else {
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      const last = this.stderr.trim().split('\n').pop() ?? '';
      this.finish({ status: -1, reason: 'crashed', detail: `qemu ${why}${last ? `: ${last}` : ''}` });
    }
  }

  protected destroyEngine(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.shmPath, { force: true });
  }

  private guestMemory(): GuestMemory {
    const word = Buffer.alloc(4);
    return {
      read: (addr, len) => {
        const buf = new Uint8Array(len);
        if (this.fd !== null) readSync(this.fd, buf, 0, len, addr);
        return buf;
      },
      writeU32: (addr, value) => {
        word.writeUInt32LE(value >>> 0, 0);
        if (this.fd !== null) writeSync(this.fd, word, 0, 4, addr);
      },
    };
  }
}
