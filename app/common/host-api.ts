/*
 * The host API: everything the renderer may ask of the program hosting it.
 * Two editions implement it — Electron (IPC through the preload's
 * contextBridge) and the web edition (HTTP + a WebSocket for pushed events) —
 * and the renderer cannot tell which it got. Every message crossing the
 * boundary is checked against these zod schemas on the side that receives it.
 * This file runs anywhere: no DOM, no Node.
 */
import { z } from 'zod';

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
]);
export type HostEvent = z.infer<typeof HostEvent>;

/** What the renderer may call. Implementations validate what they receive. */
export interface HostApi {
  info(): Promise<HostInfo>;
  loadKernel(): Promise<KernelImage>;
  log(req: LogRequest): Promise<void>;
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(cb: (ev: HostEvent) => void): () => void;
}

/** HTTP routes (web edition). */
export const HTTP = {
  info: '/api/info',
  kernel: '/api/kernel',
  log: '/api/log',
  events: '/api/events',
} as const;

/** Header names carrying the kernel's metadata next to its bytes over HTTP. */
export const KERNEL_HEADERS = { name: 'x-kernel-name', mtime: 'x-kernel-mtime' } as const;

/** Parses `value` with `schema`, throwing one readable line on failure. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(`invalid ${what}${where}: ${issue?.message ?? 'bad value'}`);
  }
  return r.data;
}

