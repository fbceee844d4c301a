/*
 * The web edition's server: serves the built renderer and implements the host
 * API over HTTP (requests) and a WebSocket (pushed events). It listens on
 * 127.0.0.1 only, answers only requests whose Host (and Origin, when sent)
 * name that address, so another site in the user's browser cannot drive it.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { WebSocketServer, type WebSocket } from 'ws';
import { CSP } from '../common/csp.ts';
import {
  HTTP, ITEM_ROUTE, KERNEL_HEADERS, LIMITS, LogRequest, MAX_KERNEL_BYTES, MAX_SESSION_BODY, HostError,
  decodeFrame, encodeFrame, toBase64, type HostEvent, type HostInfo, type KernelMeta,
} from '../common/host-api.ts';
import { Store, defaultDbPath } from '../../storage/index.ts';
import { StoreService, httpStatus, toErrorBody } from '../node/store-service.ts';

export interface StudioServerOptions {
  /** The built renderer (vite output with index.html). */
  rendererDir: string;
  /** The default kernel, served at /api/kernel. */
  kernelPath: string;
  appVersion?: string;
  port?: number;
  /** Called for each renderer log line (default: console). */
  onLog?: (req: LogRequest) => void;
  /** How often to look at the kernel file for a rebuild, ms (0: never). */
  watchKernelMs?: number;
  /** The studio database (default: $MINIOS_DB, else the user's data folder). Opened once, closed by close(). */
  dbPath?: string;
}

export interface StudioServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
const MAX_LOG_BODY = 16 << 10;

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

