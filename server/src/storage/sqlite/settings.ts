import type Database from 'better-sqlite3'
import { type Row, text } from '../rows.ts'
import type { SettingsStore } from '../settings.ts'

export function sqliteSettings(db: Database.Database): SettingsStore {
  const statements = {
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    initSetting: db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    ),
  }
  const getSetting = async (key: string): Promise<string | null> => {
    const row = statements.getSetting.get(key) as Row | undefined
    return row ? text(row, 'value') : null
  }
  return {
    getSetting,
    async initSetting(key, value) {
      statements.initSetting.run(key, value)
      return (await getSetting(key)) ?? value
    },
  }
}
