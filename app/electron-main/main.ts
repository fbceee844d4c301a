/*
 * Electron main: one window showing the renderer from app://studio, the host
 * API over IPC, and nothing else. All policy lives in security.ts and ipc.ts
 * (unit-tested); this file only wires it to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC, type HostEvent } from '../common/host-api.ts';
import {
  APP_ORIGIN, APP_SCHEME, allowedOrigins, appFileFor, permissionDecision, securityHeaders,
  shouldBlockNavigation, windowOpenHandler, windowOptions,
} from './security.ts';
import { createIpcHandlers } from './ipc.ts';
import { Store, defaultDbPath } from '../../storage/index.ts';
import { StoreService, toErrorBody } from '../node/store-service.ts';

// electron-vite puts main in out/main, preload in out/preload, the renderer in out/renderer.
const OUT = path.resolve(__dirname, '..');
const ROOT = path.resolve(OUT, '..');
const RENDERER_DIR = path.join(OUT, 'renderer');
const PRELOAD = path.join(OUT, 'preload', 'index.cjs');
const KERNEL_PATH = process.env.MINIOS_KERNEL ?? path.join(ROOT, 'kernel', 'build', 'minios.elf');
const DEV_URL = process.env.ELECTRON_RENDERER_URL;
const origins = allowedOrigins(DEV_URL);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

// One Store for the app's life (MINIOS_DB points tests elsewhere); a database that cannot be opened is reported, not fatal.
let service: StoreService | null = null;
let storeProblem = '';
function openStore(): void {
  try {
    service = new StoreService(Store.open(process.env.MINIOS_DB ?? defaultDbPath()));
  } catch (e) {
    storeProblem = `${toErrorBody(e).message} (sessions and disk images are unavailable)`;
    console.error(`[studio] ${storeProblem}`);
  }
}

function registerIpc(): void {
  const handlers = createIpcHandlers({
    service,
    storeProblem,
    send: (ev) => BrowserWindow.getAllWindows().forEach((w) => !w.isDestroyed() && w.webContents.send(IPC.event, ev)),
    chooseExportPath: async (name) => {
      const win = BrowserWindow.getFocusedWindow();
      const opts = { title: 'Export disk image', defaultPath: path.join(app.getPath('downloads'), name) };
      const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    origins,
    appVersion: app.getVersion(),
    platform: process.platform,
    kernelPath: KERNEL_PATH,
    readKernel: () => {
      const bytes = fs.readFileSync(KERNEL_PATH);
      return { bytes: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), mtimeMs: fs.statSync(KERNEL_PATH).mtimeMs, name: path.basename(KERNEL_PATH) };
    },
    log: (r) => console[r.level === 'info' ? 'log' : r.level](`[renderer] ${r.message}`),
  });
  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, (e, ...args) => handler(e.senderFrame?.url ?? '', args));
  }
}

function watchKernel(win: BrowserWindow): void {
  fs.watchFile(KERNEL_PATH, { interval: 1000 }, (cur, prev) => {
    if (cur.mtimeMs === prev.mtimeMs || cur.size === 0 || win.isDestroyed()) return;
    const ev: HostEvent = { type: 'kernel-changed', kernel: { name: path.basename(KERNEL_PATH), size: cur.size, mtimeMs: Math.floor(cur.mtimeMs) } };
    win.webContents.send(IPC.event, ev);
  });
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(PRELOAD));
  win.once('ready-to-show', () => win.show());
  watchKernel(win);
  void win.loadURL(DEV_URL ?? `${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(windowOpenHandler);
  contents.on('will-navigate', (e, url) => shouldBlockNavigation(url, origins) && e.preventDefault());
  contents.on('will-redirect', (e, url) => shouldBlockNavigation(url, origins) && e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

void app.whenReady().then(() => {
  Menu.setApplicationMenu(process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  protocol.handle(APP_SCHEME, async (req) => {
    const file = appFileFor(req.url, RENDERER_DIR);
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(securityHeaders())) headers.set(k, v);
    if (file.endsWith('.wasm')) headers.set('Content-Type', 'application/wasm');
    return new Response(res.body, { status: res.status, headers });
  });
  // No remote content: every request that is not ours (or the dev server) is cancelled.
  ses.webRequest.onBeforeRequest((details, cb) => {
    const ok = details.url.startsWith(`${APP_SCHEME}:`) || details.url.startsWith('devtools:') || origins.some((o) => details.url.startsWith(o));
    cb({ cancel: !ok });
  });
  openStore();
  registerIpc();
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the database cleanly (writes in flight finish first).
let closing = false;
app.on('will-quit', (e) => {
  if (closing || !service) return;
  closing = true;
  e.preventDefault();
  void service.store.close().finally(() => app.quit());
});

// Links the app wants to show (none today) open in the user's browser, never in the app.
export function openExternal(url: string): void {
  if (/^https:\/\//.test(url)) void shell.openExternal(url);
}
