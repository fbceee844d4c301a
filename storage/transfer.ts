/*
 * Exporting a session to one file and importing it back (session-file.ts has
 * the format). Export verifies everything first, so a damaged session is
 * reported instead of copied; import checks the whole file before one
 * transaction adds its chunks, its base image (unless the same content is
 * already here) and the session.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ChunkStore, verifyChunk, type ChunkRow } from './chunks.ts';
import type { Db } from './db.ts';
import { StorageError, messageOf } from './errors.ts';
import { sha256 } from './hash.ts';
import { IMAGE_CHUNK } from './images.ts';
import type { Mutex } from './mutex.ts';
import { assertNameFree, uniqueName } from './refs.ts';
import { NameSchema, parse, type Ref } from './schemas.ts';
import { decodeSessionFile, encodeSessionFile, type FileChunk, type Manifest } from './session-file.ts';
import { configHash, type SessionInfo, type SessionStore } from './sessions.ts';
import { writeFileAtomically } from './write-file.ts';
import { decodeChunk } from './codec.ts';

export class SessionTransfer {
  constructor(
    private readonly db: Db,
    private readonly chunks: ChunkStore,
    private readonly sessions: SessionStore,
    private readonly lock: Mutex,
  ) {}

  async exportToFile(ref: Ref, path: string): Promise<SessionInfo> {
    const info = this.sessions.verify(ref);
    const row = this.sessions.row(info.id);
    const list: FileChunk[] = [];
    const seen = new Map<string, number>();
    const what = `session '${row.name}'`;
    const add = (r: ChunkRow): number => {
      verifyChunk(r, what);
      const key = r.hash!.toString('hex');
      let i = seen.get(key);
      if (i === undefined) {
        i = list.length;
        seen.set(key, i);
        list.push({ hash: r.hash!, size: r.size!, codec: r.codec as 0 | 1, data: r.data! });
      }
      return i;
    };
    const state = this.sessions.stateChunkRows(row).map(add);
    let disk: Manifest['disk'] = null;
    if (row.disk_image_id !== null) {
      const img = this.db.prepare('SELECT * FROM images WHERE id = ?').get(row.disk_image_id) as { name: string; size: number; chunk_size: number; content_hash: Buffer };
      const imageRows = this.db.prepare(ChunkStore.rowsSql('image_chunks', 'image_id')).all(row.disk_image_id) as ChunkRow[];
      const overlayRows = this.db.prepare(ChunkStore.rowsSql('session_disk_chunks', 'session_id')).all(row.id) as ChunkRow[];
      disk = {
        image: { name: img.name, size: img.size, chunkSize: img.chunk_size, contentHash: img.content_hash.toString('hex'), chunks: imageRows.map(add) },
        overlay: overlayRows.map((r) => [r.idx, add(r)] as [number, number]),
      };
    }
    const manifest: Manifest = {
      session: { name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, config: info.config, stateFormat: row.state_format, stateSize: row.state_size, stateHash: row.state_hash.toString('hex') },
      chunks: list.map((c) => ({ hash: c.hash.toString('hex'), size: c.size, codec: c.codec, length: c.data.length })),
      state,
      thumbnailLength: row.thumbnail?.length ?? 0,
      disk,
    };
    const file = encodeSessionFile({ manifest, chunks: list, thumbnail: row.thumbnail });
    await writeFileAtomically(path, (write) => write(file));
    return info;
  }

  /** Adds the session in `path`; its name is `name`, or the saved one made unique. */
  importFromFile(path: string, name?: string): Promise<SessionInfo> {
    return this.lock.run(() => {
      let file: Buffer;
      try {
        file = readFileSync(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new StorageError('bad-file', code === 'ENOENT' ? `${path}: no such file` : `cannot read ${path}: ${code ?? messageOf(e)}`);
      }
      const b = decodeSessionFile(file, basename(path));
      checkBundle(b.manifest, b.chunks, basename(path));
      const wanted = name !== undefined ? parse(NameSchema, name, 'session name') : undefined;
      return this.db.transaction(() => {
        if (wanted !== undefined) assertNameFree(this.db, 'session', wanted);
        const ids = b.chunks.map((c) => this.chunks.putEncoded(c.hash, c.size, c.codec, c.data));
        const s = b.manifest.session;
        const imageId = b.manifest.disk ? this.findOrAddImage(b.manifest.disk.image, ids) : null;
        const id = Number(
          this.db
            .prepare(
              `INSERT INTO sessions (name, created_at, updated_at, config_json, config_hash, state_format, state_size, state_hash, thumbnail, disk_image_id, disk_size)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(wanted ?? uniqueName(this.db, 'session', s.name), s.createdAt, s.updatedAt, JSON.stringify(s.config), configHash(s.config), s.stateFormat, s.stateSize, Buffer.from(s.stateHash, 'hex'),
              b.thumbnail ? Buffer.from(b.thumbnail) : null, imageId, b.manifest.disk?.image.size ?? null).lastInsertRowid,
        );
        const stateRef = this.db.prepare('INSERT INTO session_state_chunks (session_id, idx, chunk_id) VALUES (?, ?, ?)');
        b.manifest.state.forEach((c, idx) => stateRef.run(id, idx, ids[c]));
        const diskRef = this.db.prepare('INSERT INTO session_disk_chunks (session_id, idx, chunk_id) VALUES (?, ?, ?)');
        for (const [idx, c] of b.manifest.disk?.overlay ?? []) diskRef.run(id, idx, ids[c]);
        return this.sessions.get(id);
      }).immediate();
    });
  }

  private findOrAddImage(img: NonNullable<Manifest['disk']>['image'], ids: number[]): number {
    const content = Buffer.from(img.contentHash, 'hex');
    const found = this.db.prepare('SELECT id FROM images WHERE content_hash = ? AND size = ?').pluck().get(content, img.size) as number | undefined;
    if (found !== undefined) return found;
    const id = Number(
      this.db.prepare('INSERT INTO images (name, size, chunk_size, content_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(uniqueName(this.db, 'image', img.name), img.size, img.chunkSize, content, Date.now())
        .lastInsertRowid,
    );
    const ref = this.db.prepare('INSERT INTO image_chunks (image_id, idx, chunk_id) VALUES (?, ?, ?)');
    img.chunks.forEach((c, idx) => ref.run(id, idx, ids[c]));
    return id;
  }
}

/** Checks what the chunk hashes alone cannot: the state's total hash and the disk's geometry. */
function checkBundle(m: Manifest, chunks: FileChunk[], label: string): void {
  const bad = (why: string) => new StorageError('bad-file', `${label} is not a valid MiniOS session file: ${why}`);
  const state = Buffer.concat(m.state.map((i) => decodeChunk(chunks[i].codec, chunks[i].data, chunks[i].size)));
  if (state.length !== m.session.stateSize || !sha256(state).equals(Buffer.from(m.session.stateHash, 'hex'))) throw bad('the machine state does not match its hash');
  const d = m.disk;
  if (!d) return;
  const count = Math.ceil(d.image.size / IMAGE_CHUNK);
  if (d.image.chunkSize !== IMAGE_CHUNK || d.image.chunks.length !== count) throw bad('the disk image has the wrong number of chunks');
  if (d.overlay.some(([idx]) => idx >= count)) throw bad('a disk overlay chunk lies past the end of the disk');
}
