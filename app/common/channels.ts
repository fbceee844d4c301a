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
}

export const BRIDGE_NAME = 'miniosHost';
