import { text } from '../rows.ts'
import type { SettingsStore } from '../settings.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresSettings(database: PostgresDatabase): SettingsStore {
  const getSetting = async (key: string): Promise<string | null> => {
    const row = await database.row('SELECT value FROM settings WHERE key = $1', [key])
    return row ? text(row, 'value') : null
  }
  return {
    getSetting,
    async initSetting(key, value) {
      await database.run(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [key, value],
      )
      return (await getSetting(key)) ?? value
    },
  }
}
