/*
 * The host API: everything the renderer may ask of the program hosting it.
 * Two editions implement it — Electron (IPC through the preload's
 * contextBridge) and the web edition (HTTP + a WebSocket for pushed events) —
 * and the renderer cannot tell which it got. Every message crossing the
 * boundary is checked against these zod schemas on the side that receives it.
 * This file runs anywhere: no DOM, no Node.
 */
import { z } from 'zod';
import { MachineConfigSchema, NameSchema, MAX_THUMBNAIL_BYTES } from '../../storage/schemas.ts';

export { IPC, BRIDGE_NAME, type PreloadBridge } from './channels.ts';

export const Edition = z.enum(['web', 'electron']);
export type Edition = z.infer<typeof Edition>;

export const HostInfo = z.object({
  edition: Edition,
  appVersion: z.string().max(64),
  platform: z.string().max(64),
  /** Where the default kernel comes from, for display. */
  kernelPath: z.string().max(4096),
});
export type HostInfo = z.infer<typeof HostInfo>;

/** The largest kernel image the host hands out (a MiniOS ELF is ~100 KiB). */
export const MAX_KERNEL_BYTES = 16 << 20;

export const KernelMeta = z.object({
  name: z.string().min(1).max(256),
  size: z.number().int().min(1).max(MAX_KERNEL_BYTES),
  mtimeMs: z.number().nonnegative(),
});
export type KernelMeta = z.infer<typeof KernelMeta>;

export const KernelImage = KernelMeta.extend({
  bytes: z.instanceof(Uint8Array),
}).refine((k) => k.bytes.length === k.size, { message: 'kernel size does not match its bytes' });
export type KernelImage = z.infer<typeof KernelImage>;

export const LogLevel = z.enum(['info', 'warn', 'error']);
/** A line the renderer wants in the host's log (errors it cannot show, crash reports). */
export const LogRequest = z.object({
  level: LogLevel,
  message: z.string().min(1).max(4000),
});
export type LogRequest = z.infer<typeof LogRequest>;

/** Events the host pushes to the renderer. */
export const HostEvent = z.discriminatedUnion('type', [
  /** The kernel file was rebuilt; a reset boots the new one. */
  z.object({ type: z.literal('kernel-changed'), kernel: KernelMeta }),
  /** How far a disk image import has got (bytes stored so far). */
  z.object({ type: z.literal('import-progress'), importId: z.string().max(64), bytes: z.number().int().nonnegative(), total: z.number().int().nonnegative().optional() }),
]);
export type HostEvent = z.infer<typeof HostEvent>;

// ---- storage: sessions, disk images, settings

/** Size limits the hosts enforce on what crosses the boundary (the web edition answers 413 beyond them). */
export const LIMITS = {
  /** A machine state (v86 save_state of a 32 MiB guest is ~1–10 MiB). */
  stateBytes: 64 << 20,
  thumbnailBytes: MAX_THUMBNAIL_BYTES,
  /** The largest image the page can attach as its disk (v86 keeps it in memory). */
  diskBytes: 256 << 20,
  /** The largest image that can be imported into the library. */
  imageBytes: 4 * 1024 ** 3,
  /** One piece of an image import over Electron IPC. */
  importChunkBytes: 8 << 20,
} as const;
/** The largest session save request (state + thumbnail + disk + its JSON header). */
export const MAX_SESSION_BODY = LIMITS.stateBytes + LIMITS.thumbnailBytes + LIMITS.diskBytes + (64 << 10);

const MiB = (n: number) => `${Math.round(n / (1 << 20))} MiB`;
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (a Uint8Array)');
const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export { MachineConfigSchema as MachineConfig, NameSchema as Name };
export type MachineConfig = z.infer<typeof MachineConfigSchema>;

