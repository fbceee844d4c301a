/* The host API over the Electron preload's bridge. Main validates requests; this side validates answers. */
import {
  HostError, HostErrorBody, HostEvent, HostInfo, ImageSummary, KernelImage, LIMITS, LoadSessionRequest, LogRequest, SaveSessionRequest, SessionSummary, Settings,
  parseOrThrow, type HostApi, type LoadedSession, type PreloadBridge, type SettingKey,
} from '../../app/common/host-api.ts';
import type { StorageCall } from '../../app/common/channels.ts';
import { z } from 'zod';

const Envelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: HostErrorBody })]);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
const Loaded = z.object({ info: SessionSummary, state: Bytes, disk: Bytes.nullable() });
let importSeq = 0;

export class ElectronHost implements HostApi {
  invalidMessages = 0;

  constructor(private readonly bridge: PreloadBridge) {}

  async info(): Promise<HostInfo> {
    return parseOrThrow(HostInfo, await this.bridge.info(), 'host info');
  }

  async loadKernel(): Promise<KernelImage> {
    return parseOrThrow(KernelImage, await this.bridge.loadKernel(), 'kernel image');
  }

  async log(req: LogRequest): Promise<void> {
    await this.bridge.log(parseOrThrow(LogRequest, req, 'log request'));
  }

  /** Calls a storage channel and unwraps its envelope: the value, or the host's error as a HostError. */
  private async call(call: StorageCall, ...args: unknown[]): Promise<unknown> {
    const env = parseOrThrow(Envelope, await this.bridge.storage[call](...args), `${call} answer`);
    if (!env.ok) throw new HostError(env.error.code, env.error.message);
    return env.value;
  }

  async listSessions(): Promise<SessionSummary[]> {
    return parseOrThrow(z.array(SessionSummary), await this.call('listSessions'), 'session list');
  }
  async saveSession(req: SaveSessionRequest): Promise<SessionSummary> {
    return parseOrThrow(SessionSummary, await this.call('saveSession', parseOrThrow(SaveSessionRequest, req, 'session')), 'session');
  }
  async loadSession(req: LoadSessionRequest): Promise<LoadedSession> {
    return parseOrThrow(Loaded, await this.call('loadSession', parseOrThrow(LoadSessionRequest, req, 'restore request')), 'session');
  }
  async renameSession(id: number, name: string): Promise<SessionSummary> {
    return parseOrThrow(SessionSummary, await this.call('renameSession', { id, name }), 'session');
  }
  async deleteSession(id: number): Promise<void> {
    await this.call('deleteSession', { id });
  }
  async listImages(): Promise<ImageSummary[]> {
    return parseOrThrow(z.array(ImageSummary), await this.call('listImages'), 'image list');
  }
  /** Sends the file in 8 MiB pieces (IPC cannot stream a File); main stores them as they come. */
  async importImage(data: Blob, name: string, onProgress?: (bytes: number, total: number) => void): Promise<ImageSummary> {
    const importId = `i${Date.now().toString(36)}${(importSeq++).toString(36)}`;
    const off = onProgress ? this.onEvent((ev) => ev.type === 'import-progress' && ev.importId === importId && onProgress(ev.bytes, ev.total ?? data.size)) : () => {};
    try {
      await this.call('importBegin', { name, size: data.size, importId });
      try {
        for (let at = 0; at < data.size; at += LIMITS.importChunkBytes) {
          await this.call('importChunk', importId, new Uint8Array(await data.slice(at, at + LIMITS.importChunkBytes).arrayBuffer()));
        }
      } catch (e) {
        await this.call('importAbort', importId).catch(() => {});
        throw e;
      }
      return parseOrThrow(ImageSummary, await this.call('importEnd', importId), 'image');
    } finally {
      off();
    }
  }
  async readImage(id: number): Promise<Uint8Array> {
    return parseOrThrow(Bytes, await this.call('readImage', { id }), 'image bytes');
  }
  async renameImage(id: number, name: string): Promise<ImageSummary> {
    return parseOrThrow(ImageSummary, await this.call('renameImage', { id, name }), 'image');
  }
  async deleteImage(id: number): Promise<void> {
    await this.call('deleteImage', { id });
  }
  async exportImage(id: number): Promise<void> {
    await this.call('exportImage', { id });
  }
  async getSettings(): Promise<Settings> {
    return parseOrThrow(Settings, await this.call('getSettings'), 'settings');
  }
  async setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    await this.call('setSetting', { key, value });
  }

  onEvent(cb: (ev: HostEvent) => void): () => void {
    return this.bridge.onEvent((raw) => {
      const r = HostEvent.safeParse(raw);
      if (r.success) cb(r.data);
      else this.invalidMessages++;
    });
  }
}
