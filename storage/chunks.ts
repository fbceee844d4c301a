/*
 * The chunk table: content-addressed blobs shared by images, session states and
 * disk overlays. put() stores a chunk once per distinct content; verify() is the
 * one place a stored chunk is checked (present, decodes, right length, right
 * hash) before anyone sees its bytes; collect() deletes the chunks that nothing
 * references any more, inside the caller's transaction.
 */
import type { Db } from './db.ts';
import { decodeChunk, encodeChunk } from './codec.ts';
import { StorageError, messageOf } from './errors.ts';
import { asBuffer, sha256 } from './hash.ts';

/** A chunk reference joined with the chunk row (null columns: the chunk is missing). */
export interface ChunkRow {
  idx: number;
  hash: Buffer | null;
  size: number | null;
  codec: number | null;
  data: Buffer | null;
}

/** The tables that reference chunks, and the column naming their owner. */
export const CHUNK_REFS = [
  { table: 'image_chunks', owner: 'image_id' },
  { table: 'session_state_chunks', owner: 'session_id' },
  { table: 'session_disk_chunks', owner: 'session_id' },
] as const;
export type ChunkRefTable = (typeof CHUNK_REFS)[number]['table'];

const UNREFERENCED = CHUNK_REFS.map((r) => `NOT EXISTS (SELECT 1 FROM ${r.table} WHERE chunk_id = chunks.id)`).join(' AND ');

export class ChunkStore {
  private readonly find;
  private readonly insert;
  private readonly collectOne;
  private readonly candidates;

  constructor(private readonly db: Db) {
    this.find = db.prepare('SELECT id FROM chunks WHERE hash = ?').pluck();
    this.insert = db.prepare('INSERT INTO chunks (hash, size, codec, data) VALUES (?, ?, ?, ?)');
    this.collectOne = db.prepare(`DELETE FROM chunks WHERE id = ? AND ${UNREFERENCED}`);
    this.candidates = Object.fromEntries(
      CHUNK_REFS.map((r) => [r.table, db.prepare(`SELECT DISTINCT chunk_id FROM ${r.table} WHERE ${r.owner} = ?`).pluck()]),
    ) as Record<ChunkRefTable, ReturnType<Db['prepare']>>;
  }

  /** Stores `bytes` unless a chunk with the same hash exists; returns the chunk id. Call inside a transaction. */
  put(bytes: Uint8Array, compress: boolean, hash: Buffer = sha256(bytes)): number {
    const found = this.find.get(hash) as number | undefined;
    if (found !== undefined) return found;
    const { codec, data } = encodeChunk(bytes, compress);
    return Number(this.insert.run(hash, bytes.length, codec, asBuffer(data)).lastInsertRowid);
  }

  /** Stores an already-encoded chunk (from a session file) unless its hash is known; returns the chunk id. */
  putEncoded(hash: Buffer, size: number, codec: number, data: Uint8Array): number {
    const found = this.find.get(hash) as number | undefined;
    if (found !== undefined) return found;
    return Number(this.insert.run(hash, size, codec, asBuffer(data)).lastInsertRowid);
  }

  /** The id of the chunk with this hash, if stored. */
  idOf(hash: Buffer): number | undefined {
    return this.find.get(hash) as number | undefined;
  }

  /** Chunk ids referenced by one owner in one table (to collect after the owner goes). */
  referencedBy(table: ChunkRefTable, ownerId: number): number[] {
    return this.candidates[table].all(ownerId) as number[];
  }

  /** Deletes those of `ids` that nothing references now; returns how many went. */
  collect(ids: Iterable<number>): number {
    let n = 0;
    for (const id of new Set(ids)) n += this.collectOne.run(id).changes;
    return n;
  }

  /** Deletes every unreferenced chunk (maintenance; normal deletes collect as they go). */
  collectAll(): number {
    return this.db.prepare(`DELETE FROM chunks WHERE ${UNREFERENCED}`).run().changes;
  }

  /** Statement text selecting an owner's chunk rows in order, missing chunks as NULLs. */
  static rowsSql(table: ChunkRefTable, owner: string): string {
    return `SELECT r.idx AS idx, c.hash AS hash, c.size AS size, c.codec AS codec, c.data AS data
            FROM ${table} r LEFT JOIN chunks c ON c.id = r.chunk_id WHERE r.${owner} = ? ORDER BY r.idx`;
  }
}

/**
 * Checks one stored chunk and returns its decoded bytes; `what` names the
 * owner for the message ("session 'demo': machine state").
 */
export function verifyChunk(row: ChunkRow, what: string): Uint8Array {
  const where = `${what}: chunk ${row.idx}`;
  if (row.hash === null || row.data === null || row.size === null || row.codec === null) {
    throw new StorageError('corrupt', `${where} is missing from the database`);
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeChunk(row.codec, row.data, row.size);
  } catch (e) {
    throw new StorageError('corrupt', `${where} has bad compressed data (${messageOf(e)})`);
  }
  if (bytes.length !== row.size) {
    throw new StorageError('corrupt', `${where} is truncated (${bytes.length} of ${row.size} bytes)`);
  }
  if (!sha256(bytes).equals(row.hash)) throw new StorageError('corrupt', `${where} does not match its hash (corrupt data)`);
  return bytes;
}

/** Checks that chunk indexes run 0,1,2,... (a missing reference row is a truncated object). */
export function expectIndex(row: ChunkRow, expected: number, what: string): void {
  if (row.idx !== expected) {
    throw new StorageError('corrupt', `${what}: chunk ${expected} is missing (the list jumps to ${row.idx})`);
  }
}
