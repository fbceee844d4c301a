/*
 * Opening the database file: WAL (readers never wait for a writer), foreign keys
 * on, synchronous=FULL (a saved session survives a power cut, not only a crash),
 * then the migrations. A file that is not a database gets one clear error.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError, messageOf } from './errors.ts';
import { migrate } from './migrations.ts';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw new StorageError('io', `cannot create the folder for ${path}: ${messageOf(e)}`);
    }
  }
  let db: Db;
  try {
    db = new Database(path, { timeout: 5000 });
  } catch (e) {
    throw new StorageError('io', `cannot open database ${path}: ${messageOf(e)}`);
  }
  try {
    // 16 KiB pages (on a new file; ignored later): 64 KiB chunk blobs write ~2x faster than with 4 KiB pages.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof StorageError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StorageError('corrupt', `${path} is not a MiniOS Studio database (or it is damaged)`);
    }
    throw new StorageError('io', `cannot open database ${path}: ${messageOf(e)}`);
  }
}
