/*
 * The web edition's server: serves the built renderer and implements the host
 * API over HTTP (requests) and a WebSocket (pushed events). It listens on
 * 127.0.0.1 only, answers only requests whose Host (and Origin, when sent)
 * name that address, so another site in the user's browser cannot drive it.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { CSP } from '../common/csp.ts';
import {
  HTTP, KERNEL_HEADERS, LogRequest, MAX_KERNEL_BYTES, type HostEvent, type HostInfo, type KernelMeta,
} from '../common/host-api.ts';

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

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startStudioServer(opts: StudioServerOptions): Promise<StudioServer> {
  const onLog = opts.onLog ?? ((r: LogRequest) => console[r.level === 'info' ? 'log' : r.level](`[renderer] ${r.message}`));
  let port = opts.port ?? 0;
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
    },
  };
}
