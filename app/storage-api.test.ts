/*
 * The storage half of the host API in both hosts: the shared StoreService,
 * the Electron IPC channels (envelopes, arity, origin, chunked imports) and
 * the web server's routes (frames, 413 for oversized bodies, 4xx with
 * { code, error } for bad input), all on real SQLite files in a temp folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { WebSocket } from 'ws';
import {
  HostError, LIMITS, MAX_SESSION_BODY, SaveSessionRequest, decodeFrame, encodeFrame, fromBase64, toBase64, type MachineConfig,
} from './common/host-api.ts';
import { STORAGE_IPC } from './common/channels.ts';
import { createIpcHandlers } from './electron-main/ipc.ts';
import { allowedOrigins, APP_ORIGIN } from './electron-main/security.ts';
import { PushStream, StoreService } from './node/store-service.ts';
import { startStudioServer, type StudioServer } from './web/server.ts';
import { Store } from '../storage/index.ts';
import { V86_VERSION } from '../machine/common/v86-machine.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'minios-hostapi-'));
const config: MachineConfig = { engine: 'v86', engineVersion: V86_VERSION, memoryBytes: 32 << 20, vgaMemoryBytes: 256 << 10, kernelHash: 'a'.repeat(64), cmdline: '' };
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const state = (n = 5000, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * seed) & 0xff);

describe('host API storage schemas and frames', () => {
  it('a frame carries JSON and named parts, and anything malformed is refused in one line', () => {
    const f = encodeFrame({ a: 1 }, { state: Uint8Array.of(1, 2, 3), none: undefined, disk: new Uint8Array(0) });
    const d = decodeFrame(f);
    expect(d.meta).toEqual({ a: 1 });
    expect([...d.parts.state]).toEqual([1, 2, 3]);
    expect(d.parts.disk.length).toBe(0);
    expect(Object.keys(d.parts)).toEqual(['state', 'disk']);
    expect(() => decodeFrame(f.subarray(0, f.length - 1))).toThrow(/malformed request body: part 'disk'|runs past/);
    expect(() => decodeFrame(Uint8Array.of(1, 2, 3))).toThrow(/too short/);
    const wrongMagic = f.slice();
    wrongMagic[0] ^= 1;
    expect(() => decodeFrame(wrongMagic)).toThrow(/wrong magic/);
    expect(() => decodeFrame(new Uint8Array([...f, 9]))).toThrow(/trailing bytes/);
    expect([...fromBase64(toBase64(png))]).toEqual([...png]);
  });
  it('a save request is checked: names, config, empty or oversized state, PNG size', () => {
    const ok = { name: 'x', config, stateFormat: 1, state: state() };
    expect(SaveSessionRequest.safeParse(ok).success).toBe(true);
    expect(SaveSessionRequest.safeParse({ ...ok, name: '' }).success).toBe(false);
    expect(SaveSessionRequest.safeParse({ ...ok, state: new Uint8Array(0) }).success).toBe(false);
    expect(SaveSessionRequest.safeParse({ ...ok, state: [1, 2] }).success).toBe(false);
    expect(SaveSessionRequest.safeParse({ ...ok, config: { ...config, kernelHash: 'nope' } }).success).toBe(false);
    expect(SaveSessionRequest.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    const big = SaveSessionRequest.safeParse({ ...ok, state: new Uint8Array(LIMITS.stateBytes + 1) });
    expect(big.success).toBe(false);
    expect(big.error?.issues[0].message).toMatch(/larger than 64 MiB/);
  });
  it('V86_VERSION is the installed v86', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join('node_modules', 'v86', 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version.split('+')[0]).toBe(V86_VERSION);
  });
});

describe('StoreService (shared by both hosts)', () => {
  let svc: StoreService;
  beforeAll(() => {
    svc = new StoreService(Store.open(path.join(tmp(), 's.db')));
  });
  afterAll(() => svc.store.close());

  it('saves, lists, loads (noting it as recent), renames and deletes sessions', async () => {
    const s = await svc.saveSession({ name: 'one', config, stateFormat: 1, state: state(), thumbnail: png });
    expect(svc.listSessions().map((x) => x.name)).toEqual(['one']);
    expect(svc.settings().recentSessions[0]).toMatchObject({ id: s.id, name: 'one' });
    const l = await svc.loadSession({ id: s.id, expect: { config, stateFormat: 1 } });
    expect([...l.state]).toEqual([...state()]);
    expect(l.disk).toBeNull();
    await expect(svc.loadSession({ id: s.id, expect: { config: { ...config, kernelHash: 'b'.repeat(64) }, stateFormat: 1 } })).rejects.toMatchObject({ code: 'mismatch' });
    expect((await svc.renameSession({ id: s.id, name: 'two' })).name).toBe('two');
    await svc.deleteSession({ id: s.id });
    expect(svc.listSessions()).toEqual([]);
    await expect(svc.deleteSession({ id: s.id })).rejects.toMatchObject({ code: 'not-found' });
  });
  it('refuses bad input with an invalid-input HostError naming the field', async () => {
    await expect(svc.saveSession({ name: 'x', config, stateFormat: 1, state: 'AAAA' })).rejects.toThrow(/invalid session at state/);
    await expect(svc.renameSession({ id: -1, name: 'x' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(svc.setSetting({ key: 'evil', value: 1 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(svc.setSetting({ key: 'theme', value: 'pink' })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(() => svc.checkImport({ name: 'a.img', size: 1000, importId: 'x' })).toThrow(/not a whole number of 512-byte sectors/);
    expect(() => svc.checkImport({ name: 'a.img', size: 0, importId: 'x' })).toThrow(/empty/);
    expect(() => svc.checkImport({ name: 'a.img', size: LIMITS.imageBytes + 512, importId: 'x' })).toThrow(/at most/);
    expect(() => svc.checkImport({ name: 'a.img', size: 512, importId: '../x' })).toThrow(HostError);
  });
  it('an import that delivers fewer bytes than announced stores nothing', async () => {
    const before = svc.listImages().length;
    const s = new PushStream();
    const done = svc.importImage(svc.checkImport({ name: 'short.img', size: 2048, importId: 'a' }), s);
    await s.push(new Uint8Array(1024));
    s.end();
    await expect(done).rejects.toThrow(/stopped after 1024 of 2048 bytes/);
    expect(svc.listImages().length).toBe(before);
  });
});

describe('Electron storage channels', () => {
  let svc: StoreService;
  const events: unknown[] = [];
  let h: ReturnType<typeof createIpcHandlers>;
  const app = `${APP_ORIGIN}/index.html`;
  let exportTo = '';
  beforeAll(() => {
    const dir = tmp();
    exportTo = path.join(dir, 'out.img');
    svc = new StoreService(Store.open(path.join(dir, 'e.db')));
    h = createIpcHandlers({
      origins: allowedOrigins(), appVersion: '1', platform: 'linux', kernelPath: '/k', log: () => {},
      readKernel: () => ({ bytes: new Uint8Array(4), mtimeMs: 0, name: 'k' }),
      service: svc, send: (ev) => events.push(ev), chooseExportPath: async () => exportTo,
    });
  });
  afterAll(() => svc.store.close());

  it('answers with envelopes: a value, or the storage error code and message', async () => {
    expect(await h[STORAGE_IPC.listSessions](app, [])).toEqual({ ok: true, value: [] });
    const saved = (await h[STORAGE_IPC.saveSession](app, [{ name: 's', config, stateFormat: 1, state: state() }])) as { ok: boolean; value: { id: number } };
    expect(saved.ok).toBe(true);
    expect(await h[STORAGE_IPC.loadSession](app, [{ id: saved.value.id, expect: { config, stateFormat: 2 } }])).toMatchObject({ ok: false, error: { code: 'mismatch' } });
    expect(await h[STORAGE_IPC.renameSession](app, [{ id: 999, name: 'x' }])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
  it('refuses other senders, wrong argument counts and bad values', async () => {
    await expect(h[STORAGE_IPC.listSessions]('https://evil.example/', [])).rejects.toThrow(/refused/);
    expect(await h[STORAGE_IPC.deleteSession](app, [{ id: 1 }, 2])).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/expected 1 argument/) } });
    expect(await h[STORAGE_IPC.saveSession](app, [{ name: 's2', config, stateFormat: 1, state: new Uint8Array(LIMITS.stateBytes + 1) }])).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/larger than 64 MiB/) } });
    expect(await h[STORAGE_IPC.setSetting](app, [{ key: '__proto__', value: {} }])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await h[STORAGE_IPC.importChunk](app, ['nope', new Uint8Array(1)])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
  it('imports an image in pieces with progress events, reads and exports it byte-identical', async () => {
    const bytes = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 7) >> 3);
    expect(await h[STORAGE_IPC.importBegin](app, [{ name: 'd.img', size: bytes.length, importId: 'imp1' }])).toEqual({ ok: true, value: { importId: 'imp1' } });
    for (let at = 0; at < bytes.length; at += 1 << 20) expect((await h[STORAGE_IPC.importChunk](app, ['imp1', bytes.subarray(at, at + (1 << 20))])) as { ok: boolean }).toMatchObject({ ok: true });
    const end = (await h[STORAGE_IPC.importEnd](app, ['imp1'])) as { ok: boolean; value: { id: number; size: number; name: string } };
    expect(end).toMatchObject({ ok: true, value: { name: 'd.img', size: bytes.length } });
    expect(events.some((e) => (e as { type: string; bytes: number }).type === 'import-progress')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'import-progress', importId: 'imp1', bytes: bytes.length, total: bytes.length });
    const read = (await h[STORAGE_IPC.readImage](app, [{ id: end.value.id }])) as { value: Uint8Array };
    expect(Buffer.compare(Buffer.from(read.value), Buffer.from(bytes))).toBe(0);
    expect(await h[STORAGE_IPC.exportImage](app, [{ id: end.value.id }])).toMatchObject({ ok: true });
    expect(Buffer.compare(fs.readFileSync(exportTo), Buffer.from(bytes))).toBe(0);
    // A bad size is refused before any byte; an oversized piece is refused.
    expect(await h[STORAGE_IPC.importBegin](app, [{ name: 'bad.img', size: 1000, importId: 'imp2' }])).toMatchObject({ ok: false, error: { code: 'bad-image' } });
    await h[STORAGE_IPC.importBegin](app, [{ name: 'x.img', size: 512, importId: 'imp3' }]);
    expect(await h[STORAGE_IPC.importChunk](app, ['imp3', new Uint8Array(LIMITS.importChunkBytes + 1)])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await h[STORAGE_IPC.importAbort](app, ['imp3'])).toEqual({ ok: true, value: null });
    expect(svc.listImages().map((i) => i.name)).toEqual(['d.img']);
  });
});

describe('web server storage routes', () => {
  let dir: string;
  let server: StudioServer;
  const req = (p: string, method = 'GET', body?: Uint8Array | string, headers: Record<string, string | number> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const r = http.request({ host: '127.0.0.1', port: server.port, path: p, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      r.on('error', reject);
      r.end(body);
    });
  /** Sends only the head of a POST announcing `length` bytes; resolves with the raw answer. */
  const announce = (p: string, length: number) =>
    new Promise<string>((resolve, reject) => {
      const sock = net.connect(server.port, '127.0.0.1', () => sock.write(`POST ${p} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: ${length}\r\n\r\nxx`));
      let text = '';
      sock.on('data', (d) => {
        text += d.toString();
        if (/\r\n\r\n[\s\S]*\}/.test(text)) sock.destroy();
      });
      sock.on('close', () => resolve(text));
      sock.on('error', reject);
    });
  const json = (r: { body: Buffer }) => JSON.parse(r.body.toString()) as Record<string, unknown> & { error?: string; code?: string };

  beforeAll(async () => {
    dir = tmp();
    fs.mkdirSync(path.join(dir, 'r'));
    fs.writeFileSync(path.join(dir, 'r', 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(dir, 'k.elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    server = await startStudioServer({ rendererDir: path.join(dir, 'r'), kernelPath: path.join(dir, 'k.elf'), port: 0, watchKernelMs: 0, dbPath: path.join(dir, 'w.db'), onLog: () => {} });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves a session from a frame, lists it with its thumbnail, and restores it as a frame', async () => {
    const body = encodeFrame({ name: 'web', config, stateFormat: 1 }, { state: state(9000, 3), thumbnail: png });
    const saved = await req('/api/sessions', 'POST', body, { 'content-type': 'application/octet-stream' });
    expect(saved.status).toBe(200);
    const id = json(saved).id as number;
    const list = json(await req('/api/sessions')) as unknown as { name: string; thumbnail: string }[];
    expect(list[0].name).toBe('web');
    expect([...fromBase64(list[0].thumbnail)]).toEqual([...png]);
    const loaded = await req('/api/sessions/load', 'POST', JSON.stringify({ id, expect: { config, stateFormat: 1 } }), { 'content-type': 'application/json' });
    expect(loaded.status).toBe(200);
    const f = decodeFrame(new Uint8Array(loaded.body));
    expect([...f.parts.state]).toEqual([...state(9000, 3)]);
    const mismatch = await req('/api/sessions/load', 'POST', JSON.stringify({ id, expect: { config: { ...config, memoryBytes: 64 << 20 }, stateFormat: 1 } }));
    expect(mismatch.status).toBe(409);
    expect(json(mismatch)).toMatchObject({ code: 'mismatch', error: expect.stringMatching(/saved with 32 MiB of memory, running 64 MiB/) });
    expect((await req(`/api/sessions/${id}`, 'PATCH', JSON.stringify({ name: 'renamed' }))).status).toBe(200);
    expect((await req(`/api/sessions/${id}`, 'DELETE')).status).toBe(200);
    expect((await req(`/api/sessions/${id}`, 'DELETE')).status).toBe(404);
  });
  it('rejects bad and oversized bodies with a status, a code and one line', async () => {
    const bad = await req('/api/sessions', 'POST', Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'invalid-input', error: expect.stringMatching(/malformed request body/) });
    const noState = await req('/api/sessions', 'POST', encodeFrame({ name: 'x', config, stateFormat: 1 }, {}));
    expect(json(noState)).toMatchObject({ code: 'invalid-input', error: expect.stringMatching(/at state/) });
    // An oversized body is refused from its Content-Length, before it is read.
    const big = await announce('/api/sessions', MAX_SESSION_BODY + 1);
    expect(big).toMatch(/^HTTP\/1.1 413/);
    expect(big).toMatch(/"code":"too-large"/);
    expect(big).toMatch(/larger than the \d+ MiB limit/);
    expect(await announce('/api/images?name=a.img&importId=x', LIMITS.imageBytes + 512)).toMatch(/^HTTP\/1.1 413[\s\S]*at most 4 GiB/);
    expect((await req('/api/settings/evil', 'PUT', JSON.stringify({ value: 1 }))).status).toBe(400);
    expect((await req('/api/settings/theme', 'PUT', '{not json')).status).toBe(400);
    expect((await req('/api/sessions/abc', 'DELETE')).status).toBe(400);
    expect((await req('/api/sessions', 'POST', encodeFrame({}, {}), { origin: 'http://evil.example' })).status).toBe(403);
  });
  it('imports an uploaded image with progress over the WebSocket, serves its bytes and a download, and refuses bad files', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    const events: { type: string; importId?: string; bytes?: number }[] = [];
    ws.on('message', (m) => events.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    const bytes = Buffer.from(Uint8Array.from({ length: 2 << 20 }, (_, i) => (i * 13) >> 2));
    const up = await req('/api/images?name=up.img&importId=w1', 'POST', bytes, { 'content-type': 'application/octet-stream' });
    expect(up.status).toBe(200);
    const id = json(up).id as number;
    await expect.poll(() => events.at(-1)).toMatchObject({ type: 'import-progress', importId: 'w1', bytes: bytes.length });
    ws.close();
    expect(Buffer.compare((await req(`/api/images/${id}/bytes`)).body, bytes)).toBe(0);
    const file = await req(`/api/images/${id}/file`);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="up.img"/);
    expect(Buffer.compare(file.body, bytes)).toBe(0);
    const odd = await req('/api/images?name=odd.img&importId=w2', 'POST', Buffer.alloc(1000));
    expect(odd.status).toBe(422);
    expect(json(odd)).toMatchObject({ code: 'bad-image', error: expect.stringMatching(/not a whole number of 512-byte sectors/) });
    expect((await req('/api/images?name=e.img&importId=w3', 'POST', Buffer.alloc(0))).status).toBe(422);
    expect((json(await req('/api/images')) as unknown as unknown[]).length).toBe(1);
    expect(json(await req('/api/settings'))).toMatchObject({ theme: 'system', recentSessions: [] });
    expect((await req('/api/settings/theme', 'PUT', JSON.stringify({ value: 'light' }))).status).toBe(200);
    expect(json(await req('/api/settings'))).toMatchObject({ theme: 'light' });
  });
});
