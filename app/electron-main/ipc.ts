/*
 * The host API's Electron side: one handler per IPC channel. Each checks who
 * is asking (a frame of the app, nothing else) and validates its arguments
 * with the shared zod schemas before doing anything. Pure and testable: the
 * file system and logging come in as dependencies.
 */
import { HostError, IPC, LIMITS, LogRequest, MAX_KERNEL_BYTES, parseOrThrow, type HostEvent, type HostInfo, type ImageSummary, type KernelImage } from '../common/host-api.ts';
import { STORAGE_IPC, type StorageCall } from '../common/channels.ts';
import { PushStream, toErrorBody, type StoreService } from '../node/store-service.ts';
import { isAppUrl } from './security.ts';
import { z } from 'zod';

export interface IpcDeps {
  origins: string[];
  appVersion: string;
  platform: string;
  kernelPath: string;
  readKernel(): { bytes: Uint8Array<ArrayBuffer>; mtimeMs: number; name: string };
  log(req: LogRequest): void;
  /** The storage service (null when the database could not be opened: storage calls report `storeProblem`). */
  service?: StoreService | null;
  storeProblem?: string;
  /** Pushes an event to the renderer (import progress). */
  send?(ev: HostEvent): void;
  /** Asks the user where to save an exported image (a save dialog); null when cancelled. */
  chooseExportPath?(suggestedName: string): Promise<string | null>;
}

export type IpcHandler = (senderUrl: string, args: unknown[]) => Promise<unknown>;

export class IpcError extends Error {}

function expectArgs(args: unknown[], n: number, channel: string): void {
  if (args.length !== n) throw new IpcError(`${channel}: expected ${n} argument(s), got ${args.length}`);
}

const MAX_IMPORTS = 4;
const ImportId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const ImportChunk = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes').refine((b) => b.length > 0 && b.length <= LIMITS.importChunkBytes, 'an import piece is 1 byte to 8 MiB');

/** The storage channels: each validates its arguments (in StoreService) and answers with an envelope. */
function storageHandlers(deps: IpcDeps): Record<StorageCall, (args: unknown[]) => Promise<unknown>> {
  const svc = (): StoreService => {
    if (!deps.service) throw new HostError('io', deps.storeProblem || 'the studio database is not open');
    return deps.service;
  };
  const imports = new Map<string, { stream: PushStream; done: Promise<ImageSummary> }>();
  const takeImport = (raw: unknown): { stream: PushStream; done: Promise<ImageSummary>; id: string } => {
    const id = parseOrThrow(ImportId, raw, 'import id');
    const it = imports.get(id);
    if (!it) throw new HostError('not-found', `no image import '${id}' is under way`);
    return { ...it, id };
  };
  return {
    listSessions: async () => svc().listSessions(),
    saveSession: async ([req]) => svc().saveSession(req),
    loadSession: async ([req]) => svc().loadSession(req),
    renameSession: async ([req]) => svc().renameSession(req),
    deleteSession: async ([req]) => svc().deleteSession(req),
    listImages: async () => svc().listImages(),
    importBegin: async ([req]) => {
      const start = svc().checkImport(req);
      if (imports.has(start.importId)) throw new HostError('invalid-input', `image import '${start.importId}' is already under way`);
      if (imports.size >= MAX_IMPORTS) throw new HostError('busy', `at most ${MAX_IMPORTS} image imports at a time`);
      const stream = new PushStream();
      const done = svc().importImage(start, stream, (bytes, total) => deps.send?.({ type: 'import-progress', importId: start.importId, bytes, total }));
      done.catch((e) => stream.fail(e instanceof Error ? e : new Error(String(e))));
      imports.set(start.importId, { stream, done });
      return { importId: start.importId };
    },
    importChunk: async ([id, bytes]) => {
      const it = takeImport(id);
      await it.stream.push(parseOrThrow(ImportChunk, bytes, 'import piece'));
      return null;
    },
    importEnd: async ([id]) => {
      const it = takeImport(id);
      it.stream.end();
      try {
        return await it.done;
      } finally {
        imports.delete(it.id);
      }
    },
    importAbort: async ([id]) => {
      const it = takeImport(id);
      imports.delete(it.id);
      it.stream.fail(new HostError('aborted', 'the import was cancelled'));
      await it.done.catch(() => {});
      return null;
    },
    readImage: async ([req]) => svc().readImage(req),
    renameImage: async ([req]) => svc().renameImage(req),
    deleteImage: async ([req]) => svc().deleteImage(req),
    exportImage: async ([req]) => {
      const info = svc().imageInfo(req);
      const file = await deps.chooseExportPath?.(info.name);
      if (!file) return null;
      return svc().exportImage(req, file);
    },
    getSettings: async () => svc().settings(),
    setSetting: async ([req]) => svc().setSetting(req),
  };
}

/** How many arguments each storage channel takes. */
const STORAGE_ARITY: Record<StorageCall, number> = {
  listSessions: 0, saveSession: 1, loadSession: 1, renameSession: 1, deleteSession: 1, listImages: 0,
  importBegin: 1, importChunk: 2, importEnd: 1, importAbort: 1, readImage: 1, renameImage: 1, deleteImage: 1,
  exportImage: 1, getSettings: 0, setSetting: 1,
};

export function createIpcHandlers(deps: IpcDeps): Record<string, IpcHandler> {
  const guard = (channel: string, fn: (args: unknown[]) => Promise<unknown>): IpcHandler => async (senderUrl, args) => {
    if (!isAppUrl(senderUrl, deps.origins)) throw new IpcError(`${channel}: refused a request from ${senderUrl || 'an unknown frame'}`);
    return fn(args);
  };
  const storage = storageHandlers(deps);
  const enveloped = Object.fromEntries(
    (Object.keys(STORAGE_IPC) as StorageCall[]).map((call) => [
      STORAGE_IPC[call],
      guard(STORAGE_IPC[call], async (args) => {
        try {
          if (args.length !== STORAGE_ARITY[call]) throw new HostError('invalid-input', `${STORAGE_IPC[call]}: expected ${STORAGE_ARITY[call]} argument(s), got ${args.length}`);
          return { ok: true, value: await storage[call](args) };
        } catch (e) {
          return { ok: false, error: toErrorBody(e) };
        }
      }),
    ]),
  );
  return {
    ...enveloped,
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
