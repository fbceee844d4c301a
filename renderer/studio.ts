/*
 * The studio's controller: boots MiniOS in v86 inside the page, feeds the
 * console and the panel models from the machine, runs the frame loop that
 * draws the panels, and keeps the numbers the toolbar and status bar show.
 * Reset throws the machine and its models away and starts a fresh pair.
 */
import wasmUrl from 'v86/build/v86.wasm?url';
import { V86Machine, V86_VERSION, DEFAULT_VGA_BYTES } from '../machine/common/v86-machine.ts';
import type { ExitInfo } from '../machine/common/machine.ts';
import type { TelemetryEvent, TelemetryStats } from '../machine/common/telemetry.ts';
import { BootModel } from '../hw-panels/boot/boot-model.ts';
import { MemoryModel } from '../hw-panels/memory/memory-model.ts';
import { SchedModel } from '../hw-panels/sched/sched-model.ts';
import { EventModel } from '../hw-panels/events/event-model.ts';
import { SyscallModel } from '../hw-panels/syscalls/syscall-model.ts';
import { RateMeter } from '../hw-panels/common/rate-meter.ts';
import type { HostApi, KernelImage, MachineConfig } from '../app/common/host-api.ts';
import { GuestConsole } from './console.ts';
import { guestStatus, type GuestStatus } from './machine-status.ts';
import { Emitter } from '../machine/common/emitter.ts';

export const MEMORY_BYTES = 32 << 20;

/**
 * v86.wasm, fetched and compiled once, from the first boot on, while the
 * kernel loads (not after it); every later boot and reset reuses the module.
 */
let wasmModule: Promise<WebAssembly.Module> | null = null;
export function compiledWasm(): Promise<WebAssembly.Module> {
  return (wasmModule ??= WebAssembly.compileStreaming(fetch(wasmUrl)).catch(async () => WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer())));
}
const PROMPT = 'minios> ';

export interface Models {
  boot: BootModel;
  memory: MemoryModel;
  sched: SchedModel;
  events: EventModel;
  syscalls: SyscallModel;
}

export function newModels(): Models {
  return { boot: new BootModel(), memory: new MemoryModel(MEMORY_BYTES), sched: new SchedModel(), events: new EventModel(), syscalls: new SyscallModel() };
}

/** A disk image attached as the machine's first IDE disk (v86 reads and writes `bytes` in place). */
export interface AttachedDisk {
  imageId: number;
  name: string;
  bytes: ArrayBuffer;
}

/** A saved machine to continue from: v86's state and the console as it was. */
export interface RestorePoint {
  state: Uint8Array;
  consoleText: string;
}

export interface Readout {
  status: GuestStatus;
  instructionsPerSec: number;
  eventsPerSec: number;
  uptimeMs: number;
  ticks: number;
  telemetry: TelemetryStats;
  kernel: { name: string; size: number; source: 'host' | 'file' } | null;
  cmdline: string;
  paused: boolean;
}

export class Studio {
  machine: V86Machine | null = null;
  models: Models = newModels();
  /** Fired when a new machine (and new models) replaced the old. */
  readonly machineChanged = new Emitter<Models>();
  cmdline: string;
  kernel: KernelImage | null = null;
  kernelSource: 'host' | 'file' = 'host';
  /** performance.now() when the current machine was created and when its prompt first appeared. */
  bootStartedAt = 0;
  promptAt: number | null = null;
  totalEvents = 0;
  private exit: ExitInfo | null = null;
  private panicked = false;
  private error: string | undefined;
  private speed = new RateMeter(1000, 2 ** 32);
  private evRate = new RateMeter(1000);
  private speedTimer: ReturnType<typeof setInterval> | null = null;
  private generation = 0;
  private tail = '';
  /** The disk the next boots attach (kept across resets until detached). */
  disk: AttachedDisk | null = null;
  /** While a saved state is being loaded, the fresh boot's output is not shown. */
  private restoring = false;
  private kernelHash: { bytes: Uint8Array; hex: string } | null = null;

  constructor(private readonly host: HostApi, readonly console: GuestConsole, cmdline = '') {
    this.cmdline = cmdline;
    console.onInput((d) => this.machine?.sendSerial(d));
  }

