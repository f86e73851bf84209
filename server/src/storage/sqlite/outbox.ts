import type Database from 'better-sqlite3'
import { newId } from '../../../../shared/src/ids.ts'
import type { OutboxStore } from '../outbox.ts'
import { type Row, text, toAudit, toMail } from '../rows.ts'

export function sqliteOutbox(db: Database.Database): OutboxStore {
  return {
    async enqueueMail(mail) {
      const id = newId()
      db.prepare(
        'INSERT INTO outbox (id, to_address, subject, body, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(id, mail.to, mail.subject, mail.body, Date.now())
      return toMail(db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row)
    },
    async listOutbox(limit) {
      return (
        db
          .prepare('SELECT * FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT ?')
          .all(limit) as Row[]
      ).map(toMail)
    },
    async markMail(id, result) {
      db.prepare('UPDATE outbox SET sent_at = ?, error = ? WHERE id = ?').run(
        result.sentAt,
        result.error,
        id,
      )
    },

    async appendAudit(input, hash) {
      // IMMEDIATE: the read of the last hash and the insert are one step, even across processes.
      const insert = db.transaction(() => {
        const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          | Row
          | undefined
        const prevHash = last ? text(last, 'hash') : ''
        const at = Date.now()
        const result = db
          .prepare(
            'INSERT INTO audit_log (at, room_id, actor, action, subject, detail, ip, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            at,
            input.roomId,
            input.actor,
            input.action,
            input.subject,
            JSON.stringify(input.detail),
            input.ip,
            prevHash,
            hash(prevHash, at),
          )
        return toAudit(
          db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(result.lastInsertRowid) as Row,
        )
      })
      return insert.immediate()
    },
    async listAudit(filter) {
      const rows =
        filter.roomId === undefined
          ? db
              .prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
              .all(filter.afterSeq ?? 0, filter.limit)
          : db
              .prepare('SELECT * FROM audit_log WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?')
              .all(filter.roomId, filter.afterSeq ?? 0, filter.limit)
      return (rows as Row[]).map(toAudit)
    },
  }
}
