import { type Config, sqliteFile } from '../config.ts'
import { SqliteStorage } from './sqlite/sqlite-storage.ts'
import type { Storage } from './storage.ts'

/** The storage driver the configuration asks for (SQLite in DATA_DIR by default). */
export async function openStorage(config: Pick<Config, 'dataDir'>): Promise<Storage> {
  return new SqliteStorage(sqliteFile(config))
}
