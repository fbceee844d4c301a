/* The host API over HTTP and a WebSocket (web edition). Every answer is validated. */
import {
  HostEvent, HostInfo, HTTP, KERNEL_HEADERS, KernelImage, LogRequest, parseOrThrow, type HostApi,
} from '../../app/common/host-api.ts';

async function ok(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') detail = body.error;
  } catch {
    /* not JSON */
  }
  throw new Error(`${what}: ${detail}`);
}

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
