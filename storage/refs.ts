/* Finding an image or session by what a person typed: its exact name first, else its numeric id. */
import type { Db } from './db.ts';
import { StorageError } from './errors.ts';
import { RefSchema, parse, type Ref } from './schemas.ts';

export type Kind = 'image' | 'session';
const TABLE: Record<Kind, string> = { image: 'images', session: 'sessions' };

/** The id of the image/session `ref` names, or a 'not-found' error. */
export function resolveRef(db: Db, kind: Kind, ref: Ref): number {
  const r = parse(RefSchema, ref, `${kind} reference`);
  const table = TABLE[kind];
  if (typeof r === 'string') {
    const byName = db.prepare(`SELECT id FROM ${table} WHERE name = ?`).pluck().get(r) as number | undefined;
    if (byName !== undefined) return byName;
    if (!/^\d+$/.test(r)) throw new StorageError('not-found', `no ${kind} named '${r}'`);
  }
  const id = Number(r);
  const found = db.prepare(`SELECT id FROM ${table} WHERE id = ?`).pluck().get(id) as number | undefined;
  if (found === undefined) throw new StorageError('not-found', typeof r === 'number' ? `no ${kind} with id ${id}` : `no ${kind} named or numbered '${r}'`);
  return found;
}

/** `base`, or "base (2)", "base (3)"... whichever is free in `table`. */
export function uniqueName(db: Db, kind: Kind, base: string): string {
  const taken = db.prepare(`SELECT 1 FROM ${TABLE[kind]} WHERE name = ?`).pluck();
  if (!taken.get(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!taken.get(candidate)) return candidate;
  }
}

/** Throws 'name-taken' if another row of `kind` (not `exceptId`) has this name. */
export function assertNameFree(db: Db, kind: Kind, name: string, exceptId?: number): void {
  const id = db.prepare(`SELECT id FROM ${TABLE[kind]} WHERE name = ?`).pluck().get(name) as number | undefined;
  if (id !== undefined && id !== exceptId) throw new StorageError('name-taken', `there is already a ${kind} named '${name}'`);
}
