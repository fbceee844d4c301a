/*
 * Errors the storage layer reports. Every one is a StorageError with a `code`
 * the app can switch on and a message a person can read as it is ("session
 * 'demo': chunk 3 of the machine state is corrupt"). Nothing else escapes.
 */
export type StorageErrorCode =
  | 'not-found'
  | 'name-taken'
  | 'invalid-input'
  | 'bad-image'
  | 'bad-file'
  | 'corrupt'
  | 'mismatch'
  | 'in-use'
  | 'newer-schema'
  | 'busy'
  | 'io';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(readonly code: StorageErrorCode, message: string) {
    super(message);
  }
}

/** A saved session was made by a different machine configuration or state format than the caller runs. */
export class SessionMismatchError extends StorageError {
  constructor(message: string, readonly differences: string[]) {
    super('mismatch', message);
  }
}

/** Turns a thrown value into its message, for wrapping lower-level errors. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** SQLite's "database is locked/busy" becomes a readable StorageError; anything else is rethrown as is. */
export function wrapSqlite(e: unknown, what: string): never {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    throw new StorageError('busy', `${what}: the database is busy (another MiniOS Studio or minios command is writing); try again`);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    throw new StorageError('corrupt', `${what}: the database file is damaged (${messageOf(e)})`);
  }
  throw e;
}
