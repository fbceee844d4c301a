/*
 * Disk images, stored as fixed 64 KiB chunks: import from a file or a byte
 * stream (one transaction, progress as it goes), export back byte-identical,
 * list, rename, delete (collecting chunks nothing else uses). A file that is
 * empty, not whole 512-byte sectors or unreadable changes nothing.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ChunkStore, expectIndex, verifyChunk, type ChunkRow } from './chunks.ts';
import type { Db } from './db.ts';
import { StorageError, messageOf, wrapSqlite } from './errors.ts';
import { sha256 } from './hash.ts';
import type { Mutex } from './mutex.ts';
import { assertNameFree, resolveRef, uniqueName } from './refs.ts';
import { NameSchema, parse, type Ref } from './schemas.ts';
import { writeFileAtomically } from './write-file.ts';

export const IMAGE_CHUNK = 64 << 10;
export const SECTOR = 512;

export interface ImageInfo {
  id: number;
  name: string;
  size: number;
  /** sha256 (hex) over the size and chunk hashes: equal for byte-identical images. */
  contentHash: string;
  createdAt: number;
}

export interface Progress {
  bytes: number;
  /** Known for files; undefined for streams. */
  total?: number;
}

/** A file path, or bytes arriving in pieces (a Node Readable is one). */
export type ImageSource = string | AsyncIterable<Uint8Array>;

export interface ImportOptions {
  /** Defaults to the file name (made unique); a given name that is taken is an error. */
  name?: string;
  onProgress?: (p: Progress) => void;
}

interface ImageRow {
  id: number;
  name: string;
  size: number;
  chunk_size: number;
  content_hash: Buffer;
  created_at: number;
}

const toInfo = (r: ImageRow): ImageInfo => ({ id: r.id, name: r.name, size: r.size, contentHash: r.content_hash.toString('hex'), createdAt: r.created_at });

export class ImageStore {
  constructor(
    private readonly db: Db,
    private readonly chunks: ChunkStore,
    private readonly lock: Mutex,
  ) {}

  list(): ImageInfo[] {
    return (this.db.prepare('SELECT * FROM images ORDER BY name').all() as ImageRow[]).map(toInfo);
  }

  get(ref: Ref): ImageInfo {
    return toInfo(this.row(resolveRef(this.db, 'image', ref)));
  }

