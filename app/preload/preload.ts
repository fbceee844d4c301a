/*
 * The preload: exposes the host API's calls on window.miniosHost (one
 * function per channel) and nothing else (no ipcRenderer, no generic invoke). Runs sandboxed; main
 * validates what is sent, the renderer validates what comes back.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_NAME, IPC, STORAGE_IPC, type LogRequestShape, type PreloadBridge, type StorageCall } from '../common/channels.ts';

const bridge: PreloadBridge = {
  info: () => ipcRenderer.invoke(IPC.info),
  loadKernel: () => ipcRenderer.invoke(IPC.kernel),
  log: (req: LogRequestShape) => ipcRenderer.invoke(IPC.log, req),
  onEvent: (cb: (ev: unknown) => void) => {
    const listener = (_e: IpcRendererEvent, ev: unknown) => cb(ev);
    ipcRenderer.on(IPC.event, listener);
    return () => {
      ipcRenderer.removeListener(IPC.event, listener);
    };
  },
  storage: Object.fromEntries(
    Object.entries(STORAGE_IPC).map(([call, channel]) => [call, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)]),
  ) as Record<StorageCall, (...args: unknown[]) => Promise<unknown>>,
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
