import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { WebSocket } from 'ws';
import { HostEvent, HostInfo, KernelImage, LogRequest, parseOrThrow, HTTP, IPC } from './common/host-api.ts';
import { CSP, CSP_DIRECTIVES } from './common/csp.ts';
import {
  allowedOrigins, appFileFor, permissionDecision, securityHeaders, shouldBlockNavigation,
  webPreferences, windowOpenHandler, windowOptions, APP_ORIGIN,
} from './electron-main/security.ts';
import { createIpcHandlers, type IpcDeps } from './electron-main/ipc.ts';
import { allowedHost, resolveStatic, startStudioServer, type StudioServer } from './web/server.ts';

describe('host API schemas', () => {
  it('accept what the hosts send and reject what they must not', () => {
    expect(HostInfo.safeParse({ edition: 'web', appVersion: '1', platform: 'linux', kernelPath: '/k' }).success).toBe(true);
    expect(HostInfo.safeParse({ edition: 'mac', appVersion: '1', platform: 'linux', kernelPath: '/k' }).success).toBe(false);
    const bytes = new Uint8Array(8);
    expect(KernelImage.safeParse({ name: 'k', size: 8, mtimeMs: 1, bytes }).success).toBe(true);
    expect(KernelImage.safeParse({ name: 'k', size: 9, mtimeMs: 1, bytes }).success).toBe(false); // size lies
    expect(KernelImage.safeParse({ name: 'k', size: 8, mtimeMs: 1, bytes: [1, 2] }).success).toBe(false);
    expect(LogRequest.safeParse({ level: 'error', message: 'x'.repeat(4001) }).success).toBe(false);
    expect(LogRequest.safeParse({ level: 'debug', message: 'x' }).success).toBe(false);
    expect(HostEvent.safeParse({ type: 'kernel-changed', kernel: { name: 'minios.elf', size: 10, mtimeMs: 5 } }).success).toBe(true);
    expect(HostEvent.safeParse({ type: 'run-this', code: 'rm -rf /' }).success).toBe(false);
  });
  it('parseOrThrow names what was wrong in one line', () => {
    expect(() => parseOrThrow(LogRequest, { level: 'info', message: 42 }, 'log request')).toThrow(/^invalid log request at message: /);
  });
});

describe('Electron main security settings', () => {
  it('isolates, sandboxes and keeps Node out of every window', () => {
    const wp = windowOptions('/p/preload.cjs').webPreferences;
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/p/preload.cjs' });
    expect(webPreferences('x')).toEqual(wp.preload === 'x' ? wp : webPreferences('x'));
  });
  it('has a strict CSP that allows only what v86 and xterm need', () => {
    expect(CSP_DIRECTIVES['default-src']).toBe("'none'");
    expect(CSP_DIRECTIVES['script-src']).toBe("'self' 'wasm-unsafe-eval'");
    expect(CSP).not.toMatch(/'unsafe-eval'|https?:|\*/);
    expect(securityHeaders()['Content-Security-Policy']).toBe(CSP);
  });
  it('denies navigation away from the app, new windows and permission requests', () => {
    const origins = allowedOrigins();
    expect(shouldBlockNavigation(`${APP_ORIGIN}/index.html`, origins)).toBe(false);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/x', 'javascript:alert(1)', 'not a url']) {
      expect(shouldBlockNavigation(url, origins), url).toBe(true);
    }
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial']) expect(permissionDecision(p), p).toBe(false);
  });
  it('trusts a dev server only on loopback', () => {
    expect(allowedOrigins('http://127.0.0.1:5173/')).toContain('http://127.0.0.1:5173');
    expect(allowedOrigins('http://evil.example:5173/')).toEqual([APP_ORIGIN]);
  });
  it('serves app:// only from the renderer directory', () => {
    expect(appFileFor('app://studio/', '/r')).toBe(path.resolve('/r/index.html'));
    expect(appFileFor('app://studio/assets/a.js', '/r')).toBe(path.resolve('/r/assets/a.js'));
    expect(appFileFor('app://studio/..%2f..%2fetc%2fpasswd', '/r')).toBeNull();
    expect(appFileFor('app://studio/%00', '/r')).toBeNull();
    expect(appFileFor('app://other/index.html', '/r')).toBeNull();
    expect(appFileFor('file:///r/index.html', '/r')).toBeNull();
  });
});

