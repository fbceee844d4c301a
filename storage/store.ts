/*
 * The Store: the one object the app, the web-edition server and the CLI use.
 * It opens (and migrates) the database and hands out the parts: images,
 * sessions (+ export/import), settings. Reads are synchronous; every write
 * returns a Promise and runs alone, in one transaction.
 */
import { ChunkStore } from './chunks.ts';
import { openDatabase, type Db } from './db.ts';
import { ImageStore } from './images.ts';
import { Mutex } from './mutex.ts';
import { defaultDbPath } from './paths.ts';
import type { Ref } from './schemas.ts';
import { SessionStore, type SessionInfo } from './sessions.ts';
import { Settings } from './settings.ts';
import { SessionTransfer } from './transfer.ts';

export interface StoreStats {
  images: number;
  sessions: number;
  chunks: number;
  /** Bytes of chunk data as stored (after compression). */
  chunkBytes: number;
}

export class Store {
  readonly images: ImageStore;
  readonly sessions: SessionStore;
  readonly settings: Settings;
  private readonly transfer: SessionTransfer;
  private readonly chunks: ChunkStore;
  private readonly lock = new Mutex();

  private constructor(
    readonly path: string,
    readonly db: Db,
  ) {
    this.chunks = new ChunkStore(db);
    this.settings = new Settings(db, this.lock);
    this.images = new ImageStore(db, this.chunks, this.lock);
    this.sessions = new SessionStore(db, this.chunks, this.images, this.settings, this.lock);
    this.transfer = new SessionTransfer(db, this.chunks, this.sessions, this.lock);
  }

  /** Opens (creating and migrating as needed) the database at `path`, by default in the user's data folder. */
  static open(path: string = defaultDbPath()): Store {
    return new Store(path, openDatabase(path));
  }

  exportSession(ref: Ref, file: string): Promise<SessionInfo> {
    return this.transfer.exportToFile(ref, file);
  }

  importSession(file: string, name?: string): Promise<SessionInfo> {
    return this.transfer.importFromFile(file, name);
  }

  stats(): StoreStats {
    const one = (sql: string) => (this.db.prepare(sql).pluck().get() as number | null) ?? 0;
    return {
      images: one('SELECT COUNT(*) FROM images'),
      sessions: one('SELECT COUNT(*) FROM sessions'),
      chunks: one('SELECT COUNT(*) FROM chunks'),
      chunkBytes: one('SELECT SUM(LENGTH(data)) FROM chunks'),
    };
  }

  /** Deletes chunks nothing references (normal deletes already do this for what they free). */
  collectGarbage(): Promise<number> {
    return this.lock.run(() => this.db.transaction(() => this.chunks.collectAll()).immediate());
  }

  /** SQLite's own check of the file ("ok" when sound). */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  }

  /** Waits for writes in flight, then closes the database. */
  async close(): Promise<void> {
    await this.lock.run(() => {});
    if (this.db.open) this.db.close();
  }
}
