/*
 * Settings: one row per key in the same database, each value validated by its
 * key's zod schema on write; a stored value that no longer validates reads as
 * the default (a bad theme must never keep the studio from starting).
 */
import { z } from 'zod';
import type { Db } from './db.ts';
import { StorageError } from './errors.ts';
import type { Mutex } from './mutex.ts';
import { parse } from './schemas.ts';

const MAX_LAYOUT_JSON = 64 << 10;

export const RecentSessionSchema = z.strictObject({ id: z.number().int().positive(), name: z.string().max(200), openedAt: z.number().int().nonnegative() });
export type RecentSession = z.infer<typeof RecentSessionSchema>;
export const MAX_RECENT = 10;

export const SETTING_SCHEMAS = {
  theme: z.enum(['dark', 'light', 'system']),
  /** The renderer's layout (its own schema checks the shape): any JSON object up to 64 KiB. */
  panelLayout: z
    .record(z.string(), z.json())
    .nullable()
    .refine((v) => JSON.stringify(v).length <= MAX_LAYOUT_JSON, 'panel layout is larger than 64 KiB'),
  /** Most recent first. */
  recentSessions: z.array(RecentSessionSchema).max(MAX_RECENT),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingsValues = { [K in SettingKey]: z.output<(typeof SETTING_SCHEMAS)[K]> };

export const SETTING_DEFAULTS: SettingsValues = { theme: 'system', panelLayout: null, recentSessions: [] };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTING_SCHEMAS, key);
}

export class Settings {
  constructor(
    private readonly db: Db,
    private readonly lock: Mutex,
  ) {}

  get<K extends SettingKey>(key: K): SettingsValues[K] {
    if (!isSettingKey(key)) throw new StorageError('invalid-input', `unknown setting '${String(key)}'`);
    const raw = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    if (raw === undefined) return SETTING_DEFAULTS[key];
    try {
      const r = SETTING_SCHEMAS[key].safeParse(JSON.parse(raw));
      return r.success ? (r.data as SettingsValues[K]) : SETTING_DEFAULTS[key];
    } catch {
      return SETTING_DEFAULTS[key];
    }
  }

  all(): SettingsValues {
    return { theme: this.get('theme'), panelLayout: this.get('panelLayout'), recentSessions: this.get('recentSessions') };
  }

  /** Validates and stores one setting; `key` and `value` may come straight from the renderer. */
  set<K extends SettingKey>(key: K, value: SettingsValues[K]): Promise<void>;
  set(key: string, value: unknown): Promise<void>;
  set(key: string, value: unknown): Promise<void> {
    return this.lock.run(() => this.setNow(key, value));
  }

  /** set() without waiting for the lock: for callers already inside a write (same transaction). */
  setNow(key: string, value: unknown): void {
    if (!isSettingKey(key)) throw new StorageError('invalid-input', `unknown setting '${key}'`);
    const v = parse(SETTING_SCHEMAS[key], value, `setting '${key}'`);
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(v));
  }

  /** Puts a session first in the recent list (after opening or saving it). */
  noteRecentSession(id: number, name: string): Promise<void> {
    return this.lock.run(() => this.noteRecentNow(id, name));
  }

  noteRecentNow(id: number, name: string): void {
    const rest = this.get('recentSessions').filter((r) => r.id !== id);
    this.setNow('recentSessions', [{ id, name, openedAt: Date.now() }, ...rest].slice(0, MAX_RECENT));
  }

  /** Drops a deleted session from the recent list, or renames it there. */
  forgetRecentNow(id: number): void {
    const list = this.get('recentSessions');
    if (list.some((r) => r.id === id)) this.setNow('recentSessions', list.filter((r) => r.id !== id));
  }
  renameRecentNow(id: number, name: string): void {
    const list = this.get('recentSessions');
    if (list.some((r) => r.id === id)) this.setNow('recentSessions', list.map((r) => (r.id === id ? { ...r, name } : r)));
  }
}
