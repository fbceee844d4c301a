/*
 * The preload: exposes the host API's four calls on window.miniosHost and
 * nothing else (no ipcRenderer, no generic invoke). Runs sandboxed; main
 * validates what is sent, the renderer validates what comes back.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_NAME, IPC, type LogRequestShape, type PreloadBridge } from '../common/channels.ts';

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
};

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
