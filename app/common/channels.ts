/*
 * The Electron bridge's names and shape, with no dependencies: the sandboxed
 * preload imports this file, and a sandboxed preload cannot load npm packages.
 */
/** IPC channel names (Electron) — one per request, plus the pushed-event channel. */
export const IPC = {
  info: 'host:info',
  kernel: 'host:kernel',
  log: 'host:log',
  event: 'host:event',
} as const;

/**
 * The storage calls over IPC, one channel each. Every answer is an envelope,
 * { ok: true, value } or { ok: false, error: { code, message } }, so the
 * renderer gets the storage error's code (a thrown error would lose it).
 */
export const STORAGE_IPC = {
  listSessions: 'sessions:list',
  saveSession: 'sessions:save',
  loadSession: 'sessions:load',
  renameSession: 'sessions:rename',
  deleteSession: 'sessions:delete',
  listImages: 'images:list',
  importBegin: 'images:import-begin',
  importChunk: 'images:import-chunk',
  importEnd: 'images:import-end',
  importAbort: 'images:import-abort',
  readImage: 'images:read',
  renameImage: 'images:rename',
  deleteImage: 'images:delete',
  exportImage: 'images:export',
  getSettings: 'settings:get',
  setSetting: 'settings:set',
} as const;
export type StorageCall = keyof typeof STORAGE_IPC;

/** A log request as the preload forwards it (validated in main with host-api's LogRequest). */
export interface LogRequestShape {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/**
 * What the Electron preload exposes on `window.miniosHost`. Its results are
 * untyped on purpose: they crossed a process boundary, and the renderer
 * validates them (renderer/host/electron-host.ts).
 */
export interface PreloadBridge {
  info(): Promise<unknown>;
  loadKernel(): Promise<unknown>;
  log(req: LogRequestShape): Promise<unknown>;
  onEvent(cb: (ev: unknown) => void): () => void;
  /** One function per storage channel (never a generic invoke); answers are envelopes. */
  storage: Record<StorageCall, (...args: unknown[]) => Promise<unknown>>;
}

export const BRIDGE_NAME = 'miniosHost';
