/*
 * `minios image ...` and `minios session ...`: the studio's database from the
 * command line (--db PATH, default in the user's data folder). Storage errors
 * become UserErrors, so bad input is one "minios: ..." line and exit 2.
 */
import { resolve } from 'node:path';
import { Store, StorageError, defaultDbPath } from '../../../storage/index.ts';
import { UserError } from '../errors.ts';
import { parseArgs, str, type ParsedArgs } from './args.ts';

const MiB = 1 << 20;
const size = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** Exactly `n` positionals after the subcommand, or a UserError naming what is wrong. */
function take(args: ParsedArgs, n: number, usage: string): string[] {
  const rest = args.positionals.slice(1);
  if (rest.length !== n) throw new UserError(`${rest.length < n ? 'missing' : 'too many'} arguments (usage: minios ${usage})`);
  return rest;
}

async function withStore<T>(args: ParsedArgs, fn: (store: Store) => Promise<T>): Promise<T> {
  let store: Store | undefined;
  try {
    store = Store.open(resolve(str(args, 'db') ?? defaultDbPath()));
    return await fn(store);
  } catch (e) {
    if (e instanceof StorageError) throw new UserError(e.message);
    throw e;
  } finally {
    await store?.close();
  }
}

export async function imageCommand(argv: string[]): Promise<number> {
  const args = parseArgs('image', argv, { db: 'string', name: 'string' });
  const sub = args.positionals[0];
  if (sub !== 'import' && str(args, 'name') !== undefined) throw new UserError(`--name is only for 'image import'`);
  switch (sub) {
    case 'import': {
      const [file] = take(args, 1, 'image import FILE [--name N]');
      return withStore(args, async (s) => {
        const info = await s.images.import(resolve(file), { name: str(args, 'name') });
        console.log(`imported ${info.name} (id ${info.id}, ${size(info.size)})`);
        return 0;
      });
    }
    case 'export': {
      const [ref, file] = take(args, 2, 'image export NAME|ID FILE');
      return withStore(args, async (s) => {
        const info = await s.images.exportToFile(ref, resolve(file));
        console.log(`exported ${info.name} to ${file} (${size(info.size)})`);
        return 0;
      });
    }
    case 'list':
      take(args, 0, 'image list');
      return withStore(args, async (s) => {
        for (const i of s.images.list()) console.log(`${String(i.id).padStart(4)}  ${i.name.padEnd(32)} ${size(i.size).padStart(10)}  ${when(i.createdAt)}`);
        return 0;
      });
    case 'rm': {
      const [ref] = take(args, 1, 'image rm NAME|ID');
      return withStore(args, async (s) => {
        await s.images.delete(ref);
        return 0;
      });
    }
    default:
      throw new UserError(sub === undefined ? `'image' needs a subcommand: import, export, list or rm` : `unknown image subcommand '${sub}' (import, export, list, rm)`);
  }
}

export async function sessionCommand(argv: string[]): Promise<number> {
  const args = parseArgs('session', argv, { db: 'string' });
  const sub = args.positionals[0];
  switch (sub) {
    case 'list':
      take(args, 0, 'session list');
      return withStore(args, async (s) => {
        for (const x of s.sessions.list()) {
          console.log(`${String(x.id).padStart(4)}  ${x.name.padEnd(32)} ${size(x.stateSize).padStart(10)}  ${when(x.updatedAt)}  kernel ${x.config.kernelHash.slice(0, 12)}`);
        }
        return 0;
      });
    case 'rm': {
      const [ref] = take(args, 1, 'session rm NAME|ID');
      return withStore(args, async (s) => {
        await s.sessions.delete(ref);
        return 0;
      });
    }
    case 'export': {
      const [ref, file] = take(args, 2, 'session export NAME|ID FILE');
      return withStore(args, async (s) => {
        const info = await s.exportSession(ref, resolve(file));
        console.log(`exported session ${info.name} to ${file}`);
        return 0;
      });
    }
    default:
      throw new UserError(sub === undefined ? `'session' needs a subcommand: list, rm or export` : `unknown session subcommand '${sub}' (list, rm, export)`);
  }
}
