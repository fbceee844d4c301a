import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionMismatchError } from './errors.ts';
import { IMAGE_CHUNK } from './images.ts';
import { Store } from './store.ts';
import { FakeMachineState, fakePng, tempDir, testConfig } from './test-helpers.ts';

let dir: string;
let dbPath: string;
let store: Store;
beforeEach(() => {
  dir = tempDir();
  dbPath = join(dir, 'studio.db');
  store = Store.open(dbPath);
});
afterEach(async () => {
  await store.close();
});

const expectRunning = (over = {}) => ({ config: testConfig(over), stateFormat: 1 });

describe('sessions', () => {
  it('saves and loads a machine state with thumbnail, exactly', async () => {
    const state = new FakeMachineState().bytes();
    const info = await store.sessions.save({ name: 'demo', config: testConfig(), stateFormat: 1, state, thumbnail: fakePng() });
    expect(info).toMatchObject({ name: 'demo', stateSize: state.length, diskImageId: null });
    const listed = store.sessions.list();
    expect(listed).toHaveLength(1);
    expect(listed[0].thumbnail).toEqual(fakePng());
    const loaded = store.sessions.load('demo', expectRunning());
    expect(Buffer.from(loaded.state).equals(Buffer.from(state))).toBe(true);
  });

  it('stores 10 saves of a mostly unchanged machine in little more than one', async () => {
    const m = new FakeMachineState(400);
    await store.sessions.save({ name: 'one', config: testConfig(), stateFormat: 1, state: m.bytes() });
    const one = store.stats().chunkBytes;
    for (let i = 0; i < 10; i++) {
      m.step(2, i % 3 === 0 ? 1 : 0); // a few pages change, sometimes one appears (shifting the rest)
      await store.sessions.save({ name: `s${i}`, config: testConfig(), stateFormat: 1, state: m.bytes() });
    }
    const ten = store.stats().chunkBytes;
    expect(ten / one).toBeLessThan(2);
    for (let i = 0; i < 10; i++) store.sessions.verify(`s${i}`);
  });

  it('overwrites a session in place (Save) and collects the chunks it no longer uses', async () => {
    const m = new FakeMachineState(50);
    const first = await store.sessions.save({ name: 'work', config: testConfig(), stateFormat: 1, state: m.bytes() });
    for (let i = 0; i < 5; i++) {
      m.step(10);
      await store.sessions.save({ name: 'work', config: testConfig(), stateFormat: 1, state: m.bytes(), replace: 'work' });
    }
    const again = store.sessions.get('work');
    expect(again.id).toBe(first.id);
    expect(again.createdAt).toBe(first.createdAt);
    expect(store.sessions.list()).toHaveLength(1);
    const fresh = Store.open(join(dir, 'fresh.db'));
    await fresh.sessions.save({ name: 'work', config: testConfig(), stateFormat: 1, state: m.bytes() });
    expect(store.stats().chunks).toBe(fresh.stats().chunks);
    await fresh.close();
    await expect(store.sessions.save({ name: 'dup', config: testConfig(), stateFormat: 1, state: m.bytes() }).then(() =>
      store.sessions.save({ name: 'dup', config: testConfig(), stateFormat: 1, state: m.bytes() }))).rejects.toMatchObject({ code: 'name-taken' });
  });

  it('refuses to restore into a different machine, saying what differs', async () => {
    await store.sessions.save({ name: 'old', config: testConfig(), stateFormat: 1, state: new FakeMachineState(5).bytes() });
    const err = (() => {
      try {
        store.sessions.load('old', expectRunning({ kernelHash: 'b'.repeat(64), memoryBytes: 64 << 20 }));
      } catch (e) {
        return e;
      }
    })() as SessionMismatchError;
    expect(err).toBeInstanceOf(SessionMismatchError);
    expect(err.message).toBe(`session 'old' cannot be restored here: saved with kernel ${'a'.repeat(12)}, running kernel ${'b'.repeat(12)}; saved with 32 MiB of memory, running 64 MiB`);
    expect(() => store.sessions.load('old', { config: testConfig(), stateFormat: 2 })).toThrow('saved in state format 1, this build reads format 2');
  });

  it('rejects bad input with one clear line', async () => {
    const base = { name: 'x', config: testConfig(), stateFormat: 1, state: new Uint8Array(10) };
    await expect(store.sessions.save({ ...base, name: ' ' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('a name cannot be empty') });
    await expect(store.sessions.save({ ...base, thumbnail: new Uint8Array(20) })).rejects.toThrow('thumbnail is not a PNG');
    await expect(store.sessions.save({ ...base, state: new Uint8Array(0) })).rejects.toThrow('the machine state is empty');
    await expect(store.sessions.save({ ...base, config: { ...testConfig(), kernelHash: 'nope' } })).rejects.toThrow('kernelHash must be a sha256 in hex');
    await expect(store.sessions.save({ ...base, disk: { imageId: 99, bytes: new Uint8Array(512) } })).rejects.toMatchObject({ code: 'not-found' });
    expect(store.stats().sessions).toBe(0);
  });

  it('keeps only changed disk chunks, restores base + overlay, and protects the base image', async () => {
    const disk = randomBytes(16 * IMAGE_CHUNK);
    const image = await store.images.import(Readable.from([disk]), { name: 'hda' });
    const before = store.stats().chunks;
    const changed = Buffer.from(disk);
    changed[5 * IMAGE_CHUNK + 9] ^= 1;
    changed[11 * IMAGE_CHUNK] ^= 1;
    await store.sessions.save({ name: 'd', config: testConfig(), stateFormat: 1, state: new FakeMachineState(3).bytes(), disk: { imageId: image.id, bytes: changed } });
    expect(store.db.prepare('SELECT idx FROM session_disk_chunks').pluck().all()).toEqual([5, 11]);
    const loaded = store.sessions.load('d', expectRunning());
    expect(Buffer.from(loaded.disk!).equals(changed)).toBe(true);
    await expect(store.images.delete('hda')).rejects.toMatchObject({ code: 'in-use', message: "image 'hda' is the disk of session 'd': delete those first" });
    await store.sessions.delete('d');
    expect(store.stats().chunks).toBe(before);
    await store.images.delete('hda');
    expect(store.stats()).toMatchObject({ chunks: 0, sessions: 0, images: 0 });
  });

  it('renames and deletes, keeping the recent list in step', async () => {
    const a = await store.sessions.save({ name: 'a', config: testConfig(), stateFormat: 1, state: new FakeMachineState(3).bytes() });
    const b = await store.sessions.save({ name: 'b', config: testConfig(), stateFormat: 1, state: new FakeMachineState(3).bytes() });
    await store.settings.noteRecentSession(a.id, 'a');
    await store.settings.noteRecentSession(b.id, 'b');
    await store.sessions.rename('a', 'alpha');
    expect(store.settings.get('recentSessions').map((r) => r.name)).toEqual(['b', 'alpha']);
    await store.sessions.delete('b');
    expect(store.settings.get('recentSessions').map((r) => r.name)).toEqual(['alpha']);
    expect(store.stats().sessions).toBe(1);
  });

  it('exports a session with its disk to one file and imports it into another database', async () => {
    const disk = randomBytes(4 * IMAGE_CHUNK);
    const image = await store.images.import(Readable.from([disk]), { name: 'hda' });
    const changed = Buffer.from(disk);
    changed[IMAGE_CHUNK] ^= 1;
    const state = new FakeMachineState(20).bytes();
    await store.sessions.save({ name: 'trip', config: testConfig(), stateFormat: 1, state, thumbnail: fakePng(7), disk: { imageId: image.id, bytes: changed } });
    const file = join(dir, 'trip.minios-session');
    await store.exportSession('trip', file);
    const other = Store.open(join(dir, 'other.db'));
    const info = await other.importSession(file);
    expect(info).toMatchObject({ name: 'trip', thumbnail: fakePng(7) });
    const loaded = other.sessions.load('trip', expectRunning());
    expect(Buffer.from(loaded.state).equals(Buffer.from(state))).toBe(true);
    expect(Buffer.from(loaded.disk!).equals(changed)).toBe(true);
    expect(other.images.list().map((i) => i.name)).toEqual(['hda']);
    // Importing again reuses the image and the chunks, and names the session uniquely.
    const chunks = other.stats().chunks;
    expect((await other.importSession(file)).name).toBe('trip (2)');
    expect(other.stats()).toMatchObject({ chunks, images: 1 });
    // A damaged or truncated file changes nothing.
    const bytes = readFileSync(file);
    writeFileSync(join(dir, 'trunc'), bytes.subarray(0, bytes.length - 100));
    const flipped = Buffer.from(bytes);
    flipped[200] ^= 1;
    writeFileSync(join(dir, 'flip'), flipped);
    writeFileSync(join(dir, 'junk'), 'hello');
    for (const f of ['trunc', 'flip', 'junk', 'missing']) {
      await expect(other.importSession(join(dir, f))).rejects.toMatchObject({ code: 'bad-file' });
    }
    expect(other.stats().sessions).toBe(2);
    await other.close();
  });
});

describe('settings', () => {
  it('validates on write and falls back to defaults on a bad stored value', async () => {
    expect(store.settings.all()).toEqual({ theme: 'system', panelLayout: null, recentSessions: [] });
    await store.settings.set('theme', 'dark');
    await store.settings.set('panelLayout', { version: 1, panels: [{ id: 'boot', dock: 'left' }] });
    expect(store.settings.get('theme')).toBe('dark');
    expect(store.settings.get('panelLayout')).toEqual({ version: 1, panels: [{ id: 'boot', dock: 'left' }] });
    await expect(store.settings.set('theme', 'purple')).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(store.settings.set('nope', 1)).rejects.toThrow("unknown setting 'nope'");
    store.db.prepare("UPDATE settings SET value = '{bad json' WHERE key = 'theme'").run();
    expect(store.settings.get('theme')).toBe('system');
  });
});

describe('damaged data is reported, never returned', () => {
  async function savedSession(): Promise<void> {
    await store.sessions.save({ name: 'victim', config: testConfig(), stateFormat: 1, state: new FakeMachineState(40).bytes() });
  }
  const raw = () => {
    const db = new Database(dbPath);
    db.pragma('foreign_keys = OFF');
    return db;
  };
  const firstStateChunk = (db: Database.Database) =>
    db.prepare('SELECT c.id, c.codec, length(c.data) AS len FROM session_state_chunks r JOIN chunks c ON c.id = r.chunk_id WHERE r.idx = 1').get() as { id: number; codec: number; len: number };

  it.each([
    ['a flipped byte', (db: Database.Database, id: number) => db.prepare('UPDATE chunks SET data = randomblob(length(data)) WHERE id = ?').run(id), /session 'victim': machine state: chunk 1 (has bad compressed data|does not match its hash)/],
    ['a truncated blob', (db: Database.Database, id: number) => db.prepare('UPDATE chunks SET data = substr(data, 1, 100) WHERE id = ?').run(id), /session 'victim': machine state: chunk 1 (has bad compressed data|is truncated)/],
    ['a missing chunk', (db: Database.Database, id: number) => db.prepare('DELETE FROM chunks WHERE id = ?').run(id), /session 'victim': machine state: chunk 1 is missing/],
    ['a missing reference', (db: Database.Database) => db.prepare('DELETE FROM session_state_chunks WHERE idx = 1').run(), /session 'victim': machine state: chunk 1 is missing/],
  ])('%s', async (_what, damage, msg) => {
    await savedSession();
    const db = raw();
    damage(db, firstStateChunk(db).id);
    db.close();
    expect(() => store.sessions.load('victim', expectRunning())).toThrow(expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(msg) }));
    await expect(store.exportSession('victim', join(dir, 'out'))).rejects.toMatchObject({ code: 'corrupt' });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a damaged image chunk fails the export and leaves no partial file', async () => {
    await store.images.import(Readable.from([randomBytes(8 * IMAGE_CHUNK)]), { name: 'img' });
    const db = raw();
    db.prepare('UPDATE chunks SET data = substr(data, 1, 1000) WHERE id = (SELECT chunk_id FROM image_chunks WHERE idx = 6)').run();
    db.close();
    const out = join(dir, 'img.out');
    await expect(store.images.exportToFile('img', out)).rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^image 'img': chunk 6 is truncated \(1000 of 65536 bytes\)$/) });
    expect(existsSync(out)).toBe(false);
  });
});
