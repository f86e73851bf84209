import type { GuidanceStore } from '../guidance.ts'
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
import type { PostgresDatabase } from './database.ts'

const dollar = (index: number) => `$${index}`

/** Thrown inside a claim to roll it back when none of its nudges was still unsent. */
class NothingToClaim extends Error {}

export function postgresGuidance(database: PostgresDatabase): GuidanceStore {
  return {
    async putRoomGuidance(roomId, { nudges, actions }) {
      await database.transaction(async (client) => {
        await client.query('DELETE FROM room_nudges WHERE room_id = $1', [roomId])
        for (const n of nudges)
          await client.query(
            `INSERT INTO room_nudges (room_id, nudge_key, person_id, kind, due_at, line)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [roomId, n.key, n.personId, n.kind, n.dueAt, n.line],
          )
        await client.query('DELETE FROM room_actions WHERE room_id = $1', [roomId])
        for (const a of actions)
          await client.query(
            `INSERT INTO room_actions
               (room_id, action_key, kind, at, rank, message, reason, href, link_label)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
            [roomId, a.key, a.kind, a.at, a.rank, a.message, a.reason, a.href, a.linkLabel],
          )
      })
    },
    async listRoomNudges(roomId) {
      return (await database.rows(ROOM_NUDGES_SQL(dollar), [roomId])).map(toRoomNudge)
    },
    async listDueNudges(now, since) {
      return (await database.rows(DUE_NUDGES_SQL(dollar), [now, since])).map(toDueNudge)
    },
    async claimNudgeMail(personId, nudges, now, gapMs) {
      try {
        return await database.transaction(async (client) => {
          await client.query(
            'INSERT INTO nudge_recipients (person_id) VALUES ($1) ON CONFLICT DO NOTHING',
            [personId],
          )
          // The row lock makes a second instance wait, then see this mail's time and give up.
          const updated = await client.query(UPDATE_RECIPIENT_SQL(dollar), [
            now,
            personId,
            now - gapMs,
          ])
          if ((updated.rowCount ?? 0) === 0) return []
          const claimed: Array<{ roomId: string; key: string }> = []
          for (const { roomId, key } of nudges) {
            const inserted = await client.query(
              `INSERT INTO nudges_sent (room_id, nudge_key, person_id, sent_at)
               VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
              [roomId, key, personId, now],
            )
            if ((inserted.rowCount ?? 0) > 0) claimed.push({ roomId, key })
          }
          if (claimed.length === 0) throw new NothingToClaim()
          return claimed
        })
      } catch (error) {
        if (error instanceof NothingToClaim) return []
        throw error
      }
    },
    async setNudgeStop(roomId, personId, stopped, at) {
      if (stopped)
        await database.run(
          `INSERT INTO nudge_stops (room_id, person_id, stopped_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [roomId, personId ?? '', at],
        )
      else
        await database.run('DELETE FROM nudge_stops WHERE room_id = $1 AND person_id = $2', [
          roomId,
          personId ?? '',
        ])
    },
    async listNudgeStops(roomId) {
      const ids = (
        await database.rows(
          'SELECT person_id FROM nudge_stops WHERE room_id = $1 ORDER BY person_id',
          [roomId],
        )
      ).map((row: Row) => text(row, 'person_id'))
      return { room: ids.includes(''), people: ids.filter((id) => id !== '') }
    },
    async unsubscribeNudges(personId, at) {
      await database.run(
        `INSERT INTO nudge_recipients (person_id, unsubscribed_at) VALUES ($1, $2)
         ON CONFLICT (person_id) DO UPDATE
           SET unsubscribed_at = COALESCE(nudge_recipients.unsubscribed_at, EXCLUDED.unsubscribed_at)`,
        [personId, at],
      )
    },
    async listNudgeUnsubscribed(personIds) {
      if (personIds.length === 0) return []
      const rows = await database.rows(
        `SELECT person_id FROM nudge_recipients
         WHERE person_id = ANY($1::text[]) AND unsubscribed_at IS NOT NULL`,
        [personIds],
      )
      const found = new Set(rows.map((row) => text(row, 'person_id')))
      return personIds.filter((id) => found.has(id))
    },
    async listActionsOf(personId, limit) {
      return (await database.rows(ACTIONS_OF_SQL(dollar), [personId, limit])).map(toActionOfRoom)
    },
    async dismissAction(personId, roomId, key, at) {
      await database.run(
        `INSERT INTO dismissed_actions (person_id, room_id, action_key, dismissed_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [personId, roomId, key, at],
      )
    },
    async listDismissedActions(personId, roomId) {
      const rows = await database.rows(
        `SELECT action_key FROM dismissed_actions WHERE person_id = $1 AND room_id = $2
         ORDER BY action_key`,
        [personId, roomId],
      )
      return rows.map((row) => text(row, 'action_key'))
    },
  }
}
