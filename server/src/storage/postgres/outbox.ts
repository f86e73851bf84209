import { newId } from '../../../../shared/src/ids.ts'
import type { OutboxStore } from '../outbox.ts'
import { type Row, text, toAudit, toMail } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresOutbox(database: PostgresDatabase): OutboxStore {
  return {
    async enqueueMail(mail) {
      const row = await database.row(
        'INSERT INTO outbox (id, to_address, subject, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [newId(), mail.to, mail.subject, mail.body, Date.now()],
      )
      return toMail(row as Row)
    },
    async listOutbox(limit) {
      return (
        await database.rows('SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1', [
          limit,
        ])
      ).map(toMail)
    },
    async markMail(id, result) {
      await database.run('UPDATE outbox SET sent_at = $1, error = $2 WHERE id = $3', [
        result.sentAt,
        result.error,
        id,
      ])
    },

    async appendAudit(input, hash) {
      return database.transaction(async (client) => {
        // One writer at a time across every instance: the chain never forks.
        await client.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE')
        const last = (await client.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'))
          .rows[0] as Row | undefined
        const prevHash = last ? text(last, 'hash') : ''
        const at = Date.now()
        const row = (
          await client.query(
            'INSERT INTO audit_log (at, room_id, actor, action, subject, detail, ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *',
            [
              at,
              input.roomId,
              input.actor,
              input.action,
              input.subject,
              JSON.stringify(input.detail),
              input.ip,
              prevHash,
              hash(prevHash, at),
            ],
          )
        ).rows[0] as Row
        return toAudit(row)
      })
    },
    async listAudit(filter) {
      const rows =
        filter.roomId === undefined
          ? await database.rows('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [
              filter.afterSeq ?? 0,
              filter.limit,
            ])
          : await database.rows(
              'SELECT * FROM audit_log WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
              [filter.roomId, filter.afterSeq ?? 0, filter.limit],
            )
      return rows.map(toAudit)
    },
  }
}
