import type Database from 'better-sqlite3'
import type { GuidanceStore, PlannedNudge, StoredAction } from '../guidance.ts'
import {
  ACTIONS_OF_SQL,
  DUE_NUDGES_SQL,
  ROOM_NUDGES_SQL,
  toActionOfRoom,
  toDueNudge,
  toRoomNudge,
  UPDATE_RECIPIENT_SQL,
} from '../guidance-rows.ts'
import { type Row, text } from '../rows.ts'

const question = () => '?'

/** Thrown inside a claim to roll it back when none of its nudges was still unsent. */
class NothingToClaim extends Error {}

export function sqliteGuidance(db: Database.Database): GuidanceStore {
  const statements = {
    deleteNudges: db.prepare('DELETE FROM room_nudges WHERE room_id = ?'),
    insertNudge: db.prepare(
      `INSERT INTO room_nudges (room_id, nudge_key, person_id, kind, due_at, line)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    deleteActions: db.prepare('DELETE FROM room_actions WHERE room_id = ?'),
    insertAction: db.prepare(
      `INSERT INTO room_actions (room_id, action_key, kind, at, rank, message, reason, href, link_label)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    roomNudges: db.prepare(ROOM_NUDGES_SQL(question)),
    due: db.prepare(DUE_NUDGES_SQL(question)),
    recipient: db.prepare(
      'INSERT INTO nudge_recipients (person_id) VALUES (?) ON CONFLICT DO NOTHING',
    ),
    updateRecipient: db.prepare(UPDATE_RECIPIENT_SQL(question)),
    sent: db.prepare(
      `INSERT INTO nudges_sent (room_id, nudge_key, person_id, sent_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    stop: db.prepare(
      `INSERT INTO nudge_stops (room_id, person_id, stopped_at) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    unstop: db.prepare('DELETE FROM nudge_stops WHERE room_id = ? AND person_id = ?'),
    stops: db.prepare('SELECT person_id FROM nudge_stops WHERE room_id = ? ORDER BY person_id'),
    unsubscribe: db.prepare(
      `INSERT INTO nudge_recipients (person_id, unsubscribed_at) VALUES (?, ?)
       ON CONFLICT (person_id) DO UPDATE
         SET unsubscribed_at = COALESCE(nudge_recipients.unsubscribed_at, excluded.unsubscribed_at)`,
    ),
    unsubscribed: db.prepare(
      'SELECT person_id FROM nudge_recipients WHERE person_id = ? AND unsubscribed_at IS NOT NULL',
    ),
    actionsOf: db.prepare(ACTIONS_OF_SQL(question)),
    dismiss: db.prepare(
      `INSERT INTO dismissed_actions (person_id, room_id, action_key, dismissed_at)
       VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    dismissed: db.prepare(
      `SELECT action_key FROM dismissed_actions WHERE person_id = ? AND room_id = ?
       ORDER BY action_key`,
    ),
  }

  const put = db.transaction(
    (roomId: string, nudges: PlannedNudge[], actions: StoredAction[]): void => {
      statements.deleteNudges.run(roomId)
      for (const n of nudges)
        statements.insertNudge.run(roomId, n.key, n.personId, n.kind, n.dueAt, n.line)
      statements.deleteActions.run(roomId)
      for (const a of actions)
        statements.insertAction.run(
          roomId,
          a.key,
          a.kind,
          a.at,
          a.rank,
          a.message,
          a.reason,
          a.href,
          a.linkLabel,
        )
    },
  )
  const claim = db.transaction(
    (
      personId: string,
      nudges: ReadonlyArray<{ roomId: string; key: string }>,
      now: number,
      gapMs: number,
    ) => {
      statements.recipient.run(personId)
      if (statements.updateRecipient.run(now, personId, now - gapMs).changes === 0) return []
      const claimed = nudges.filter(
        (nudge) => statements.sent.run(nudge.roomId, nudge.key, personId, now).changes > 0,
      )
      if (claimed.length === 0) throw new NothingToClaim()
      return claimed.map(({ roomId, key }) => ({ roomId, key }))
    },
  )

  return {
    async putRoomGuidance(roomId, { nudges, actions }) {
      put(roomId, nudges, actions)
    },
    async listRoomNudges(roomId) {
      return (statements.roomNudges.all(roomId) as Row[]).map(toRoomNudge)
    },
    async listDueNudges(now, since) {
      return (statements.due.all(now, since) as Row[]).map(toDueNudge)
    },
    async claimNudgeMail(personId, nudges, now, gapMs) {
      try {
        // IMMEDIATE: two processes on one file claim one after the other.
        return claim.immediate(personId, nudges, now, gapMs)
      } catch (error) {
        if (error instanceof NothingToClaim) return []
        throw error
      }
    },
    async setNudgeStop(roomId, personId, stopped, at) {
      if (stopped) statements.stop.run(roomId, personId ?? '', at)
      else statements.unstop.run(roomId, personId ?? '')
    },
    async listNudgeStops(roomId) {
      const ids = (statements.stops.all(roomId) as Row[]).map((row) => text(row, 'person_id'))
      return { room: ids.includes(''), people: ids.filter((id) => id !== '') }
    },
    async unsubscribeNudges(personId, at) {
      statements.unsubscribe.run(personId, at)
    },
    async listNudgeUnsubscribed(personIds) {
      return personIds.filter((id) => statements.unsubscribed.get(id) !== undefined)
    },
    async listActionsOf(personId, limit) {
      return (statements.actionsOf.all(personId, limit) as Row[]).map(toActionOfRoom)
    },
    async dismissAction(personId, roomId, key, at) {
      statements.dismiss.run(personId, roomId, key, at)
    },
    async listDismissedActions(personId, roomId) {
      return (statements.dismissed.all(personId, roomId) as Row[]).map((row) =>
        text(row, 'action_key'),
      )
    },
  }
}
