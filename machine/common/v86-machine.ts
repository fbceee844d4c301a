/*
 * V86Machine: MiniOS running in v86 (WebAssembly x86), in Node or a browser.
 * The kernel boots by multiboot, with no BIOS and no screen; serial is the
 * console and the telemetry ring in guest RAM tells when it powered off.
 */
import { V86, type V86Options } from 'v86';
import { TelemetryReader, type GuestMemory } from './telemetry.ts';
import { QEMU_DEBUG_EXIT_PORT } from '../abi/generated.ts';
import { MachineBase, exitFromStatus } from './machine.ts';

/** The parts of v86's internals used here (not in v86.d.ts). */
interface V86Internals {
  v86?: { cpu?: { io?: { register_write(port: number, device: object, w8?: (v: number) => void, w16?: (v: number) => void, w32?: (v: number) => void): void } } };
}

/** The v86 build this code runs (a saved state names it: another version's state may not load). Checked against node_modules in a test. */
export const V86_VERSION = '0.5.462';
/** VGA memory when not given: the console is serial, so a small VGA keeps saved states small (~1.3 MB for 32 MiB). */
export const DEFAULT_VGA_BYTES = 256 << 10;

export interface V86MachineOptions {
  /** Where v86.wasm is: a file path in Node, a URL in the browser. */
  wasmPath: string;
  /** v86.wasm already compiled (e.g. fetched while the kernel loaded); wasmPath is then not fetched. */
  wasmModule?: Promise<WebAssembly.Module>;
  /** The multiboot kernel (minios.elf). */
  kernel: ArrayBuffer;
  cmdline?: string;
  memoryBytes?: number;
  vgaMemoryBytes?: number;
  drainIntervalMs?: number;
  /** A disk image for the first IDE disk (v86 reads and writes this buffer in place). */
  disk?: ArrayBuffer;
}

const encoder = new TextEncoder();

export class V86Machine extends MachineBase {
  readonly engine = 'v86' as const;
  private emulator: V86 | null;
  private readonly memoryBytes: number;
  private readonly loaded: Promise<void>;

  constructor(opts: V86MachineOptions) {
    super(opts.drainIntervalMs);
    this.memoryBytes = opts.memoryBytes ?? 32 << 20;
    const options: V86Options = {
      wasm_path: opts.wasmPath,
      memory_size: this.memoryBytes,
      vga_memory_size: opts.vgaMemoryBytes ?? DEFAULT_VGA_BYTES,
      multiboot: { buffer: opts.kernel },
      cmdline: opts.cmdline ?? '',
      autostart: true,
      disable_keyboard: true,
      disable_mouse: true,
      disable_speaker: true,
      screen_container: null,
      log_level: 0,
      ...(opts.disk ? { hda: { buffer: opts.disk } } : {}),
    };
    const mod = opts.wasmModule;
    if (mod) options.wasm_fn = async (imports) => (await WebAssembly.instantiate(await mod, imports)).exports;
    const emu = new V86(options);
    this.emulator = emu;
    emu.add_listener('serial0-output-byte', (byte: number) => this.serialOutput(Uint8Array.of(byte)));
    this.loaded = new Promise((resolve) => emu.add_listener('emulator-loaded', () => resolve()));
    emu.add_listener('emulator-loaded', () => {
      if (!this.emulator) return;
      this.guardDebugExitPort(this.emulator);
      this.startTelemetry(this.guestMemory(this.emulator), this.memoryBytes);
    });
  }

  protected writeSerial(data: string | Uint8Array): void {
    if (!this.emulator) return;
    this.emulator.serial_send_bytes(0, typeof data === 'string' ? encoder.encode(data) : data);
  }

  /** v86's snapshot of the whole machine (CPU, RAM pages that are not zero, devices), for storage. */
  async saveState(): Promise<ArrayBuffer> {
    await this.loaded;
    if (!this.emulator) throw new Error('the machine is not running');
    return this.emulator.save_state();
  }

  /**
   * Replaces the running machine with a saved one (same kernel, memory size and
   * cmdline: check the saved configuration first). The guest continues where
   * it was saved; telemetry is read afresh from the restored ring.
   */
  async restoreState(state: ArrayBuffer): Promise<void> {
    await this.loaded;
    const emu = this.emulator;
    if (!emu) throw new Error('the machine is not running');
    await emu.restore_state(state);
    if (this.reader) {
      this.reader = new TelemetryReader(this.guestMemory(emu), { memoryBytes: this.memoryBytes });
      this.reader.requestReplay();         // the panels' history is not part of the state
    }
    this.flushInput();
  }

  /** Guest instructions executed so far (v86's counter wraps at 2^32: sample it at least every 0.5 s). */
  instructionCounter(): number {
    return this.emulator?.get_instruction_counter() ?? 0;
  }

  protected pauseEngine(): void {
    void this.emulator?.stop();
  }
  protected resumeEngine(): void {
    void this.emulator?.run();
  }
  protected destroyEngine(): void {
    const emu = this.emulator;
    this.emulator = null;
    if (emu) void emu.destroy().catch(() => {});
  }

  /**
   * v86 answers QEMU's fw_cfg signature ("QEMU" at selector 0) too, and its own
   * handler for port 0xF4 throws "HALT", which kills the host process. Replace it:
   * a write there ends the run like a power-off with that status.
   */
  private guardDebugExitPort(emu: V86): void {
    const io = (emu as unknown as V86Internals).v86?.cpu?.io;
    if (!io || typeof io.register_write !== 'function') return;
    const exit = (value: number) => {
      this.debugExitWrites++;
      queueMicrotask(() => this.finish(exitFromStatus(value & 0xff)));
    };
    for (let port = QEMU_DEBUG_EXIT_PORT; port < QEMU_DEBUG_EXIT_PORT + 4; port++) {
      io.register_write(port, this, exit, exit, exit);
    }
  }

  /** Times the guest wrote to QEMU's debug-exit port (it should not in v86). */
  debugExitWrites = 0;

  private guestMemory(emu: V86): GuestMemory {
    const scratch = new Uint8Array(4);
    const view = new DataView(scratch.buffer);
    return {
      read: (addr, len) => emu.read_memory(addr, len),
      writeU32: (addr, value) => {
        view.setUint32(0, value >>> 0, true);
        emu.write_memory(scratch, addr);
      },
    };
  }
}