  import(source: ImageSource, opts: ImportOptions = {}): Promise<ImageInfo> {
    return this.lock.run(async () => {
      const { label, stream, total } = openSource(source);
      const name = opts.name !== undefined ? parse(NameSchema, opts.name, 'image name') : undefined;
      if (name !== undefined) assertNameFree(this.db, 'image', name);
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const stored = await this.storeChunks(stream, label, total, opts.onProgress);
        const info = this.insertImage(name ?? uniqueName(this.db, 'image', defaultName(source)), stored);
        this.db.exec('COMMIT');
        return info;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        if (e instanceof StorageError) throw e;
        return wrapSqlite(e, `importing ${label}`);
      }
    });
  }

  /** Reads `stream` into 64 KiB chunks, stores them, returns their ids in order. Validates the total size. */
  private async storeChunks(stream: AsyncIterable<Uint8Array>, label: string, total: number | undefined, onProgress?: (p: Progress) => void): Promise<{ ids: number[]; hashes: Buffer[]; size: number }> {
    const ids: number[] = [];
    const hashes: Buffer[] = [];
    const pending = Buffer.allocUnsafe(IMAGE_CHUNK);
    let fill = 0;
    let size = 0;
    const flush = () => {
      const bytes = pending.subarray(0, fill);
      const hash = sha256(bytes);
      ids.push(this.chunks.put(bytes, false, hash));
      hashes.push(hash);
      fill = 0;
    };
    try {
      for await (const piece of stream) {
        for (let off = 0; off < piece.length; ) {
          const n = Math.min(piece.length - off, IMAGE_CHUNK - fill);
          pending.set(piece.subarray(off, off + n), fill);
          fill += n;
          off += n;
          if (fill === IMAGE_CHUNK) flush();
        }
        size += piece.length;
        onProgress?.({ bytes: size, total });
      }
    } catch (e) {
      if (e instanceof StorageError || (e as { code?: string }).code?.startsWith('SQLITE')) throw e;
      throw new StorageError('bad-image', `cannot read ${label}: ${messageOf(e)}`);
    }
    if (fill > 0) flush();
    checkImageSize(size, label);
    if (total !== undefined && size !== total) throw new StorageError('bad-image', `${label} changed while it was read (${size} of ${total} bytes)`);
    return { ids, hashes, size };
  }

  private insertImage(name: string, c: { ids: number[]; hashes: Buffer[]; size: number }): ImageInfo {
    const now = Date.now();
    const content = contentHash(c.size, c.hashes);
    const id = Number(
      this.db.prepare('INSERT INTO images (name, size, chunk_size, content_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(name, c.size, IMAGE_CHUNK, content, now)
        .lastInsertRowid,
    );
    const ref = this.db.prepare('INSERT INTO image_chunks (image_id, idx, chunk_id) VALUES (?, ?, ?)');
    c.ids.forEach((chunkId, idx) => ref.run(id, idx, chunkId));
    return { id, name, size: c.size, contentHash: content.toString('hex'), createdAt: now };
  }

  /** The image's bytes, every chunk verified (to attach it to a machine). */
  read(ref: Ref): Uint8Array {
    const row = this.row(resolveRef(this.db, 'image', ref));
    const out = new Uint8Array(row.size);
    let off = 0;
    this.forEachChunk(row, (bytes) => {
      out.set(bytes, off);
      off += bytes.length;
    });
    return out;
  }

  /** The hashes of the image's chunks, in order (for diffing a machine's disk against it). */
  chunkHashes(id: number): Buffer[] {
    const rows = this.db
      .prepare('SELECT c.hash FROM image_chunks r JOIN chunks c ON c.id = r.chunk_id WHERE r.image_id = ? ORDER BY r.idx')
      .pluck()
      .all(id) as Buffer[];
    return rows;
  }

  /** Writes the image to `path` byte-identical (via a temporary file: a corrupt image leaves no partial file). */
  async exportToFile(ref: Ref, path: string, onProgress?: (p: Progress) => void): Promise<ImageInfo> {
    const row = this.row(resolveRef(this.db, 'image', ref));
    await writeFileAtomically(path, async (write) => {
      let done = 0;
      await this.forEachChunkAsync(row, (bytes) => {
        write(bytes);
        done += bytes.length;
        onProgress?.({ bytes: done, total: row.size });
      });
    });
    return toInfo(row);
  }

  rename(ref: Ref, newName: string): Promise<ImageInfo> {
    return this.lock.run(() => {
      const name = parse(NameSchema, newName, 'image name');
      return this.db.transaction(() => {
        const id = resolveRef(this.db, 'image', ref);
        assertNameFree(this.db, 'image', name, id);
        this.db.prepare('UPDATE images SET name = ? WHERE id = ?').run(name, id);
        return toInfo(this.row(id));
      }).immediate();
    });
  }

  /** Deletes the image and the chunks only it used; refused while a session's disk is based on it. */
  delete(ref: Ref): Promise<void> {
    return this.lock.run(() =>
      this.db.transaction(() => {
        const id = resolveRef(this.db, 'image', ref);
        const users = this.db.prepare('SELECT name FROM sessions WHERE disk_image_id = ? ORDER BY name').pluck().all(id) as string[];
        if (users.length > 0) {
          throw new StorageError('in-use', `image '${this.row(id).name}' is the disk of session${users.length > 1 ? 's' : ''} ${users.map((u) => `'${u}'`).join(', ')}: delete those first`);
        }
        const candidates = this.chunks.referencedBy('image_chunks', id);
        this.db.prepare('DELETE FROM images WHERE id = ?').run(id);
        this.chunks.collect(candidates);
      }).immediate(),
    );
  }

  private row(id: number): ImageRow {
    return this.db.prepare('SELECT * FROM images WHERE id = ?').get(id) as ImageRow;
  }

  private forEachChunk(row: ImageRow, fn: (bytes: Uint8Array) => void): void {
    const rows = this.db.prepare(ChunkStore.rowsSql('image_chunks', 'image_id')).all(row.id) as ChunkRow[];
    this.checkRows(row, rows, 0, true).forEach((b) => fn(b));
  }

  /** Like forEachChunk, in batches of 64 chunks with a yield between (export of a big image stays responsive). */
  private async forEachChunkAsync(row: ImageRow, fn: (bytes: Uint8Array) => void): Promise<void> {
    const batch = 64;
    const stmt = this.db.prepare(ChunkStore.rowsSql('image_chunks', 'image_id').replace('ORDER BY', 'AND r.idx >= ? AND r.idx < ? ORDER BY'));
    const count = Math.ceil(row.size / row.chunk_size);
    for (let first = 0; first < count; first += batch) {
      const rows = stmt.all(row.id, first, first + batch) as ChunkRow[];
      this.checkRows(row, rows, first, first + batch >= count).forEach((b) => fn(b));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Verifies a run of an image's chunks starting at index `first`; `last` says the run should end the image. */
  private checkRows(row: ImageRow, rows: ChunkRow[], first: number, last: boolean): Uint8Array[] {
    const what = `image '${row.name}'`;
    const count = Math.ceil(row.size / row.chunk_size);
    const out = rows.map((r, i) => {
      expectIndex(r, first + i, what);
      const bytes = verifyChunk(r, what);
      const want = r.idx === count - 1 ? row.size - r.idx * row.chunk_size : row.chunk_size;
      if (bytes.length !== want) throw new StorageError('corrupt', `${what}: chunk ${r.idx} has ${bytes.length} bytes, expected ${want}`);
      return bytes;
    });
    const end = first + rows.length;
    if (last && end !== count) throw new StorageError('corrupt', `${what}: chunk ${end} is missing (image is truncated: ${end} of ${count} chunks)`);
    return out;
  }
}

/** sha256 over the size (8 bytes LE) and the chunk hashes. */
export function contentHash(size: number, hashes: Buffer[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(size));
  return sha256(Buffer.concat([head, ...hashes]));
}

/** The one rule for a valid disk image size. */
export function checkImageSize(size: number, label: string): void {
  if (size === 0) throw new StorageError('bad-image', `${label} is empty`);
  if (size % SECTOR !== 0) throw new StorageError('bad-image', `${label} is ${size} bytes, not a whole number of 512-byte sectors`);
}

function openSource(source: ImageSource): { label: string; stream: AsyncIterable<Uint8Array>; total?: number } {
  if (typeof source !== 'string') return { label: 'the imported data', stream: source };
  let size: number;
  try {
    const st = statSync(source);
    if (st.isDirectory()) throw new StorageError('bad-image', `${source} is a folder, not a disk image`);
    size = st.size;
  } catch (e) {
    if (e instanceof StorageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new StorageError('bad-image', code === 'ENOENT' ? `${source}: no such file` : `cannot read ${source}: ${code ?? messageOf(e)}`);
  }
  if (size > 0) checkImageSize(size, source); // empty: a device or pipe may still have data; checked after reading
  return { label: source, stream: createReadStream(source, { highWaterMark: 1 << 20 }), total: size > 0 ? size : undefined };
}

function defaultName(source: ImageSource): string {
  return typeof source === 'string' ? basename(source) || 'disk image' : 'disk image';
}
