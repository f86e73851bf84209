import { isDealStage } from '../../../shared/src/stages.ts'
import { intOrNull, type Row, text, textOrNull } from './rows.ts'
import type { RoomStage } from './stages.ts'
import type { SavedTemplate } from './templates.ts'

/** Row mappers for stages and templates, shared by both drivers. */
export function toRoomStage(row: Row): RoomStage {
  const stage = text(row, 'stage')
  return {
    stage: isDealStage(stage) ? stage : 'open',
    reason: textOrNull(row, 'stage_reason'),
    changedAt: intOrNull(row, 'stage_changed_at'),
  }
}

export function toTemplate(row: Row): SavedTemplate {
  return {
    id: text(row, 'id'),
    name: text(row, 'name'),
    roomId: text(row, 'room_id'),
    anchorDay: text(row, 'anchor_day'),
    createdBy: textOrNull(row, 'created_by'),
    createdAt: Number(row.created_at),
  }
}

/** Archived closes the room (first closing time kept); every other stage reopens it. */
export const SET_STAGE_SQL = (p: (index: number) => string): string =>
  `UPDATE rooms SET stage = ${p(1)}, stage_reason = ${p(2)}, stage_changed_at = ${p(3)},
     closed_at = CASE WHEN ${p(4)} = 'archived' THEN COALESCE(closed_at, ${p(5)}) END
   WHERE id = ${p(6)}`