/** The file under `root` a URL path names, or null when it would escape root. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const abs = path.resolve(root, rel);
  const base = path.resolve(root);
  return abs === base || abs.startsWith(base + path.sep) ? abs : null;
}

/** True when a Host or Origin header names this server (guards against DNS rebinding and other sites). */
export function allowedHost(value: string | undefined, port: number, isOrigin = false): boolean {
  if (value === undefined) return isOrigin; // HTTP/1.1 always sends Host; Origin is optional
  const names = [`${HOST}:${port}`, `localhost:${port}`];
  const v = isOrigin ? value.replace(/^http:\/\//, '') : value;
  return names.includes(v);
}

export function kernelMeta(kernelPath: string): KernelMeta | null {
  try {
    const st = fs.statSync(kernelPath);
    if (!st.isFile() || st.size === 0 || st.size > MAX_KERNEL_BYTES) return null;
    return { name: path.basename(kernelPath), size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  } catch {
    return null;
  }
}

function send(res: http.ServerResponse, status: number, body: string | Uint8Array, type: string, extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json');
}

class BodyTooLarge extends Error {}

function readBytes(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume(); // drain so the answer can still be sent
      return reject(new BodyTooLarge(`body larger than ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge(`body larger than ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume(); // drain the rest so the answer can still be sent
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return (await readBytes(req, limit)).toString('utf8');
}

/** A JSON request body (at most 64 KiB), or a HostError saying what is wrong with it. */
async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req, 64 << 10).catch((e) => {
    throw e instanceof BodyTooLarge ? new HostError('too-large', 'request body is larger than 64 KiB') : e;
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new HostError('invalid-input', 'request body is not JSON');
  }
}

const sendError = (res: http.ServerResponse, e: unknown) => {
  const body = toErrorBody(e);
  sendJson(res, httpStatus(body.code), { error: body.message, code: body.code });
};

export async function startStudioServer(opts: StudioServerOptions): Promise<StudioServer> {
  const onLog = opts.onLog ?? ((r: LogRequest) => console[r.level === 'info' ? 'log' : r.level](`[renderer] ${r.message}`));
  let port = opts.port ?? 0;
  const dbPath = opts.dbPath ?? process.env.MINIOS_DB ?? defaultDbPath();
  // A database that cannot be opened must not keep the studio from starting: storage calls report it.
  let service: StoreService | null = null;
  let storeProblem = '';
  try {
    service = new StoreService(Store.open(dbPath));
  } catch (e) {
    storeProblem = `${toErrorBody(e).message} (sessions and disk images are unavailable)`;
    console.error(`[studio] ${storeProblem}`);
  }
  const info = (): HostInfo => ({
    edition: 'web',
    appVersion: opts.appVersion ?? '0.0.0',
    platform: process.platform,
    kernelPath: opts.kernelPath,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host, port) || !allowedHost(req.headers.origin, port, true)) {
      return send(res, 403, 'forbidden host or origin\n', 'text/plain');
    }
    const url = req.url ?? '/';
    const route = url.split('?')[0];
    if (route === HTTP.info && req.method === 'GET') return sendJson(res, 200, info());
    if (route === HTTP.kernel && req.method === 'GET') {
      const meta = kernelMeta(opts.kernelPath);
      if (!meta) return sendJson(res, 404, { error: `kernel not found at ${opts.kernelPath} (run: make -C kernel)` });
      const bytes = fs.readFileSync(opts.kernelPath);
      return send(res, 200, bytes, 'application/octet-stream', {
        [KERNEL_HEADERS.name]: meta.name,
        [KERNEL_HEADERS.mtime]: String(meta.mtimeMs),
      });
    }
    if (route === HTTP.log && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, MAX_LOG_BODY));
      } catch (e) {
        return sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { error: e instanceof Error ? e.message : 'bad body' });
      }
      const parsed = LogRequest.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues[0]?.message ?? 'invalid' });
      onLog(parsed.data);
      return sendJson(res, 200, { ok: true });
    }
    if (route.startsWith('/api/sessions') || route.startsWith('/api/images') || route.startsWith('/api/settings')) {
      try {
        if (!service) throw new HostError('io', storeProblem);
        return await handleStorage(service, req, res, route, new URL(url, 'http://x').searchParams);
      } catch (e) {
        if (e instanceof BodyTooLarge) return sendJson(res, 413, { error: `request body is larger than the ${Math.round(MAX_SESSION_BODY / (1 << 20))} MiB limit`, code: 'too-large' });
        return sendError(res, e);
      }
    }
    if (route.startsWith('/api/')) return sendJson(res, 404, { error: 'no such API' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', 'text/plain');

    const file = resolveStatic(opts.rendererDir, route);
    if (!file) return send(res, 400, 'bad path\n', 'text/plain');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return send(res, 404, 'not found\n', 'text/plain');
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const extra: http.OutgoingHttpHeaders = type.startsWith('text/html')
      ? { 'content-security-policy': CSP, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' }
      : {};
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, ...extra });
      return void res.end();
    }
    send(res, 200, bytes, type, extra);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const ok = (req.url ?? '').split('?')[0] === HTTP.events
      && allowedHost(req.headers.host, port) && allowedHost(req.headers.origin, port, true);
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', () => ws.close(1008, 'this channel only pushes')); // nothing is accepted from the page here
    });
  });
  async function handleStorage(svc: StoreService, req: http.IncomingMessage, res: http.ServerResponse, route: string, q: URLSearchParams): Promise<void> {
    const m = req.method;
    if (route === HTTP.sessions && m === 'GET') {
      return sendJson(res, 200, svc.listSessions().map((s) => ({ ...s, thumbnail: s.thumbnail ? toBase64(s.thumbnail) : null })));
    }
    if (route === HTTP.sessions && m === 'POST') {
      const { meta, parts } = decodeFrame(await readBytes(req, MAX_SESSION_BODY));
      const fields = (typeof meta === 'object' && meta !== null ? meta : {}) as Record<string, unknown>;
      const { diskImageId, ...rest } = fields;
      const saved = await svc.saveSession({
        ...rest,
        state: parts.state,
        ...(parts.thumbnail ? { thumbnail: parts.thumbnail } : {}),
        ...(diskImageId !== undefined || parts.disk ? { disk: { imageId: diskImageId, bytes: parts.disk } } : {}),
      });
      return sendJson(res, 200, { ...saved, thumbnail: saved.thumbnail ? toBase64(saved.thumbnail) : null });
    }
    if (route === HTTP.sessionLoad && m === 'POST') {
      const s = await svc.loadSession(await readJson(req));
      return send(res, 200, encodeFrame({ ...s.info, thumbnail: null }, { state: s.state, disk: s.disk }), 'application/octet-stream');
    }
    if (route === HTTP.images && m === 'GET') return sendJson(res, 200, svc.listImages());
    if (route === HTTP.images && m === 'POST') {
      if (req.headers['content-length'] === undefined) return sendJson(res, 411, { error: 'an image upload needs a Content-Length', code: 'invalid-input' });
      const size = Number(req.headers['content-length']);
      if (size > LIMITS.imageBytes) {
        req.resume();
        return sendJson(res, 413, { error: `a disk image is at most ${LIMITS.imageBytes / (1 << 30)} GiB`, code: 'too-large' });
      }
      const start = svc.checkImport({ name: q.get('name') ?? '', size, importId: q.get('importId') ?? '' });
      const info = await svc.importImage(start, req, (bytes, total) => broadcast({ type: 'import-progress', importId: start.importId, bytes, total }));
      return sendJson(res, 200, info);
    }
    if (route === HTTP.settings && m === 'GET') return sendJson(res, 200, svc.settings());
    const item = ITEM_ROUTE.exec(route);
    if (!item) return sendJson(res, 404, { error: 'no such API', code: 'not-found' });
    const [, kind, key, sub] = item;
    const id = /^\d+$/.test(key) ? Number(key) : key;
    if (kind === 'settings' && !sub && m === 'PUT') {
      const body = (await readJson(req)) as { value?: unknown } | null;
      await svc.setSetting({ key, value: body?.value });
      return sendJson(res, 200, { ok: true });
    }
    if (kind === 'sessions' && !sub) {
      if (m === 'PATCH') {
        const s = await svc.renameSession({ id, name: ((await readJson(req)) as { name?: unknown } | null)?.name });
        return sendJson(res, 200, { ...s, thumbnail: s.thumbnail ? toBase64(s.thumbnail) : null });
      }
      if (m === 'DELETE') return void (await svc.deleteSession({ id }), sendJson(res, 200, { ok: true }));
    }
    if (kind === 'images') {
      if (!sub && m === 'PATCH') return sendJson(res, 200, await svc.renameImage({ id, name: ((await readJson(req)) as { name?: unknown } | null)?.name }));
      if (!sub && m === 'DELETE') return void (await svc.deleteImage({ id }), sendJson(res, 200, { ok: true }));
      if (sub === 'bytes' && m === 'GET') return send(res, 200, svc.readImage({ id }), 'application/octet-stream');
      if (sub === 'file' && m === 'GET') return sendImageFile(svc, id, res);
    }
    return sendJson(res, 405, { error: `${m} is not allowed on ${route}`, code: 'invalid-input' });
  }

  /** The image as a download: exported byte-identical to a temp file, then streamed and removed. */
  async function sendImageFile(svc: StoreService, id: unknown, res: http.ServerResponse): Promise<void> {
    const info = svc.imageInfo({ id });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minios-export-'));
    const file = path.join(dir, 'image');
    try {
      await svc.exportImage({ id }, file);
      const ascii = info.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': info.size,
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(info.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      await new Promise<void>((resolve, reject) => {
        const rs = fs.createReadStream(file);
        rs.on('error', reject);
        res.on('close', () => resolve());
        rs.pipe(res);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const broadcast = (ev: HostEvent) => {
    const text = JSON.stringify(ev);
    for (const ws of clients) ws.send(text);
  };

  let watching = false;
  const watchMs = opts.watchKernelMs ?? 1000;
  if (watchMs > 0) {
    watching = true;
    fs.watchFile(opts.kernelPath, { interval: watchMs }, (cur, prev) => {
      if (cur.mtimeMs === prev.mtimeMs) return;
      const meta = kernelMeta(opts.kernelPath);
      if (meta) broadcast({ type: 'kernel-changed', kernel: meta });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: async () => {
      if (watching) fs.unwatchFile(opts.kernelPath);
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service?.store.close();
    },
  };
}
