/*
 * Electron main's security settings as plain data and pure functions, so they
 * are unit-tested without the Electron binary: the window's webPreferences,
 * the app:// origin the renderer is served from, the response headers (CSP),
 * and the rules that deny navigation, new windows and permission requests.
 */
import path from 'node:path';
import { CSP } from '../common/csp.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** webPreferences for every window: isolated, sandboxed, no Node, nothing remote. */
export function webPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

export function windowOptions(preloadPath: string) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'MiniOS Studio',
    backgroundColor: '#0f1115',
    autoHideMenuBar: true,
    webPreferences: webPreferences(preloadPath),
  } as const;
}

/** The origin the renderer may live at: app://studio, or the dev server in `electron-vite dev`. */
export function allowedOrigins(devServerUrl?: string): string[] {
  const out = [APP_ORIGIN];
  if (devServerUrl) {
    try {
      const u = new URL(devServerUrl);
      if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') out.push(u.origin);
    } catch {
      /* ignore a bad dev URL */
    }
  }
  return out;
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` ? `${APP_SCHEME}://${u.host}` : u.origin;
  } catch {
    return null;
  }
}

/** True when `url` belongs to the app (navigation to anything else is denied). */
export function isAppUrl(url: string, origins: string[]): boolean {
  const o = originOf(url);
  return o !== null && origins.includes(o);
}

/** will-navigate: the window never leaves the app (a reload of the app itself is fine). */
export function shouldBlockNavigation(url: string, origins: string[]): boolean {
  return !isAppUrl(url, origins);
}

/** setWindowOpenHandler: no new windows, ever. */
export function windowOpenHandler(): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler / setPermissionCheckHandler: nothing is granted (clipboard writes go through xterm's own selection). */
export function permissionDecision(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** Headers added to every app:// response. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The file under rendererDir an app:// URL names, or null when it is not ours or escapes the directory. */
export function appFileFor(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const rel = p === '/' || p === '' ? 'index.html' : p.replace(/^\/+/, '');
  const base = path.resolve(rendererDir);
  const abs = path.resolve(base, rel);
  return abs.startsWith(base + path.sep) ? abs : null;
}
