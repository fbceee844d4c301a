/*
 * The Machine interface: one running MiniOS guest, whatever emulates it.
 * v86 (Node or browser) and QEMU (Node) both implement it, so the CLI, the test
 * runner and the studio talk to a guest the same way.
 */
import { EXIT_PANIC } from '../abi/generated.ts';
import { Emitter } from './emitter.ts';
import { TelemetryReader, emptyTelemetryStats, type GuestMemory, type TelemetryEvent, type TelemetryStats } from './telemetry.ts';

export type Engine = 'v86' | 'qemu';
export const ENGINES: readonly Engine[] = ['v86', 'qemu'];

export interface ExitInfo {
  status: number;
  reason: 'poweroff' | 'panic' | 'stopped' | 'crashed' | 'timeout';
  detail?: string;
}

export interface Machine {
  readonly engine: Engine;
  onSerial(cb: (bytes: Uint8Array) => void): () => void;
  sendSerial(data: string | Uint8Array): void;
  onEvents(cb: (events: TelemetryEvent[]) => void): () => void;
  /** Resolves once, when the guest powers off, crashes or is stopped. */
  readonly exited: Promise<ExitInfo>;
  pause(): void;
  resume(): void;
  /** Stops the guest; `exited` resolves with reason 'stopped' (or the given reason). */
  stop(reason?: ExitInfo['reason'], detail?: string): void;
  readonly paused: boolean;
  readonly telemetry: TelemetryStats;
}

/** The exit a powered-off telemetry header describes. */
export function exitFromStatus(status: number): ExitInfo {
  return { status, reason: status === EXIT_PANIC ? 'panic' : 'poweroff' };
}

/**
 * What every engine shares: serial and event fan-out, the telemetry drain loop
 * and a once-only exit. Subclasses provide guest memory and the engine itself.
 */
export abstract class MachineBase implements Machine {
  abstract readonly engine: Engine;
  readonly exited: Promise<ExitInfo>;
  protected readonly serial = new Emitter<Uint8Array>();
  protected readonly events = new Emitter<TelemetryEvent[]>();
  protected reader: TelemetryReader | null = null;
  private resolveExit!: (info: ExitInfo) => void;
  private drainTimer: ReturnType<typeof setInterval> | null = null;
  private done = false;
  private isPaused = false;

  constructor(protected readonly drainIntervalMs = 10) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  onSerial(cb: (bytes: Uint8Array) => void): () => void {
    return this.serial.on(cb);
  }
  onEvents(cb: (events: TelemetryEvent[]) => void): () => void {
    return this.events.on(cb);
  }
  get paused(): boolean {
    return this.isPaused;
  }
  get finished(): boolean {
    return this.done;
  }
  get telemetry(): TelemetryStats {
    return this.reader ? this.reader.stats : emptyTelemetryStats();
  }

  private inputQueue: (string | Uint8Array)[] | null = [];

  /**
   * Input sent before the guest's first serial output is held back until then:
   * the UART is not set up earlier, and a byte arriving during its reset is lost.
   */
  sendSerial(data: string | Uint8Array): void {
    if (this.done) return;
    if (this.inputQueue) this.inputQueue.push(data);
    else this.writeSerial(data);
  }

  /** Engines call this for every chunk of guest serial output. */
  protected serialOutput(bytes: Uint8Array): void {
    this.serial.emit(bytes);
    this.flushInput();
  }

  /** Sends held-back input now (the guest's UART is known to be up, e.g. after restoring a saved state). */
  protected flushInput(): void {
    const queued = this.inputQueue;
    if (queued) {
      this.inputQueue = null;
      for (const d of queued) this.writeSerial(d);
    }
  }

  protected abstract writeSerial(data: string | Uint8Array): void;
  protected abstract pauseEngine(): void;
  protected abstract resumeEngine(): void;
  /** Tears the engine down; called exactly once. */
  protected abstract destroyEngine(): void;

  pause(): void {
    if (this.done || this.isPaused) return;
    this.isPaused = true;
    this.pauseEngine();
  }
  resume(): void {
    if (this.done || !this.isPaused) return;
    this.isPaused = false;
    this.resumeEngine();
  }
  stop(reason: ExitInfo['reason'] = 'stopped', detail?: string): void {
    this.finish({ status: -1, reason, detail });
  }

  /** Starts draining telemetry from `mem` every drainIntervalMs. */
  protected startTelemetry(mem: GuestMemory, memoryBytes: number): void {
    this.reader = new TelemetryReader(mem, { memoryBytes });
    this.drainTimer = setInterval(() => this.drainOnce(), this.drainIntervalMs);
  }

  /**
   * Drains the ring now. The studio calls this every animation frame: in a
   * browser v86 runs on the main thread and starves the interval timer, so
   * the interval is only the fallback (and the whole story in Node).
   */
  drainNow(): void {
    this.drainOnce();
  }

  /** Drains once; on power-off resolves `exited` and tears the engine down. */
  protected drainOnce(): void {
    if (!this.reader || this.done) return;
    const evs = this.reader.drain();
    if (evs.length > 0) this.events.emit(evs);
    if (this.reader.poweredOff) this.onPowerOff(exitFromStatus(this.reader.stats.status));
  }

  /** The guest said it is off; by default the run ends now (engines may wait for their own exit). */
  protected onPowerOff(info: ExitInfo): void {
    this.finish(info);
  }

  protected finish(info: ExitInfo): void {
    if (this.done) return;
    this.done = true;
    if (this.reader) {
      const last = this.reader.drain(); // events written just before the end
      if (last.length > 0) this.events.emit(last);
    }
    if (this.drainTimer) clearInterval(this.drainTimer);
    this.drainTimer = null;
    try {
      this.destroyEngine();
    } finally {
      this.resolveExit(info);
    }
  }
}
