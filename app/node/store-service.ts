/*
 * The storage half of the host API, shared by both hosts: the Electron IPC
 * handlers and the web-edition server hand it what the renderer sent (as
 * unknown), it validates that with host-api's zod schemas, runs it on the one
 * Store and returns plain data. Every failure is a HostError { code, message }
 * (toErrorBody), so the renderer can show it instead of crashing.
 */
import {
  HostError, ImportStart, LIMITS, LoadSessionRequest, RenameRequest, IdRequest, SaveSessionRequest, SetSettingRequest,
  parseOrThrow, type HostErrorBody, type ImageSummary, type LoadedSession, type SessionSummary, type Settings,
} from '../common/host-api.ts';
import { StorageError, type ImageInfo, type SessionInfo, type Store } from '../../storage/index.ts';

const MiB = (n: number) => `${(n / (1 << 20)).toFixed(n < 10 << 20 ? 1 : 0)} MiB`;

export function sessionSummary(s: SessionInfo): SessionSummary {
  return {
    id: s.id, name: s.name, createdAt: s.createdAt, updatedAt: s.updatedAt, config: s.config,
    stateFormat: s.stateFormat, stateSize: s.stateSize, diskImageId: s.diskImageId, thumbnail: s.thumbnail,
  };
}

export function imageSummary(i: ImageInfo): ImageSummary {
  return { id: i.id, name: i.name, size: i.size, contentHash: i.contentHash, createdAt: i.createdAt };
}

