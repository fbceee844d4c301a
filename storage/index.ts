/* The storage layer's public API (Node only: the Electron main process, the web-edition server, the CLI). */
export { Store, type StoreStats } from './store.ts';
export { StorageError, SessionMismatchError, type StorageErrorCode } from './errors.ts';
export { defaultDbPath } from './paths.ts';
export { SCHEMA_VERSION } from './migrations.ts';
export { IMAGE_CHUNK, type ImageInfo, type ImageSource, type ImportOptions, type Progress } from './images.ts';
export { configHash, type LoadedSession, type SessionInfo } from './sessions.ts';
export { MachineConfigSchema, SaveSessionSchema, ExpectSchema, NameSchema, RefSchema, type MachineConfig, type RestoreExpectation, type SaveSessionInput, type Ref } from './schemas.ts';
export { SETTING_SCHEMAS, SETTING_DEFAULTS, isSettingKey, type SettingKey, type SettingsValues, type RecentSession } from './settings.ts';
export { sha256Hex as hashBytes } from './hash.ts';
