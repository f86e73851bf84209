import type { ActionOfRoom, DueNudge, RoomNudge, StoredAction } from './guidance.ts'
import { int, intOrNull, type Row, text } from './rows.ts'

/** Row mappers and queries of the guidance tables, the same on both drivers. */
export const toRoomNudge = (row: Row): RoomNudge => ({
  roomId: text(row, 'room_id'),
  key: text(row, 'nudge_key'),
  personId: text(row, 'person_id'),
  kind: text(row, 'kind'),
  dueAt: int(row, 'due_at'),
  line: text(row, 'line'),
  sentAt: intOrNull(row, 'sent_at'),
})

export const toDueNudge = (row: Row): DueNudge => {
  const { sentAt: _sent, ...nudge } = toRoomNudge(row)
  return {
    ...nudge,
    roomTitle: text(row, 'title'),
    email: text(row, 'email'),
    name: text(row, 'name'),
  }
}

export const toAction = (row: Row): StoredAction => ({
  roomId: text(row, 'room_id'),
  key: text(row, 'action_key'),
  kind: text(row, 'kind'),
  at: int(row, 'at'),
  rank: int(row, 'rank'),
  message: text(row, 'message'),
  reason: text(row, 'reason'),
  href: text(row, 'href'),
  linkLabel: text(row, 'link_label'),
})

export const toActionOfRoom = (row: Row): ActionOfRoom => ({
  ...toAction(row),
  roomTitle: text(row, 'title'),
})

export const ROOM_NUDGES_SQL = (p: (index: number) => string) =>
  `SELECT n.*, s.sent_at FROM room_nudges n
   LEFT JOIN nudges_sent s ON s.room_id = n.room_id AND s.nudge_key = n.nudge_key
   WHERE n.room_id = ${p(1)} ORDER BY n.due_at, n.person_id, n.nudge_key`

export const DUE_NUDGES_SQL = (p: (index: number) => string) =>
  `SELECT n.*, r.title, pe.email, pe.name FROM room_nudges n
   JOIN rooms r ON r.id = n.room_id AND r.closed_at IS NULL
   JOIN members m ON m.room_id = n.room_id AND m.person_id = n.person_id
   JOIN people pe ON pe.id = n.person_id
   LEFT JOIN nudges_sent s ON s.room_id = n.room_id AND s.nudge_key = n.nudge_key
   LEFT JOIN nudge_recipients q ON q.person_id = n.person_id
   WHERE n.due_at <= ${p(1)} AND n.due_at > ${p(2)} AND s.room_id IS NULL
     AND q.unsubscribed_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM nudge_stops t
                     WHERE t.room_id = n.room_id AND t.person_id IN ('', n.person_id))
   ORDER BY n.person_id, n.due_at, n.room_id, n.nudge_key`

export const ACTIONS_OF_SQL = (p: (index: number) => string) =>
  `SELECT a.*, r.title FROM members me
   JOIN rooms r ON r.id = me.room_id AND r.closed_at IS NULL
   JOIN room_actions a ON a.room_id = me.room_id
   WHERE me.person_id = ${p(1)} AND me.role IN ('owner', 'co-owner', 'seller')
     AND NOT EXISTS (SELECT 1 FROM dismissed_actions d WHERE d.person_id = me.person_id
                     AND d.room_id = a.room_id AND d.action_key = a.action_key)
   ORDER BY a.rank, a.at DESC, a.room_id, a.action_key LIMIT ${p(2)}`

export const UPDATE_RECIPIENT_SQL = (p: (index: number) => string) =>
  `UPDATE nudge_recipients SET last_mail_at = ${p(1)}
   WHERE person_id = ${p(2)} AND unsubscribed_at IS NULL
     AND (last_mail_at IS NULL OR last_mail_at <= ${p(3)})`
