import type Database from 'better-sqlite3'
import type { Row } from '../rows.ts'
import { SET_STAGE_SQL, toRoomStage, toTemplate } from '../stage-rows.ts'
import type { StageStore } from '../stages.ts'
import type { TemplateStore } from '../templates.ts'

export function sqliteStages(db: Database.Database): StageStore {
  const statements = {
    get: db.prepare('SELECT stage, stage_reason, stage_changed_at FROM rooms WHERE id = ?'),
    set: db.prepare(SET_STAGE_SQL(() => '?')),
  }
  return {
    async getRoomStage(roomId) {
      const row = statements.get.get(roomId) as Row | undefined
      return row ? toRoomStage(row) : null
    },
    async setRoomStage(roomId, stage, reason, at) {
      return statements.set.run(stage, reason, at, stage, at, roomId).changes === 1
    },
  }
}

export function sqliteTemplates(db: Database.Database): TemplateStore {
  const statements = {
    insert: db.prepare(
      'INSERT INTO room_templates (id, name, room_id, anchor_day, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    markRoom: db.prepare("UPDATE rooms SET kind = 'template' WHERE id = ?"),
    list: db.prepare('SELECT * FROM room_templates ORDER BY lower(name), id'),
    byId: db.prepare('SELECT * FROM room_templates WHERE id = ?'),
    byName: db.prepare('SELECT * FROM room_templates WHERE name = ?'),
    remove: db.prepare('DELETE FROM room_templates WHERE id = ?'),
    getDefault: db.prepare('SELECT name FROM default_template WHERE only_row = 1'),
    setDefault: db.prepare(
      'INSERT INTO default_template (only_row, name) VALUES (1, ?) ON CONFLICT (only_row) DO UPDATE SET name = excluded.name',
    ),
    clearDefault: db.prepare('DELETE FROM default_template'),
    clearDefaultOf: db.prepare('DELETE FROM default_template WHERE name = ?'),
  }
  const create = db.transaction((input: Parameters<TemplateStore['createTemplate']>[0]) => {
    const now = Date.now()
    const inserted = statements.insert.run(
      input.id,
      input.name,
      input.roomId,
      input.anchorDay,
      input.createdBy,
      now,
    )
    if (inserted.changes === 0) return null
    statements.markRoom.run(input.roomId)
    return { ...input, createdAt: now }
  })
  const remove = db.transaction((id: string): boolean => {
    const row = statements.byId.get(id) as Row | undefined
    if (!row) return false
    statements.remove.run(id)
    statements.clearDefaultOf.run(toTemplate(row).name)
    return true
  })
  return {
    async createTemplate(input) {
      return create(input)
    },
    async listTemplates() {
      return (statements.list.all() as Row[]).map(toTemplate)
    },
    async getTemplate(id) {
      const row = statements.byId.get(id) as Row | undefined
      return row ? toTemplate(row) : null
    },
    async findTemplateByName(name) {
      const row = statements.byName.get(name) as Row | undefined
      return row ? toTemplate(row) : null
    },
    async deleteTemplate(id) {
      return remove(id)
    },
    async getDefaultTemplate() {
      const row = statements.getDefault.get() as Row | undefined
      return row ? String(row.name) : null
    },
    async setDefaultTemplate(name) {
      if (name === null) statements.clearDefault.run()
      else statements.setDefault.run(name)
    },
  }
}
