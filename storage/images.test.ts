import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_CHUNK } from './images.ts';
import { Store } from './store.ts';
import { tempDir } from './test-helpers.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = tempDir();
  store = Store.open(join(dir, 'studio.db'));
});
afterEach(async () => {
  await store.close();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('disk images', () => {
  it('round-trips a random 64 MiB image byte-identical, with progress', async () => {
    const src = join(dir, 'big.img');
    const bytes = randomBytes(64 << 20);
    writeFileSync(src, bytes);
    const seen: number[] = [];
    const info = await store.images.import(src, { onProgress: (p) => seen.push(p.bytes) });
    expect(info).toMatchObject({ name: 'big.img', size: 64 << 20 });
    expect(seen.at(-1)).toBe(64 << 20);
    expect(seen.length).toBeGreaterThan(10);
    const out = join(dir, 'out.img');
    await store.images.exportToFile('big.img', out);
    expect(sha(readFileSync(out))).toBe(sha(bytes));
    expect(store.stats().chunks).toBe(1024);
  }, 60000);

  it('stores an identical image again for free, and a one-chunk change for one chunk', async () => {
    const bytes = randomBytes(40 * IMAGE_CHUNK + 512);
    writeFileSync(join(dir, 'a.img'), bytes);
    const a = await store.images.import(join(dir, 'a.img'));
    const before = store.stats();
    const b = await store.images.import(join(dir, 'a.img'));
    expect(b.name).toBe('a.img (2)');
    expect(b.contentHash).toBe(a.contentHash);
    expect(store.stats().chunks).toBe(before.chunks);
    bytes[7 * IMAGE_CHUNK + 3] ^= 0xff;
    writeFileSync(join(dir, 'c.img'), bytes);
    await store.images.import(join(dir, 'c.img'));
    expect(store.stats().chunks).toBe(before.chunks + 1);
    expect(Buffer.from(store.images.read('c.img')).equals(bytes)).toBe(true);
  });

  it('imports from a stream of odd-sized pieces', async () => {
    const bytes = randomBytes(3 * IMAGE_CHUNK + 1024);
    const pieces = [bytes.subarray(0, 1000), bytes.subarray(1000, 200000), bytes.subarray(200000)];
    const info = await store.images.import(Readable.from(pieces), { name: 'streamed' });
    expect(info.size).toBe(bytes.length);
    expect(Buffer.from(store.images.read(info.id)).equals(bytes)).toBe(true);
    const again = await store.images.import(createReadStream(join(dir, '..', 'nonexistent-file')).on('error', () => {}), { name: 'x' }).catch((e) => e);
    expect(again).toMatchObject({ code: 'bad-image' });
  });

  it('rejects empty, misaligned and unreadable images and changes nothing', async () => {
    writeFileSync(join(dir, 'empty.img'), '');
    writeFileSync(join(dir, 'odd.img'), randomBytes(1000));
    mkdirSync(join(dir, 'folder.img'));
    await store.images.import(Readable.from([randomBytes(4096)]), { name: 'keep' });
    const before = store.stats();
    const cases: [string | AsyncIterable<Uint8Array>, RegExp][] = [
      [join(dir, 'empty.img'), /empty\.img is empty/],
      [join(dir, 'odd.img'), /odd\.img is 1000 bytes, not a whole number of 512-byte sectors/],
      [join(dir, 'missing.img'), /missing\.img: no such file/],
      [join(dir, 'folder.img'), /is a folder/],
      [Readable.from([randomBytes(IMAGE_CHUNK), randomBytes(100)]), /not a whole number of 512-byte sectors/],
      [Readable.from([]), /is empty/],
    ];
    for (const [src, msg] of cases) {
      await expect(store.images.import(src)).rejects.toMatchObject({ code: 'bad-image', message: expect.stringMatching(msg) });
    }
    expect(store.stats()).toEqual(before);
    expect(store.images.list().map((i) => i.name)).toEqual(['keep']);
    await expect(store.images.import(Readable.from([randomBytes(512)]), { name: 'keep' })).rejects.toMatchObject({ code: 'name-taken' });
  });

  it('renames, refuses a taken name, deletes and collects only unshared chunks', async () => {
    const shared = randomBytes(IMAGE_CHUNK);
    await store.images.import(Readable.from([shared, randomBytes(IMAGE_CHUNK)]), { name: 'one' });
    await store.images.import(Readable.from([shared, randomBytes(IMAGE_CHUNK)]), { name: 'two' });
    expect(store.stats().chunks).toBe(3);
    await store.images.rename('one', 'uno');
    await expect(store.images.rename('uno', 'two')).rejects.toMatchObject({ code: 'name-taken' });
    await store.images.delete('uno');
    expect(store.stats().chunks).toBe(2);
    expect(Buffer.from(store.images.read('two').subarray(0, IMAGE_CHUNK)).equals(shared)).toBe(true);
    await expect(store.images.delete('uno')).rejects.toMatchObject({ code: 'not-found', message: "no image named 'uno'" });
    const id = store.images.get('two').id;
    await store.images.delete(String(id));
    expect(store.stats()).toMatchObject({ images: 0, chunks: 0 });
    expect(existsSync(join(dir, 'studio.db'))).toBe(true);
  });
});
