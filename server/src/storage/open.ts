import { type Config, sqliteFile } from '../config.ts'
import { PostgresStorage } from './postgres/postgres-storage.ts'
import { SqliteStorage } from './sqlite/sqlite-storage.ts'
import type { Storage } from './storage.ts'

/** PostgreSQL when DATABASE_URL is set (scale-out), else SQLite in DATA_DIR (the default). */
export async function openStorage(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
): Promise<Storage> {
  if (config.databaseUrl) return PostgresStorage.open(config.databaseUrl)
  return new SqliteStorage(sqliteFile(config))
}
