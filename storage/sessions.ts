/*
 * Saved machines. A session is the v86 state (content-defined chunks, deflated),
 * the disk overlay (only the 64 KiB chunks that differ from its base image), the
 * machine configuration with its hash, the state format, a PNG thumbnail and a
 * name. Each save is one transaction; restoring checks the configuration and
 * format first and every chunk's hash, and says what is wrong instead of
 * handing v86 something it would crash on.
 */
import { ChunkStore, expectIndex, verifyChunk, type ChunkRow } from './chunks.ts';
import { contentChunks } from './cdc.ts';
import type { Db } from './db.ts';
import { SessionMismatchError, StorageError } from './errors.ts';
import { canonicalJson, sha256, sha256Hex } from './hash.ts';
import { IMAGE_CHUNK, type ImageStore } from './images.ts';
import type { Mutex } from './mutex.ts';
import { assertNameFree, resolveRef } from './refs.ts';
import { ExpectSchema, MachineConfigSchema, NameSchema, SaveSessionSchema, parse, type MachineConfig, type Ref, type RestoreExpectation, type SaveSessionInput } from './schemas.ts';
import type { Settings } from './settings.ts';

export interface SessionInfo {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  config: MachineConfig;
  configHash: string;
  stateFormat: number;
  stateSize: number;
  /** PNG bytes, or null when saved without one. */
  thumbnail: Uint8Array | null;
  /** The image the disk overlay is based on, or null for a machine without a disk. */
  diskImageId: number | null;
}

export interface LoadedSession {
  info: SessionInfo;
  /** The v86 state blob, exactly as saved (pass to restore_state). */
  state: Uint8Array;
  /** The machine's disk as it was at the save: base image + overlay. */
  disk?: Uint8Array;
}

export interface SessionRow {
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
  config_json: string;
  config_hash: string;
  state_format: number;
  state_size: number;
  state_hash: Buffer;
  thumbnail: Buffer | null;
  disk_image_id: number | null;
  disk_size: number | null;
}

/** The hash a configuration is known by (canonical JSON, sha256 hex). */
export function configHash(config: MachineConfig): string {
  return sha256Hex(canonicalJson(config));
}

