/* The host API over the Electron preload's bridge. Main validates requests; this side validates answers. */
import {
  HostEvent, HostInfo, KernelImage, LogRequest, parseOrThrow, type HostApi, type PreloadBridge,
} from '../../app/common/host-api.ts';

export class ElectronHost implements HostApi {
  invalidMessages = 0;

  constructor(private readonly bridge: PreloadBridge) {}

  async info(): Promise<HostInfo> {
    return parseOrThrow(HostInfo, await this.bridge.info(), 'host info');
  }

  async loadKernel(): Promise<KernelImage> {
    return parseOrThrow(KernelImage, await this.bridge.loadKernel(), 'kernel image');
  }

  async log(req: LogRequest): Promise<void> {
    await this.bridge.log(parseOrThrow(LogRequest, req, 'log request'));
  }

  onEvent(cb: (ev: HostEvent) => void): () => void {
    return this.bridge.onEvent((raw) => {
      const r = HostEvent.safeParse(raw);
      if (r.success) cb(r.data);
      else this.invalidMessages++;
    });
  }
}
