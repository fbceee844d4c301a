import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../storage/index.ts';
import { fakePng, tempDir, testConfig } from '../../../storage/test-helpers.ts';
import { repoRoot } from '../engines.ts';

const bin = join(repoRoot, 'bin', 'minios.mjs');
const dir = tempDir('minios-cli-storage-');
const db = join(dir, 'studio.db');

function minios(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30000, input: '' });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('minios image / session', () => {
  it('imports, lists, exports byte-identical and removes images', () => {
    const bytes = randomBytes(200 * 1024);
    writeFileSync(join(dir, 'disk.img'), bytes);
    expect(minios('image', 'import', join(dir, 'disk.img'), '--name', 'hda', '--db', db)).toMatchObject({ status: 0, stdout: expect.stringContaining('imported hda (id 1') });
    expect(minios('image', 'list', '--db', db).stdout).toMatch(/^\s+1 {2}hda\s+200\.0 KiB/);
    expect(minios('image', 'export', '1', join(dir, 'out.img'), '--db', db).status).toBe(0);
    expect(readFileSync(join(dir, 'out.img')).equals(bytes)).toBe(true);
    expect(minios('image', 'rm', 'hda', '--db', db).status).toBe(0);
    expect(minios('image', 'list', '--db', db).stdout).toBe('');
  }, 60000);

  it('lists, exports and removes sessions', async () => {
    const store = Store.open(db);
    await store.sessions.save({ name: 'demo', config: testConfig(), stateFormat: 1, state: randomBytes(5000), thumbnail: fakePng() });
    await store.close();
    expect(minios('session', 'list', '--db', db).stdout).toMatch(/demo .* kernel aaaaaaaaaaaa/);
    expect(minios('session', 'export', 'demo', join(dir, 'demo.session'), '--db', db).status).toBe(0);
    const other = Store.open(join(dir, 'other.db'));
    expect((await other.importSession(join(dir, 'demo.session'))).name).toBe('demo');
    await other.close();
    expect(minios('session', 'rm', 'demo', '--db', db).status).toBe(0);
    expect(minios('session', 'list', '--db', db).stdout).toBe('');
  }, 60000);

  it.each([
    [['image'], /^minios: 'image' needs a subcommand/],
    [['image', 'frob'], /^minios: unknown image subcommand 'frob'/],
    [['image', 'import'], /^minios: missing arguments \(usage: minios image import FILE/],
    [['image', 'import', '/nonexistent/x.img'], /^minios: \/nonexistent\/x\.img: no such file/],
    [['image', 'import', '/etc/hostname'], /^minios: \/etc\/hostname is \d+ bytes, not a whole number of 512-byte sectors/],
    [['image', 'rm', 'nope'], /^minios: no image named 'nope'/],
    [['image', 'export', '42', '/tmp/x'], /^minios: no image named or numbered '42'/],
    [['image', 'list', '--name', 'x'], /^minios: --name is only for 'image import'/],
    [['session', 'rm', 'nope'], /^minios: no session named 'nope'/],
    [['session', 'list', 'extra'], /^minios: too many arguments/],
    [['session', 'export', 'x'], /^minios: missing arguments/],
    [['session', 'list', '--db', '/etc/hostname'], /^minios: \/etc\/hostname is not a MiniOS Studio database/],
  ])('minios %j: one line, exit 2', (args, msg) => {
    const r = minios(...args, ...(args.includes('--db') ? [] : ['--db', db]));
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
  }, 20000);
});
