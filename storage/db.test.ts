import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from './migrations.ts';
import { defaultDbPath } from './paths.ts';
import { Store } from './store.ts';
import { tempDir } from './test-helpers.ts';

describe('database file', () => {
  it('migrates an empty database to the current schema, in WAL mode with foreign keys on', async () => {
    const path = join(tempDir(), 'sub', 'studio.db');
    const store = Store.open(path);
    expect(store.db.prepare('SELECT MAX(version) FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['chunks', 'images', 'image_chunks', 'sessions', 'session_state_chunks', 'session_disk_chunks', 'settings']));
    await store.close();
    // Reopening is a no-op migration.
    const again = Store.open(path);
    expect(again.db.prepare('SELECT COUNT(*) FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
    await again.close();
  });

  it('refuses a database from a newer schema, naming both versions', async () => {
    const path = join(tempDir(), 'newer.db');
    await Store.open(path).close();
    const raw = new Database(path);
    raw.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, 0)').run(SCHEMA_VERSION + 5);
    raw.close();
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'newer-schema', message: expect.stringMatching(/newer MiniOS Studio \(schema version \d+; this one knows up to \d+\)/) }));
  });

  it('refuses a file that is not a database', () => {
    const path = join(tempDir(), 'junk.db');
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'corrupt', message: expect.stringContaining('not a MiniOS Studio database') }));
  });

  it('defaults to the user data folder', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/minios-studio/studio.db');
    expect(defaultDbPath({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.local/share/minios-studio/studio.db');
  });
});
