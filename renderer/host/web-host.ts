/* The host API over HTTP and a WebSocket (web edition). Every answer is validated. */
import {
  HostError, HostEvent, HostInfo, HTTP, ImageSummary, KERNEL_HEADERS, KernelImage, LogRequest, SaveSessionRequest, SessionSummary, Settings,
  LoadSessionRequest, decodeFrame, encodeFrame, fromBase64, parseOrThrow,
  type HostApi, type LoadedSession, type SettingKey,
} from '../../app/common/host-api.ts';
import { z } from 'zod';

/** The response when it is a success; else a HostError with the host's code and message. */
async function ok(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  let detail = `${res.status} ${res.statusText}`;
  let code = res.status === 413 ? 'too-large' : 'host';
  try {
    const body = (await res.json()) as { error?: unknown; code?: unknown };
    if (typeof body.error === 'string') detail = body.error;
    if (typeof body.code === 'string') code = body.code;
  } catch {
    /* not JSON */
  }
  throw new HostError(code, code === 'host' ? `${what}: ${detail}` : detail);
}

/** Sessions arrive as JSON with the thumbnail in base64. */
function sessionFromJson(v: unknown): SessionSummary {
  const o = v as { thumbnail?: unknown } | null;
  const thumbnail = typeof o?.thumbnail === 'string' ? fromBase64(o.thumbnail) : null;
  return parseOrThrow(SessionSummary, { ...(o ?? {}), thumbnail }, 'session');
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
let importSeq = 0;

export class WebHost implements HostApi {
  private listeners = new Set<(ev: HostEvent) => void>();
  private socket: WebSocket | null = null;
  private retryMs = 500;
  /** Messages from the host that failed validation (never silent). */
  invalidMessages = 0;

  constructor(private readonly base = '') {}

  async info(): Promise<HostInfo> {
    const res = await ok(await fetch(this.base + HTTP.info), 'host info');
    return parseOrThrow(HostInfo, await res.json(), 'host info');
  }

  async loadKernel(): Promise<KernelImage> {
    const res = await ok(await fetch(this.base + HTTP.kernel, { cache: 'no-store' }), 'kernel');
    const bytes = new Uint8Array(await res.arrayBuffer());
    return parseOrThrow(KernelImage, {
      name: res.headers.get(KERNEL_HEADERS.name) ?? 'minios.elf',
      size: bytes.length,
      mtimeMs: Number(res.headers.get(KERNEL_HEADERS.mtime) ?? 0),
      bytes,
    }, 'kernel image');
  }

  async log(req: LogRequest): Promise<void> {
    const body = parseOrThrow(LogRequest, req, 'log request');
    await ok(await fetch(this.base + HTTP.log, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), 'log');
  }

  private async call(path: string, what: string, init?: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, { cache: 'no-store', ...init });
    } catch (e) {
      throw new HostError('unreachable', `${what}: the studio server does not answer (${e instanceof Error ? e.message : String(e)})`);
    }
    return ok(res, what);
  }

  async listSessions(): Promise<SessionSummary[]> {
    const list = await (await this.call(HTTP.sessions, 'list sessions')).json();
    return Array.isArray(list) ? list.map(sessionFromJson) : [];
  }

  async saveSession(req: SaveSessionRequest): Promise<SessionSummary> {
    const r = parseOrThrow(SaveSessionRequest, req, 'session');
    const { state, thumbnail, disk, ...meta } = r;
    const body = encodeFrame({ ...meta, ...(disk ? { diskImageId: disk.imageId } : {}) }, { state, thumbnail, disk: disk?.bytes });
    const res = await this.call(HTTP.sessions, 'save session', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: body as Uint8Array<ArrayBuffer> });
    return sessionFromJson(await res.json());
  }

  async loadSession(req: LoadSessionRequest): Promise<LoadedSession> {
    const res = await this.call(HTTP.sessionLoad, 'restore session', json('POST', parseOrThrow(LoadSessionRequest, req, 'restore request')));
    const { meta, parts } = decodeFrame(new Uint8Array(await res.arrayBuffer()), 'restore answer');
    if (!parts.state) throw new HostError('corrupt', 'restore session: the host sent no machine state');
    return { info: parseOrThrow(SessionSummary, meta, 'session'), state: parts.state, disk: parts.disk ?? null };
  }

  async renameSession(id: number, name: string): Promise<SessionSummary> {
    return sessionFromJson(await (await this.call(`${HTTP.sessions}/${id}`, 'rename session', json('PATCH', { name }))).json());
  }

  async deleteSession(id: number): Promise<void> {
    await this.call(`${HTTP.sessions}/${id}`, 'delete session', { method: 'DELETE' });
  }

  async listImages(): Promise<ImageSummary[]> {
    return parseOrThrow(z.array(ImageSummary), await (await this.call(HTTP.images, 'list images')).json(), 'image list');
  }

  async importImage(data: Blob, name: string, onProgress?: (bytes: number, total: number) => void): Promise<ImageSummary> {
    const importId = `i${Date.now().toString(36)}${(importSeq++).toString(36)}`;
    const off = onProgress ? this.onEvent((ev) => ev.type === 'import-progress' && ev.importId === importId && onProgress(ev.bytes, ev.total ?? data.size)) : () => {};
    try {
      const q = new URLSearchParams({ name, importId });
      const res = await this.call(`${HTTP.images}?${q}`, `import ${name}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: data });
      return parseOrThrow(ImageSummary, await res.json(), 'image');
    } finally {
      off();
    }
  }

  async readImage(id: number): Promise<Uint8Array> {
    return new Uint8Array(await (await this.call(`${HTTP.images}/${id}/bytes`, 'read image')).arrayBuffer());
  }

  async renameImage(id: number, name: string): Promise<ImageSummary> {
    return parseOrThrow(ImageSummary, await (await this.call(`${HTTP.images}/${id}`, 'rename image', json('PATCH', { name }))).json(), 'image');
  }

  async deleteImage(id: number): Promise<void> {
    await this.call(`${HTTP.images}/${id}`, 'delete image', { method: 'DELETE' });
  }

  async exportImage(id: number): Promise<void> {
    const a = document.createElement('a');
    a.href = `${this.base}${HTTP.images}/${id}/file`;
    a.download = '';
    a.click();
  }

  async getSettings(): Promise<Settings> {
    return parseOrThrow(Settings, await (await this.call(HTTP.settings, 'read settings')).json(), 'settings');
  }

  async setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    await this.call(`${HTTP.settings}/${key}`, 'save setting', json('PUT', { value }));
  }

  onEvent(cb: (ev: HostEvent) => void): () => void {
    this.listeners.add(cb);
    if (!this.socket) this.connect();
    return () => this.listeners.delete(cb);
  }

  private connect(): void {
    const url = new URL(this.base + HTTP.events, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onopen = () => (this.retryMs = 500);
    ws.onmessage = (m) => {
      let parsed: ReturnType<typeof HostEvent.safeParse>;
      try {
        parsed = HostEvent.safeParse(JSON.parse(String(m.data)));
      } catch {
        this.invalidMessages++;
        return;
      }
      if (!parsed.success) {
        this.invalidMessages++;
        return;
      }
      for (const cb of this.listeners) cb(parsed.data);
    };
    ws.onclose = () => {
      this.socket = null;
      if (this.listeners.size === 0) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(10_000, this.retryMs * 2);
    };
  }
}
