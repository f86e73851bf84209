import { SET_STAGE_SQL, toRoomStage, toTemplate } from '../stage-rows.ts'
import type { StageStore } from '../stages.ts'
import type { TemplateStore } from '../templates.ts'
import type { PostgresDatabase } from './database.ts'

const dollar = (index: number) => `$${index}`

export function postgresStages(database: PostgresDatabase): StageStore {
  return {
    async getRoomStage(roomId) {
      const row = await database.row(
        'SELECT stage, stage_reason, stage_changed_at FROM rooms WHERE id = $1',
        [roomId],
      )
      return row ? toRoomStage(row) : null
    },
    async setRoomStage(roomId, stage, reason, at) {
      const changed = await database.count(SET_STAGE_SQL(dollar), [
        stage,
        reason,
        at,
        stage,
        at,
        roomId,
      ])
      return changed === 1
    },
  }
}

export function postgresTemplates(database: PostgresDatabase): TemplateStore {
  return {
    async createTemplate(input) {
      const now = Date.now()
      return database.transaction(async (client) => {
        const inserted = await client.query(
          'INSERT INTO room_templates (id, name, room_id, anchor_day, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING',
          [input.id, input.name, input.roomId, input.anchorDay, input.createdBy, now],
        )
        if (inserted.rowCount !== 1) return null
        await client.query("UPDATE rooms SET kind = 'template' WHERE id = $1", [input.roomId])
        return { ...input, createdAt: now }
      })
    },
    async listTemplates() {
      return (await database.rows('SELECT * FROM room_templates ORDER BY lower(name), id')).map(
        toTemplate,
      )
    },
    async getTemplate(id) {
      const row = await database.row('SELECT * FROM room_templates WHERE id = $1', [id])
      return row ? toTemplate(row) : null
    },
    async findTemplateByName(name) {
      const row = await database.row('SELECT * FROM room_templates WHERE name = $1', [name])
      return row ? toTemplate(row) : null
    },
    async deleteTemplate(id) {
      return database.transaction(async (client) => {
        const deleted = await client.query(
          'DELETE FROM room_templates WHERE id = $1 RETURNING name',
          [id],
        )
        const name: unknown = deleted.rows[0]?.name
        if (typeof name !== 'string') return false
        await client.query('DELETE FROM default_template WHERE name = $1', [name])
        return true
      })
    },
    async getDefaultTemplate() {
      const row = await database.row('SELECT name FROM default_template WHERE only_row = 1')
      return row ? String(row.name) : null
    },
    async setDefaultTemplate(name) {
      if (name === null) await database.run('DELETE FROM default_template')
      else
        await database.run(
          'INSERT INTO default_template (only_row, name) VALUES (1, $1) ON CONFLICT (only_row) DO UPDATE SET name = EXCLUDED.name',
          [name],
        )
    },
  }
}