describe('Electron IPC handlers', () => {
  const logs: LogRequest[] = [];
  const deps: IpcDeps = {
    origins: allowedOrigins(), appVersion: '1.2.3', platform: 'linux', kernelPath: '/k/minios.elf',
    readKernel: () => ({ bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), mtimeMs: 12.7, name: 'minios.elf' }),
    log: (r) => logs.push(r),
  };
  const h = createIpcHandlers(deps);
  const app = `${APP_ORIGIN}/index.html`;
  it('answers the app with values that pass the renderer-side schemas', async () => {
    expect(HostInfo.parse(await h[IPC.info](app, []))).toMatchObject({ edition: 'electron', appVersion: '1.2.3' });
    expect(KernelImage.parse(await h[IPC.kernel](app, []))).toMatchObject({ name: 'minios.elf', size: 4, mtimeMs: 12 });
    await h[IPC.log](app, [{ level: 'warn', message: 'hello' }]);
    expect(logs).toEqual([{ level: 'warn', message: 'hello' }]);
  });
  it('refuses other senders, extra arguments and invalid messages', async () => {
    await expect(h[IPC.info]('https://evil.example/', [])).rejects.toThrow(/refused/);
    await expect(h[IPC.kernel](app, ['../../etc/passwd'])).rejects.toThrow(/expected 0 argument/);
    await expect(h[IPC.log](app, [{ level: 'info', message: '' }])).rejects.toThrow();
    await expect(h[IPC.log](app, [{ level: 'info', message: 'x', extra: { __proto__: 1 } }, 2])).rejects.toThrow(/expected 1/);
    expect(logs).toHaveLength(1);
  });
});

describe('web edition server', () => {
  let dir: string;
  let server: StudioServer;
  const logs: LogRequest[] = [];
  const get = (p: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-'));
    fs.mkdirSync(path.join(dir, 'r', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'r', 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(dir, 'r', 'assets', 'v86.wasm'), Buffer.from([0, 97, 115, 109]));
    fs.writeFileSync(path.join(dir, 'r', 'assets', 'x.mjs'), 'export {}');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'no');
    fs.writeFileSync(path.join(dir, 'minios.elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1]));
    server = await startStudioServer({ rendererDir: path.join(dir, 'r'), kernelPath: path.join(dir, 'minios.elf'), port: 0, onLog: (r) => logs.push(r), watchKernelMs: 50, dbPath: path.join(dir, 'studio.db') });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and serves the renderer with its CSP and the right types', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CSP);
    expect((await get('/assets/v86.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get('/assets/x.mjs')).headers['content-type']).toMatch(/^text\/javascript/);
  });
  it('serves the kernel with its metadata, and host info that passes the schema', async () => {
    const k = await get(HTTP.kernel);
    expect([...k.body]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1]);
    expect(k.headers['x-kernel-name']).toBe('minios.elf');
    expect(HostInfo.parse(JSON.parse((await get(HTTP.info)).body.toString())).edition).toBe('web');
  });
  it('refuses foreign hosts and origins (DNS rebinding, other sites) and paths outside the renderer', async () => {
    expect((await get('/', { host: 'evil.example' })).status).toBe(403);
    expect((await get(HTTP.kernel, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await get('/..%2fsecret.txt')).status).toBe(400);
    expect((await get('/nope.js')).status).toBe(404);
    expect(resolveStatic('/r', '/../x')).toBeNull();
    expect(resolveStatic('/r', '/a/b.js')).toBe(path.resolve('/r/a/b.js'));
    expect(allowedHost('localhost:80', 80)).toBe(true);
    expect(allowedHost(undefined, 80)).toBe(false);
    expect(allowedHost(undefined, 80, true)).toBe(true);
  });
  it('validates log requests', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await get(HTTP.log, json, 'POST', JSON.stringify({ level: 'info', message: 'hi' }))).status).toBe(200);
    expect((await get(HTTP.log, json, 'POST', JSON.stringify({ level: 'shout', message: 'hi' }))).status).toBe(400);
    expect((await get(HTTP.log, json, 'POST', '{bad json')).status).toBe(400);
    expect((await get(HTTP.log, json, 'POST', JSON.stringify({ level: 'info', message: 'x'.repeat(20_000) }))).status).toBe(413);
    expect(logs).toEqual([{ level: 'info', message: 'hi' }]);
  });
  it('pushes kernel-changed over the WebSocket, and refuses a socket from another origin', async () => {
    const bad = new WebSocket(`ws://127.0.0.1:${server.port}${HTTP.events}`, { origin: 'https://evil.example' });
    await expect(new Promise((resolve, reject) => { bad.on('open', resolve); bad.on('error', reject); })).rejects.toThrow(/403/);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${HTTP.events}`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((resolve) => ws.on('open', resolve));
    const msg = new Promise<string>((resolve) => ws.on('message', (d) => resolve(String(d))));
    await new Promise((r) => setTimeout(r, 120));
    fs.writeFileSync(path.join(dir, 'minios.elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2]));
    const ev = HostEvent.parse(JSON.parse(await msg));
    expect(ev).toMatchObject({ type: 'kernel-changed', kernel: { name: 'minios.elf', size: 6 } });
    ws.close();
  });
});