/** Any thrown value as the { code, message } the renderer gets. */
export function toErrorBody(e: unknown): HostErrorBody {
  if (e instanceof HostError || e instanceof StorageError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** The HTTP status the web edition answers a failure with. */
export function httpStatus(code: string): number {
  switch (code) {
    case 'invalid-input': return 400;
    case 'not-found': return 404;
    case 'name-taken': case 'in-use': case 'mismatch': return 409;
    case 'too-large': return 413;
    case 'bad-image': case 'bad-file': return 422;
    case 'busy': return 503;
    default: return 500;
  }
}

/** Calls `fn(bytes, total)` at most every `ms` (and always for the last call with bytes === total). */
function throttled(fn: (bytes: number, total: number) => void, ms = 50): (bytes: number, total: number) => void {
  let last = 0;
  return (bytes, total) => {
    const now = Date.now();
    if (bytes === total || now - last >= ms) {
      last = now;
      fn(bytes, total);
    }
  };
}

export class StoreService {
  constructor(readonly store: Store) {}

  listSessions(): SessionSummary[] {
    return this.store.sessions.list().map(sessionSummary);
  }

  async saveSession(raw: unknown): Promise<SessionSummary> {
    const req = parseOrThrow(SaveSessionRequest, raw, 'session');
    const info = await this.store.sessions.save(req);
    await this.store.settings.noteRecentSession(info.id, info.name);
    return sessionSummary(info);
  }

  async loadSession(raw: unknown): Promise<LoadedSession> {
    const req = parseOrThrow(LoadSessionRequest, raw, 'restore request');
    const s = this.store.sessions.load(req.id, req.expect);
    if (s.disk && s.disk.length > LIMITS.diskBytes) {
      throw new HostError('too-large', `session '${s.info.name}' has a ${MiB(s.disk.length)} disk; the studio attaches disks up to ${MiB(LIMITS.diskBytes)}`);
    }
    await this.store.settings.noteRecentSession(s.info.id, s.info.name);
    return { info: sessionSummary(s.info), state: s.state, disk: s.disk ?? null };
  }

  async renameSession(raw: unknown): Promise<SessionSummary> {
    const req = parseOrThrow(RenameRequest, raw, 'rename request');
    return sessionSummary(await this.store.sessions.rename(req.id, req.name));
  }

  async deleteSession(raw: unknown): Promise<void> {
    await this.store.sessions.delete(parseOrThrow(IdRequest, raw, 'delete request').id);
  }

  listImages(): ImageSummary[] {
    return this.store.images.list().map(imageSummary);
  }

  /** Checks an import's start (name, declared size, id) before any byte is read. */
  checkImport(raw: unknown): ImportStart {
    const start = parseOrThrow(ImportStart, raw, 'image import');
    if (start.size === 0) throw new HostError('bad-image', `${start.name} is empty: a disk image has at least one 512-byte sector`);
    if (start.size % 512 !== 0) throw new HostError('bad-image', `${start.name} is ${start.size} bytes, not a whole number of 512-byte sectors`);
    return start;
  }

  /**
   * Stores the bytes of `source` as a new image named after start.name (made
   * unique). The source must deliver exactly start.size bytes; progress is
   * reported about every 50 ms. A failure stores nothing.
   */
  async importImage(start: ImportStart, source: AsyncIterable<Uint8Array>, onProgress?: (bytes: number, total: number) => void): Promise<ImageSummary> {
    const name = this.uniqueImageName(start.name);
    const report = onProgress ? throttled(onProgress) : undefined;
    async function* counted(): AsyncIterable<Uint8Array> {
      let n = 0;
      for await (const piece of source) {
        n += piece.length;
        if (n > start.size) throw new StorageError('bad-image', `${start.name}: more than the ${start.size} bytes announced arrived`);
        yield piece;
      }
      if (n !== start.size) throw new StorageError('bad-image', `${start.name}: the upload stopped after ${n} of ${start.size} bytes`);
    }
    const info = await this.store.images.import(counted(), { name, onProgress: report && ((p) => report(p.bytes, start.size)) });
    return imageSummary(info);
  }

  private uniqueImageName(base: string): string {
    const taken = new Set(this.store.images.list().map((i) => i.name));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`)) return `${base} (${i})`;
  }

  /** The image's bytes, to attach it as the machine's disk (bounded by LIMITS.diskBytes). */
  readImage(raw: unknown): Uint8Array {
    const { id } = parseOrThrow(IdRequest, raw, 'image request');
    const info = this.store.images.get(id);
    if (info.size > LIMITS.diskBytes) {
      throw new HostError('too-large', `image '${info.name}' is ${MiB(info.size)}; the studio attaches disks up to ${MiB(LIMITS.diskBytes)}`);
    }
    return this.store.images.read(id);
  }

  async renameImage(raw: unknown): Promise<ImageSummary> {
    const req = parseOrThrow(RenameRequest, raw, 'rename request');
    return imageSummary(await this.store.images.rename(req.id, req.name));
  }

  async deleteImage(raw: unknown): Promise<void> {
    await this.store.images.delete(parseOrThrow(IdRequest, raw, 'delete request').id);
  }

  /** Exports an image byte-identical to `path` (a path the host chose, never one from the renderer). */
  async exportImage(raw: unknown, path: string): Promise<ImageSummary> {
    const { id } = parseOrThrow(IdRequest, raw, 'image request');
    return imageSummary(await this.store.images.exportToFile(id, path));
  }

  imageInfo(raw: unknown): ImageSummary {
    return imageSummary(this.store.images.get(parseOrThrow(IdRequest, raw, 'image request').id));
  }

  settings(): Settings {
    return this.store.settings.all() as Settings;
  }

  async setSetting(raw: unknown): Promise<void> {
    const req = parseOrThrow(SetSettingRequest, raw, 'setting');
    await this.store.settings.set(req.key, req.value);
  }
}

/**
 * An async iterable fed piece by piece (an import arriving over IPC). push()
 * resolves once the consumer has taken the piece, so a fast sender cannot
 * pile up memory ahead of the database.
 */
export class PushStream implements AsyncIterable<Uint8Array> {
  private items: { bytes: Uint8Array; taken: () => void }[] = [];
  private ended = false;
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  push(bytes: Uint8Array): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.ended) return Promise.reject(new HostError('invalid-input', 'this import has already ended'));
    return new Promise((taken) => {
      this.items.push({ bytes, taken });
      this.wake?.();
    });
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(e: Error): void {
    this.error = e;
    for (const it of this.items.splice(0)) it.taken();
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.error) throw this.error;
      const it = this.items.shift();
      if (it) {
        it.taken();
        yield it.bytes;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}
