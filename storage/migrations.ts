/*
 * The schema, as a list of migrations applied in order. The version table says
 * how many have run; a database from a newer MiniOS Studio (more migrations
 * than this build knows) is refused rather than misread. Append, never edit.
 */
import type Database from 'better-sqlite3';
import { StorageError } from './errors.ts';

const V1 = `
CREATE TABLE chunks (
  id    INTEGER PRIMARY KEY,
  hash  BLOB NOT NULL UNIQUE,     -- sha256 of the decoded bytes
  size  INTEGER NOT NULL,         -- decoded length
  codec INTEGER NOT NULL,         -- 0 raw, 1 raw deflate
  data  BLOB NOT NULL
);
CREATE TABLE images (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  size         INTEGER NOT NULL,
  chunk_size   INTEGER NOT NULL,
  content_hash BLOB NOT NULL,     -- sha256 over size and the chunk hashes: same bytes, same value
  created_at   INTEGER NOT NULL
);
CREATE TABLE image_chunks (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  idx      INTEGER NOT NULL,
  chunk_id INTEGER NOT NULL REFERENCES chunks(id),
  PRIMARY KEY (image_id, idx)
) WITHOUT ROWID;
CREATE INDEX image_chunks_by_chunk ON image_chunks(chunk_id);
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  config_json   TEXT NOT NULL,
  config_hash   TEXT NOT NULL,
  state_format  INTEGER NOT NULL,
  state_size    INTEGER NOT NULL,
  state_hash    BLOB NOT NULL,
  thumbnail     BLOB,
  disk_image_id INTEGER REFERENCES images(id),  -- the overlay's base; an image in use cannot be deleted
  disk_size     INTEGER
);
CREATE TABLE session_state_chunks (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  chunk_id   INTEGER NOT NULL REFERENCES chunks(id),
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE INDEX session_state_chunks_by_chunk ON session_state_chunks(chunk_id);
CREATE TABLE session_disk_chunks (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,       -- chunk index in the disk; only chunks that differ from the base
  chunk_id   INTEGER NOT NULL REFERENCES chunks(id),
  PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE INDEX session_disk_chunks_by_chunk ON session_disk_chunks(chunk_id);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                -- JSON, validated by the key's schema on write and read
) WITHOUT ROWID;
`;

export const MIGRATIONS: readonly string[] = [V1];
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Brings `db` up to SCHEMA_VERSION; each step is its own transaction. */
export function migrate(db: Database.Database, label: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const step = db.transaction((version: number) => {
    if (schemaVersion(db) >= version) return; // another process got there first
    db.exec(MIGRATIONS[version - 1]);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(version, Date.now());
  });
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new StorageError(
      'newer-schema',
      `${label} was written by a newer MiniOS Studio (schema version ${current}; this one knows up to ${SCHEMA_VERSION}): update MiniOS Studio or use another database file`,
    );
  }
  for (let v = current + 1; v <= SCHEMA_VERSION; v++) step.immediate(v);
}