const MiB = 1 << 20;
const fmtBytes = (n: number) => (n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`);

/** How a saved configuration differs from the running one, in words ("saved with kernel X, running kernel Y"). */
export function describeMismatch(saved: MachineConfig, savedFormat: number, running: RestoreExpectation): string[] {
  const out: string[] = [];
  const cur = running.config;
  if (saved.kernelHash !== cur.kernelHash) out.push(`saved with kernel ${saved.kernelHash.slice(0, 12)}, running kernel ${cur.kernelHash.slice(0, 12)}`);
  if (saved.engine !== cur.engine || saved.engineVersion !== cur.engineVersion) {
    out.push(`saved with ${saved.engine} ${saved.engineVersion}, running ${cur.engine} ${cur.engineVersion}`);
  }
  if (saved.memoryBytes !== cur.memoryBytes) out.push(`saved with ${fmtBytes(saved.memoryBytes)} of memory, running ${fmtBytes(cur.memoryBytes)}`);
  if (saved.vgaMemoryBytes !== cur.vgaMemoryBytes) out.push(`saved with ${fmtBytes(saved.vgaMemoryBytes)} of VGA memory, running ${fmtBytes(cur.vgaMemoryBytes)}`);
  if (saved.cmdline !== cur.cmdline) out.push(`saved with cmdline '${saved.cmdline}', running '${cur.cmdline}'`);
  if (savedFormat !== running.stateFormat) out.push(`saved in state format ${savedFormat}, this build reads format ${running.stateFormat}`);
  return out;
}

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly chunks: ChunkStore,
    private readonly images: ImageStore,
    private readonly settings: Settings,
    private readonly lock: Mutex,
  ) {}

  list(): SessionInfo[] {
    return (this.db.prepare('SELECT * FROM sessions ORDER BY updated_at DESC, id DESC').all() as SessionRow[]).map((r) => this.toInfo(r));
  }

  get(ref: Ref): SessionInfo {
    return this.toInfo(this.row(resolveRef(this.db, 'session', ref)));
  }

  /** Saves a machine as a new session, or over `input.replace` (keeping its created time). One transaction. */
  save(input: SaveSessionInput): Promise<SessionInfo> {
    return this.lock.run(() => {
      const v = parse(SaveSessionSchema, input, 'session');
      return this.db.transaction(() => {
        if (v.disk) this.images.get(v.disk.imageId); // 'not-found' before anything is written
        const now = Date.now();
        const cols = {
          name: v.name,
          updated_at: now,
          config_json: canonicalJson(v.config),
          config_hash: configHash(v.config),
          state_format: v.stateFormat,
          state_size: v.state.length,
          state_hash: sha256(v.state),
          thumbnail: v.thumbnail ? Buffer.from(v.thumbnail) : null,
          disk_image_id: v.disk?.imageId ?? null,
          disk_size: v.disk?.bytes.length ?? null,
        };
        let id: number;
        let old: number[] = [];
        if (v.replace !== undefined) {
          id = resolveRef(this.db, 'session', v.replace);
          assertNameFree(this.db, 'session', v.name, id);
          old = this.ownedChunks(id);
          this.db.prepare('DELETE FROM session_state_chunks WHERE session_id = ?').run(id);
          this.db.prepare('DELETE FROM session_disk_chunks WHERE session_id = ?').run(id);
          const set = Object.keys(cols).map((k) => `${k} = @${k}`).join(', ');
          this.db.prepare(`UPDATE sessions SET ${set} WHERE id = @id`).run({ ...cols, id });
          this.settings.renameRecentNow(id, v.name);
        } else {
          assertNameFree(this.db, 'session', v.name);
          const names = Object.keys(cols);
          id = Number(
            this.db.prepare(`INSERT INTO sessions (created_at, ${names.join(', ')}) VALUES (@created_at, ${names.map((k) => `@${k}`).join(', ')})`).run({ ...cols, created_at: now })
              .lastInsertRowid,
          );
        }
        this.storeState(id, v.state);
        if (v.disk) this.storeDiskOverlay(id, v.disk.imageId, v.disk.bytes);
        this.chunks.collect(old);
        return this.toInfo(this.row(id));
      }).immediate();
    });
  }

  private storeState(id: number, state: Uint8Array): void {
    const ref = this.db.prepare('INSERT INTO session_state_chunks (session_id, idx, chunk_id) VALUES (?, ?, ?)');
    contentChunks(state).forEach((piece, idx) => ref.run(id, idx, this.chunks.put(piece, true)));
  }

  private storeDiskOverlay(id: number, imageId: number, disk: Uint8Array): void {
    const image = this.images.get(imageId);
    if (disk.length !== image.size) {
      throw new StorageError('invalid-input', `session disk is ${disk.length} bytes but its image '${image.name}' is ${image.size}`);
    }
    const base = this.images.chunkHashes(imageId);
    const ref = this.db.prepare('INSERT INTO session_disk_chunks (session_id, idx, chunk_id) VALUES (?, ?, ?)');
    for (let idx = 0; idx * IMAGE_CHUNK < disk.length; idx++) {
      const piece = disk.subarray(idx * IMAGE_CHUNK, (idx + 1) * IMAGE_CHUNK);
      const hash = sha256(piece);
      if (!base[idx]?.equals(hash)) ref.run(id, idx, this.chunks.put(piece, false, hash));
    }
  }

  /**
   * Reads a session for restoring into a machine that runs `expect`. A different
   * configuration or state format is a SessionMismatchError (nothing is read);
   * a damaged chunk is a 'corrupt' StorageError naming the session.
   */
  load(ref: Ref, expect: RestoreExpectation): LoadedSession {
    const running = parse(ExpectSchema, expect, 'restore expectation');
    const row = this.row(resolveRef(this.db, 'session', ref));
    const info = this.toInfo(row);
    if (info.configHash !== configHash(running.config) || info.stateFormat !== running.stateFormat) {
      const diffs = describeMismatch(info.config, info.stateFormat, running);
      if (diffs.length === 0) diffs.push('saved with a different machine configuration');
      throw new SessionMismatchError(`session '${row.name}' cannot be restored here: ${diffs.join('; ')}`, diffs);
    }
    return this.readContents(row, info);
  }

  /** Reads and hash-checks everything a session holds; throws 'corrupt' naming what is wrong. */
  verify(ref: Ref): SessionInfo {
    const row = this.row(resolveRef(this.db, 'session', ref));
    const info = this.toInfo(row);
    this.readContents(row, info);
    return info;
  }

  private readContents(row: SessionRow, info: SessionInfo): LoadedSession {
    const state = this.readState(row);
    const disk = row.disk_image_id !== null ? this.readDisk(row) : undefined;
    return { info, state, disk };
  }

  /** The state's chunk rows, each verified, in order. */
  stateChunkRows(row: SessionRow): ChunkRow[] {
    const what = `session '${row.name}': machine state`;
    const rows = this.db.prepare(ChunkStore.rowsSql('session_state_chunks', 'session_id')).all(row.id) as ChunkRow[];
    rows.forEach((r, i) => expectIndex(r, i, what));
    return rows;
  }

  private readState(row: SessionRow): Uint8Array {
    const what = `session '${row.name}': machine state`;
    const out = new Uint8Array(row.state_size);
    let off = 0;
    for (const r of this.stateChunkRows(row)) {
      const bytes = verifyChunk(r, what);
      if (off + bytes.length > out.length) throw new StorageError('corrupt', `${what} is longer than the ${row.state_size} bytes recorded`);
      out.set(bytes, off);
      off += bytes.length;
    }
    if (off !== row.state_size) throw new StorageError('corrupt', `${what} is truncated (${off} of ${row.state_size} bytes)`);
    if (!sha256(out).equals(row.state_hash)) throw new StorageError('corrupt', `${what} does not match its hash (corrupt data)`);
    return out;
  }

  private readDisk(row: SessionRow): Uint8Array {
    const what = `session '${row.name}': disk`;
    const disk = this.images.read(row.disk_image_id!);
    if (disk.length !== row.disk_size) throw new StorageError('corrupt', `${what} is ${row.disk_size} bytes but its image has ${disk.length}`);
    for (const r of this.db.prepare(ChunkStore.rowsSql('session_disk_chunks', 'session_id')).all(row.id) as ChunkRow[]) {
      const bytes = verifyChunk(r, what);
      const off = r.idx * IMAGE_CHUNK;
      if (off + bytes.length > disk.length) throw new StorageError('corrupt', `${what}: chunk ${r.idx} lies past the end of the disk`);
      disk.set(bytes, off);
    }
    return disk;
  }

  rename(ref: Ref, newName: string): Promise<SessionInfo> {
    return this.lock.run(() => {
      const name = parse(NameSchema, newName, 'session name');
      return this.db.transaction(() => {
        const id = resolveRef(this.db, 'session', ref);
        assertNameFree(this.db, 'session', name, id);
        this.db.prepare('UPDATE sessions SET name = ? WHERE id = ?').run(name, id);
        this.settings.renameRecentNow(id, name);
        return this.toInfo(this.row(id));
      }).immediate();
    });
  }

  /** Deletes the session, the chunks only it used, and its place in the recent list. */
  delete(ref: Ref): Promise<void> {
    return this.lock.run(() =>
      this.db.transaction(() => {
        const id = resolveRef(this.db, 'session', ref);
        const old = this.ownedChunks(id);
        this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
        this.chunks.collect(old);
        this.settings.forgetRecentNow(id);
      }).immediate(),
    );
  }

  private ownedChunks(id: number): number[] {
    return [...this.chunks.referencedBy('session_state_chunks', id), ...this.chunks.referencedBy('session_disk_chunks', id)];
  }

  row(id: number): SessionRow {
    return this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow;
  }

  /** The row as API data; a configuration that no longer parses is reported as corruption. */
  toInfo(r: SessionRow): SessionInfo {
    let config: MachineConfig;
    try {
      config = parse(MachineConfigSchema, JSON.parse(r.config_json), 'configuration');
    } catch {
      throw new StorageError('corrupt', `session '${r.name}': its saved machine configuration is damaged`);
    }
    if (configHash(config) !== r.config_hash) throw new StorageError('corrupt', `session '${r.name}': its machine configuration does not match its hash`);
    return {
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      config,
      configHash: r.config_hash,
      stateFormat: r.state_format,
      stateSize: r.state_size,
      thumbnail: r.thumbnail ? new Uint8Array(r.thumbnail) : null,
      diskImageId: r.disk_image_id,
    };
  }
}