  /**
   * Boots a new machine: the host's kernel (re-read, so a rebuilt kernel is picked up) or a file's.
   * `disk` replaces the attached disk (null detaches it). With `restore` the new machine continues
   * from a saved state instead (same kernel: check the configuration first); that throws if v86 refuses it.
   */
  async boot(opts: { cmdline?: string; kernel?: KernelImage; source?: 'host' | 'file'; disk?: AttachedDisk | null; restore?: RestorePoint } = {}): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    if (opts.cmdline !== undefined) this.cmdline = opts.cmdline;
    if (opts.disk !== undefined) this.disk = opts.disk;
    this.models = newModels();
    this.exit = null;
    this.panicked = false;
    this.error = undefined;
    this.promptAt = null;
    this.totalEvents = 0;
    this.tail = '';
    this.speed.reset();
    this.evRate.reset();
    this.console.reset();
    this.machineChanged.emit(this.models);
    this.bootStartedAt = performance.now();
    const wasm = compiledWasm();
    try {
      if (opts.kernel) {
        this.kernel = opts.kernel;
        this.kernelSource = opts.source ?? 'file';
      } else if (!this.kernel || this.kernelSource === 'host') {
        this.kernel = await this.host.loadKernel();
        this.kernelSource = 'host';
      }
    } catch (e) {
      this.fail(e);
      return;
    }
    if (gen !== this.generation) return; // a newer boot started meanwhile
    const k = this.kernel;
    const buffer = k.bytes.buffer.slice(k.bytes.byteOffset, k.bytes.byteOffset + k.bytes.byteLength) as ArrayBuffer;
    let m: V86Machine;
    try {
      m = new V86Machine({ wasmPath: wasmUrl, wasmModule: wasm, kernel: buffer, cmdline: this.cmdline, memoryBytes: MEMORY_BYTES, drainIntervalMs: 8, disk: this.disk?.bytes });
    } catch (e) {
      this.fail(e);
      return;
    }
    this.machine = m;
    const models = this.models;
    this.restoring = opts.restore !== undefined;
    m.onSerial((b) => !this.restoring && this.onSerial(b));
    m.onEvents((evs) => !this.restoring && this.onEvents(models, evs));
    void m.exited.then((info) => {
      if (this.machine !== m) return;
      this.exit = info;
      const what = info.reason === 'poweroff' ? `powered off with status ${info.status}` : info.reason === 'panic' ? `panicked (status ${info.status})` : info.reason;
      this.console.note(`machine ${what}${info.detail ? `: ${info.detail}` : ''} — Machine › Reset (Ctrl+Shift+F5) boots it again`);
    });
    this.speedTimer = setInterval(() => this.sample(), 250);
    if (opts.restore) await this.restoreInto(m, gen, opts.restore);
  }

  private async restoreInto(m: V86Machine, gen: number, r: RestorePoint): Promise<void> {
    try {
      await m.restoreState(r.state.slice().buffer);
    } catch (e) {
      if (gen === this.generation) this.restoring = false;
      throw e;
    }
    if (gen !== this.generation) return;
    this.console.reset();
    this.console.write(new TextEncoder().encode(r.consoleText));
    this.promptAt = performance.now();
    this.restoring = false;
  }

  /** What a saved state of the current machine depends on (the kernel's sha256 by WebCrypto, cached). */
  async config(): Promise<MachineConfig> {
    const k = this.kernel;
    if (!k) throw new Error('no kernel is loaded');
    if (this.kernelHash?.bytes !== k.bytes) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', k.bytes as Uint8Array<ArrayBuffer>));
      this.kernelHash = { bytes: k.bytes, hex: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') };
    }
    return { engine: 'v86', engineVersion: V86_VERSION, memoryBytes: MEMORY_BYTES, vgaMemoryBytes: DEFAULT_VGA_BYTES, kernelHash: this.kernelHash.hex, cmdline: this.cmdline };
  }

  private fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.console.note(`cannot boot: ${this.error}`);
    void this.host.log({ level: 'error', message: `boot failed: ${this.error}` }).catch(() => {});
  }

  private onSerial(b: Uint8Array): void {
    this.console.write(b);
    if (this.promptAt === null) {
      this.tail = (this.tail + String.fromCharCode(...b)).slice(-PROMPT.length);
      if (this.tail === PROMPT) this.promptAt = performance.now();
    }
  }

  private onEvents(models: Models, evs: TelemetryEvent[]): void {
    if (models !== this.models) return;
    this.totalEvents += evs.length;
    models.boot.apply(evs);
    models.memory.apply(evs);
    models.sched.apply(evs);
    models.events.apply(evs);
    models.syscalls.apply(evs);
    for (const ev of evs) if (ev.typeName === 'panic') this.panicked = true;
  }

  private sample(): void {
    const m = this.machine;
    if (!m) return;
    const now = performance.now();
    if (!m.paused) this.speed.sample(now, m.instructionCounter());
    this.evRate.sample(now, m.telemetry.eventsRead);
  }

  /** Per frame: drains the telemetry ring, then moves the scheduler's "now" to the guest's uptime. */
  tick(): void {
    this.machine?.drainNow();
    const t = this.machine?.telemetry;
    if (t && t.tickHz > 0) this.models.sched.advance((t.ticks * 1e6) / t.tickHz);
  }

  get paused(): boolean {
    return this.machine?.paused ?? false;
  }

  togglePause(): void {
    const m = this.machine;
    if (!m || this.exit) return;
    if (m.paused) {
      m.resume();
      this.speed.reset();
    } else {
      m.pause();
    }
  }

  readout(): Readout {
    const m = this.machine;
    const t = m?.telemetry ?? { state: 'waiting', ringAddr: 0, capacity: 0, eventsRead: 0, kernelDropped: 0, overruns: 0, malformed: 0, power: 0, status: 0, ticks: 0, tickHz: 0 };
    const status = guestStatus({
      started: m !== null,
      bootDone: this.models.boot.totalUs !== null || this.promptAt !== null,
      paused: m?.paused ?? false,
      exit: this.exit,
      panicked: this.panicked,
      blockedOnInput: this.models.sched.allBlockedOnInput(),
      error: this.error,
    });
    return {
      status,
      instructionsPerSec: m && !m.paused && !this.exit ? this.speed.rate : 0,
      eventsPerSec: this.evRate.rate,
      uptimeMs: t.tickHz > 0 ? (t.ticks * 1000) / t.tickHz : 0,
      ticks: t.ticks,
      telemetry: t as TelemetryStats,
      kernel: this.kernel ? { name: this.kernel.name, size: this.kernel.size, source: this.kernelSource } : null,
      cmdline: this.cmdline,
      paused: m?.paused ?? false,
    };
  }

  private teardown(): void {
    if (this.speedTimer) clearInterval(this.speedTimer);
    this.speedTimer = null;
    const m = this.machine;
    this.machine = null;
    m?.stop();
  }
}
