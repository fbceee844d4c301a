/*
 * A kernel-side telemetry writer in TypeScript, over a plain byte array.
 * Unit tests and benchmarks use it to build rings (good and bad) without a guest.
 */
import * as abi from '../abi/generated.ts';
import type { GuestMemory } from './telemetry.ts';

export class ArrayMemory implements GuestMemory {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  read(addr: number, len: number): Uint8Array {
    if (addr < 0 || addr + len > this.bytes.length) throw new RangeError(`read 0x${addr.toString(16)}+${len} outside memory`);
    return this.bytes.subarray(addr, addr + len);
  }
  writeU32(addr: number, value: number): void {
    this.view.setUint32(addr, value >>> 0, true);
  }
  readU32(addr: number): number {
    return this.view.getUint32(addr, true);
  }
}

export interface RingOptions {
  ringAddr?: number;
  capacity?: number;
  /** Initial head and tail, e.g. close to 2^32 to test the wrap. */
  start?: number;
}

/** Writes the anchor, the header and events the way the kernel does. */
export class SyntheticRing {
  readonly ringAddr: number;
  readonly capacity: number;
  constructor(readonly mem: ArrayMemory, opts: RingOptions = {}) {
    this.ringAddr = opts.ringAddr ?? 0x10000;
    this.capacity = opts.capacity ?? 64;
    const start = (opts.start ?? 0) >>> 0;
    const h = this.ringAddr;
    mem.writeU32(h + abi.TEL_HDR_OFF_MAGIC, abi.TEL_RING_MAGIC);
    mem.writeU32(h + abi.TEL_HDR_OFF_VERSION, abi.TEL_VERSION);
    mem.writeU32(h + abi.TEL_HDR_OFF_EVENT_SIZE, abi.TEL_EV_SIZE);
    mem.writeU32(h + abi.TEL_HDR_OFF_CAPACITY, this.capacity);
    mem.writeU32(h + abi.TEL_HDR_OFF_HEAD, start);
    mem.writeU32(h + abi.TEL_HDR_OFF_TAIL, start);
    mem.writeU32(h + abi.TEL_HDR_OFF_TICK_HZ, 100);
    this.announce();
  }

  get size(): number {
    return abi.TEL_HDR_SIZE + this.capacity * abi.TEL_EV_SIZE;
  }

  announce(): void {
    const a = abi.TEL_ANCHOR_ADDR;
    this.mem.writeU32(a + abi.TEL_ANCHOR_OFF_MAGIC, abi.TEL_ANCHOR_MAGIC);
    this.mem.writeU32(a + abi.TEL_ANCHOR_OFF_VERSION, abi.TEL_VERSION);
    this.mem.writeU32(a + abi.TEL_ANCHOR_OFF_RING, this.ringAddr);
    this.mem.writeU32(a + abi.TEL_ANCHOR_OFF_RING_SIZE, this.size);
  }

  header(off: number): number {
    return this.mem.readU32(this.ringAddr + off);
  }
  setHeader(off: number, value: number): void {
    this.mem.writeU32(this.ringAddr + off, value);
  }

  /** Appends one event; returns false (and counts a drop) when the ring is full. */
  emit(type: number, arg: number, payload: Uint8Array = new Uint8Array(0), timeUs = 0, task = 0, request = 0): boolean {
    const head = this.header(abi.TEL_HDR_OFF_HEAD);
    const tail = this.header(abi.TEL_HDR_OFF_TAIL);
    if (((head - tail) >>> 0) >= this.capacity) {
      this.setHeader(abi.TEL_HDR_OFF_DROPPED, this.header(abi.TEL_HDR_OFF_DROPPED) + 1);
      return false;
    }
    const at = this.ringAddr + abi.TEL_HDR_SIZE + (head & (this.capacity - 1)) * abi.TEL_EV_SIZE;
    const ev = this.mem.bytes.subarray(at, at + abi.TEL_EV_SIZE);
    ev.fill(0);
    ev[0] = type & 0xff;
    ev[1] = type >> 8;
    ev[2] = arg & 0xff;
    ev[3] = (arg >> 8) & 0xff;
    this.mem.writeU32(at + abi.TEL_EV_OFF_TIME, timeUs);
    this.mem.writeU32(at + abi.TEL_EV_OFF_TASK, task);
    this.mem.writeU32(at + abi.TEL_EV_OFF_REQUEST, request);
    ev.set(payload.subarray(0, abi.TEL_EV_PAYLOAD_SIZE), abi.TEL_EV_OFF_PAYLOAD);
    this.setHeader(abi.TEL_HDR_OFF_HEAD, (head + 1) >>> 0);
    return true;
  }

  /** A log line split the way the kernel splits it: LOG (level + 15 bytes) then LOG_CONT (16 bytes each). */
  log(level: number, text: string): void {
    const bytes = new TextEncoder().encode(text);
    const first = new Uint8Array(abi.TEL_EV_PAYLOAD_SIZE);
    first[0] = level;
    first.set(bytes.subarray(0, 15), 1);
    this.emit(abi.TEL_EV_LOG, bytes.length, first);
    for (let off = 15; off < bytes.length; off += 16) this.emit(abi.TEL_EV_LOG_CONT, 0, bytes.subarray(off, off + 16));
  }

  powerOff(status: number): void {
    this.setHeader(abi.TEL_HDR_OFF_STATUS, status);
    this.setHeader(abi.TEL_HDR_OFF_POWER, abi.TEL_POWER_OFF);
  }
}

/** Little-endian u32 words as a payload. */
export function words(...values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
  return b;
}

/** A boot_step payload: u32 duration, char name[12]. */
export function bootStepPayload(durationUs: number, name: string): Uint8Array {
  const b = new Uint8Array(16);
  b.set(words(durationUs), 0);
  b.set(new TextEncoder().encode(name).subarray(0, 12), 4);
  return b;
}
