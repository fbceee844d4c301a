/* Picks the host API implementation: the Electron bridge when the preload put one on window, else HTTP. */
import { BRIDGE_NAME, type HostApi, type PreloadBridge } from '../../app/common/host-api.ts';
import { ElectronHost } from './electron-host.ts';
import { WebHost } from './web-host.ts';

export function selectHost(): HostApi & { invalidMessages: number } {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[BRIDGE_NAME];
  return bridge ? new ElectronHost(bridge) : new WebHost();
}
