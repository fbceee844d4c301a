/*
 * The host API's Electron side: one handler per IPC channel. Each checks who
 * is asking (a frame of the app, nothing else) and validates its arguments
 * with the shared zod schemas before doing anything. Pure and testable: the
 * file system and logging come in as dependencies.
 */
import { IPC, LogRequest, MAX_KERNEL_BYTES, type HostInfo, type KernelImage } from '../common/host-api.ts';
import { isAppUrl } from './security.ts';

export interface IpcDeps {
  origins: string[];
  appVersion: string;
  platform: string;
  kernelPath: string;
  readKernel(): { bytes: Uint8Array<ArrayBuffer>; mtimeMs: number; name: string };
  log(req: LogRequest): void;
}

export type IpcHandler = (senderUrl: string, args: unknown[]) => Promise<unknown>;

export class IpcError extends Error {}

function expectArgs(args: unknown[], n: number, channel: string): void {
  if (args.length !== n) throw new IpcError(`${channel}: expected ${n} argument(s), got ${args.length}`);
}

export function createIpcHandlers(deps: IpcDeps): Record<string, IpcHandler> {
  const guard = (channel: string, fn: (args: unknown[]) => Promise<unknown>): IpcHandler => async (senderUrl, args) => {
    if (!isAppUrl(senderUrl, deps.origins)) throw new IpcError(`${channel}: refused a request from ${senderUrl || 'an unknown frame'}`);
    return fn(args);
  };
  return {
    [IPC.info]: guard(IPC.info, async (args): Promise<HostInfo> => {
      expectArgs(args, 0, IPC.info);
      return { edition: 'electron', appVersion: deps.appVersion, platform: deps.platform, kernelPath: deps.kernelPath };
    }),
    [IPC.kernel]: guard(IPC.kernel, async (args): Promise<KernelImage> => {
      expectArgs(args, 0, IPC.kernel);
      const k = deps.readKernel();
      if (k.bytes.length === 0 || k.bytes.length > MAX_KERNEL_BYTES) throw new IpcError(`kernel: ${k.bytes.length} bytes is not a kernel`);
      return { name: k.name, size: k.bytes.length, mtimeMs: Math.floor(k.mtimeMs), bytes: k.bytes };
    }),
    [IPC.log]: guard(IPC.log, async (args) => {
      expectArgs(args, 1, IPC.log);
      const r = LogRequest.safeParse(args[0]);
      if (!r.success) throw new IpcError(`${IPC.log}: ${r.error.issues[0]?.message ?? 'invalid'}`);
      deps.log(r.data);
      return null;
    }),
  };
}