/** A saved session as the renderer lists it. */
export const SessionSummary = z.object({
  id: Id,
  name: z.string().max(200),
  createdAt: z.number().nonnegative(),
  updatedAt: z.number().nonnegative(),
  config: MachineConfigSchema,
  stateFormat: z.number().int().nonnegative(),
  stateSize: z.number().int().nonnegative(),
  diskImageId: Id.nullable(),
  /** PNG bytes, or null. */
  thumbnail: Bytes.nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SaveSessionRequest = z.strictObject({
  name: NameSchema,
  config: MachineConfigSchema,
  stateFormat: z.number().int().nonnegative(),
  state: Bytes.refine((b) => b.length > 0, 'the machine state is empty').refine((b) => b.length <= LIMITS.stateBytes, `the machine state is larger than ${MiB(LIMITS.stateBytes)}`),
  thumbnail: Bytes.refine((b) => b.length <= LIMITS.thumbnailBytes, `the thumbnail is larger than ${MiB(LIMITS.thumbnailBytes)}`).optional(),
  disk: z.strictObject({ imageId: Id, bytes: Bytes.refine((b) => b.length <= LIMITS.diskBytes, `the disk is larger than ${MiB(LIMITS.diskBytes)}`) }).optional(),
  /** Save over this session (Save) instead of adding one (Save as). */
  replace: Id.optional(),
});
export type SaveSessionRequest = z.infer<typeof SaveSessionRequest>;

/** What the renderer runs, so the host refuses a session saved by another configuration. */
export const RestoreExpectation = z.strictObject({ config: MachineConfigSchema, stateFormat: z.number().int().nonnegative() });
export type RestoreExpectation = z.infer<typeof RestoreExpectation>;
export const LoadSessionRequest = z.strictObject({ id: Id, expect: RestoreExpectation });
export type LoadSessionRequest = z.infer<typeof LoadSessionRequest>;

export interface LoadedSession {
  info: SessionSummary;
  state: Uint8Array;
  /** The machine's disk as saved, or null for a machine without one. */
  disk: Uint8Array | null;
}

export const RenameRequest = z.strictObject({ id: Id, name: NameSchema });
export const IdRequest = z.strictObject({ id: Id });

export const ImageSummary = z.object({
  id: Id,
  name: z.string().max(200),
  size: z.number().int().nonnegative(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.number().nonnegative(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** The start of an image import: its name (a file name; made unique) and its size in bytes. */
export const ImportStart = z.strictObject({
  name: NameSchema,
  size: z.number().int().nonnegative().max(LIMITS.imageBytes, `a disk image is at most ${MiB(LIMITS.imageBytes)}`),
  importId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});
export type ImportStart = z.infer<typeof ImportStart>;

export const RecentSession = z.object({ id: Id, name: z.string().max(200), openedAt: z.number().nonnegative() });
export type RecentSession = z.infer<typeof RecentSession>;
export const Settings = z.object({
  theme: z.enum(['dark', 'light', 'system']),
  panelLayout: z.record(z.string(), z.unknown()).nullable(),
  recentSessions: z.array(RecentSession).max(50),
});
export type Settings = z.infer<typeof Settings>;
export const SettingKey = z.enum(['theme', 'panelLayout', 'recentSessions']);
export type SettingKey = z.infer<typeof SettingKey>;
export const SetSettingRequest = z.strictObject({ key: SettingKey, value: z.unknown() });

/** Every storage failure reaches the renderer as this: a code to switch on and one line to show. */
export const HostErrorBody = z.object({ code: z.string().min(1).max(32), message: z.string().max(4000) });
export type HostErrorBody = z.infer<typeof HostErrorBody>;

export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** What the renderer may call. Implementations validate what they receive. */
export interface HostApi {
  info(): Promise<HostInfo>;
  loadKernel(): Promise<KernelImage>;
  log(req: LogRequest): Promise<void>;
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(cb: (ev: HostEvent) => void): () => void;

  listSessions(): Promise<SessionSummary[]>;
  saveSession(req: SaveSessionRequest): Promise<SessionSummary>;
  loadSession(req: LoadSessionRequest): Promise<LoadedSession>;
  renameSession(id: number, name: string): Promise<SessionSummary>;
  deleteSession(id: number): Promise<void>;

  listImages(): Promise<ImageSummary[]>;
  /** Stores `data` as a disk image, calling onProgress as the host stores it. */
  importImage(data: Blob, name: string, onProgress?: (bytes: number, total: number) => void): Promise<ImageSummary>;
  readImage(id: number): Promise<Uint8Array>;
  renameImage(id: number, name: string): Promise<ImageSummary>;
  deleteImage(id: number): Promise<void>;
  /** Writes the image out as a file (a download in the browser, a save dialog in the desktop app). */
  exportImage(id: number): Promise<void>;

  getSettings(): Promise<Settings>;
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void>;
}

/** HTTP routes (web edition). */
export const HTTP = {
  info: '/api/info',
  kernel: '/api/kernel',
  log: '/api/log',
  events: '/api/events',
  /** GET: list (JSON, thumbnails base64); POST: save (a frame, see encodeFrame). */
  sessions: '/api/sessions',
  /** POST JSON LoadSessionRequest → a frame: meta SessionSummary, parts state (+ disk). */
  sessionLoad: '/api/sessions/load',
  /** GET list; POST ?name=&importId= with the image as application/octet-stream. */
  images: '/api/images',
  settings: '/api/settings',
} as const;
/** /api/sessions/ID (PATCH {name}, DELETE), /api/images/ID (PATCH, DELETE), /api/images/ID/bytes, /api/images/ID/file. */
export const ITEM_ROUTE = /^\/api\/(sessions|images|settings)\/([A-Za-z0-9]{1,32})(?:\/(bytes|file))?$/;

// ---- a frame: one JSON header and named binary parts in one body (web edition)

const FRAME_MAGIC = 0x3146534d; // "MSF1"
const MAX_FRAME_HEADER = 1 << 20;
const FrameHeader = z.strictObject({
  meta: z.unknown(),
  parts: z.array(z.strictObject({ name: z.string().regex(/^[a-z0-9]{1,16}$/), length: z.number().int().nonnegative() })).max(8),
});

/** Packs JSON `meta` and byte parts as: magic, u32 header length, header JSON, the parts in order. */
export function encodeFrame(meta: unknown, parts: Record<string, Uint8Array | undefined | null>): Uint8Array {
  const list = Object.entries(parts).filter((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array);
  const header = new TextEncoder().encode(JSON.stringify({ meta, parts: list.map(([name, b]) => ({ name, length: b.length })) }));
  const out = new Uint8Array(8 + header.length + list.reduce((n, [, b]) => n + b.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let off = 8 + header.length;
  for (const [, b] of list) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}

/** Unpacks a frame; throws one line on anything malformed (the parts are views into `buf`). */
export function decodeFrame(buf: Uint8Array, what = 'request body'): { meta: unknown; parts: Record<string, Uint8Array> } {
  const bad = (why: string) => new HostError('invalid-input', `malformed ${what}: ${why}`);
  if (buf.length < 8) throw bad('too short');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw bad('wrong magic');
  const len = view.getUint32(4, true);
  if (len > MAX_FRAME_HEADER || 8 + len > buf.length) throw bad('header length out of range');
  let header: z.infer<typeof FrameHeader>;
  try {
    header = FrameHeader.parse(JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + len))));
  } catch {
    throw bad('header is not valid JSON of the expected shape');
  }
  const parts: Record<string, Uint8Array> = {};
  let off = 8 + len;
  for (const p of header.parts) {
    if (off + p.length > buf.length) throw bad(`part '${p.name}' runs past the end`);
    if (Object.hasOwn(parts, p.name)) throw bad(`part '${p.name}' appears twice`);
    parts[p.name] = buf.subarray(off, off + p.length);
    off += p.length;
  }
  if (off !== buf.length) throw bad('trailing bytes');
  return { meta: header.meta, parts };
}

/** Bytes as base64 and back (thumbnails inside JSON), in any JavaScript runtime. */
export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}
export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Header names carrying the kernel's metadata next to its bytes over HTTP. */
export const KERNEL_HEADERS = { name: 'x-kernel-name', mtime: 'x-kernel-mtime' } as const;

/** Parses `value` with `schema`, throwing one readable line on failure. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new HostError('invalid-input', `invalid ${what}${where}: ${issue?.message ?? 'bad value'}`);
  }
  return r.data;
}

