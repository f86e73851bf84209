import type Database from 'better-sqlite3'
import { newId } from '../../../../shared/src/ids.ts'
import type { AccessStore } from '../access.ts'
import {
  int,
  type Row,
  toAccessChange,
  toEmailCode,
  toLink,
  toPendingInvite,
  toSession,
} from '../rows.ts'

export function sqliteAccess(db: Database.Database): AccessStore {
  const statements = {
    insertSession: db.prepare(
      'INSERT INTO sessions (id_hash, person_id, room_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    session: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
    revokeSession: db.prepare(
      'UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id_hash = ?',
    ),
    insertLink: db.prepare(
      'INSERT INTO links (id, kind, token_hash, person_id, room_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    linkByHash: db.prepare('SELECT * FROM links WHERE token_hash = ?'),
    linkById: db.prepare('SELECT * FROM links WHERE id = ?'),
    consumeLink: db.prepare('UPDATE links SET used_at = ? WHERE id = ? AND used_at IS NULL'),
    accessChangesSince: db.prepare('SELECT * FROM access_changes WHERE seq > ? ORDER BY seq'),
  }

  return {
    // Sessions

    async createSession(idHash, session) {
      statements.insertSession.run(
        idHash,
        session.personId,
        session.roomId,
        Date.now(),
        session.expiresAt,
      )
    },
    async getSession(idHash) {
      const row = statements.session.get(idHash) as Row | undefined
      return row ? toSession(row) : null
    },
    async revokeSession(idHash, at) {
      statements.revokeSession.run(at, idHash)
    },
    async revokeSessions(filter, at) {
      const sql =
        filter.roomId === undefined
          ? 'UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL'
          : 'UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND room_id = ? AND revoked_at IS NULL'
      const params =
        filter.roomId === undefined ? [at, filter.personId] : [at, filter.personId, filter.roomId]
      return db.prepare(sql).run(...params).changes
    },

    // One-time links

    async createLink(input) {
      const id = newId()
      statements.insertLink.run(
        id,
        input.kind,
        input.tokenHash,
        input.personId,
        input.roomId,
        Date.now(),
        input.expiresAt,
      )
      return toLink(statements.linkById.get(id) as Row)
    },
    async findLinkByHash(tokenHash) {
      const row = statements.linkByHash.get(tokenHash) as Row | undefined
      return row ? toLink(row) : null
    },
    async consumeLink(id, at) {
      return statements.consumeLink.run(at, id).changes === 1
    },
    async revokeLinks(filter, at) {
      const clauses = ['kind = ?', 'revoked_at IS NULL', 'used_at IS NULL']
      const params: unknown[] = [at, filter.kind]
      if (filter.personId !== undefined) {
        clauses.push('person_id = ?')
        params.push(filter.personId)
      }
      if (filter.roomId !== undefined) {
        clauses.push('room_id = ?')
        params.push(filter.roomId)
      }
      const sql = `UPDATE links SET revoked_at = ? WHERE ${clauses.join(' AND ')}`
      return db.prepare(sql).run(...params).changes
    },
    async listPendingInvites(roomId, now) {
      const rows = db
        .prepare(
          `SELECT l.*, p.email, p.name FROM links l JOIN people p ON p.id = l.person_id
           WHERE l.kind = 'invite' AND l.room_id = ? AND l.used_at IS NULL AND l.revoked_at IS NULL
             AND (l.expires_at IS NULL OR l.expires_at > ?)
           ORDER BY l.created_at DESC`,
        )
        .all(roomId, now) as Row[]
      return rows.map(toPendingInvite)
    },
    async revokeLinkById(id, roomId, at) {
      return (
        db
          .prepare(
            'UPDATE links SET revoked_at = ? WHERE id = ? AND room_id = ? AND revoked_at IS NULL AND used_at IS NULL',
          )
          .run(at, id, roomId).changes === 1
      )
    },

    // One-time e-mail codes

    async createEmailCode(code) {
      const id = newId()
      db.prepare(
        'INSERT INTO email_codes (id, room_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(id, code.roomId, code.email, code.codeHash, code.createdAt, code.expiresAt)
      return { ...code, id, attempts: 0, usedAt: null }
    },
    async latestEmailCode(roomId, email) {
      const row = db
        .prepare(
          'SELECT * FROM email_codes WHERE room_id = ? AND email = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
        )
        .get(roomId, email) as Row | undefined
      return row ? toEmailCode(row) : null
    },
    async countEmailCodesSince(email, since) {
      return int(
        db
          .prepare('SELECT COUNT(*) AS n FROM email_codes WHERE email = ? AND created_at >= ?')
          .get(email, since) as Row,
        'n',
      )
    },
    async failEmailCode(id) {
      db.prepare('UPDATE email_codes SET attempts = attempts + 1 WHERE id = ?').run(id)
      return int(
        db.prepare('SELECT attempts FROM email_codes WHERE id = ?').get(id) as Row,
        'attempts',
      )
    },
    async consumeEmailCode(id, at) {
      return (
        db
          .prepare('UPDATE email_codes SET used_at = ? WHERE id = ? AND used_at IS NULL')
          .run(at, id).changes === 1
      )
    },

    // Access mode and revocation

    async setRoomAccess(roomId, mode, domains) {
      db.prepare('UPDATE rooms SET access_mode = ?, allowed_domains = ? WHERE id = ?').run(
        mode,
        domains.join(','),
        roomId,
      )
    },
    async setRevoked(roomId, personId, revoked, at) {
      if (revoked) {
        db.prepare(
          'INSERT INTO revoked_members (room_id, person_id, revoked_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET revoked_at = excluded.revoked_at',
        ).run(roomId, personId, at)
      } else {
        db.prepare('DELETE FROM revoked_members WHERE room_id = ? AND person_id = ?').run(
          roomId,
          personId,
        )
      }
    },
    async isRevoked(roomId, personId) {
      return (
        db
          .prepare('SELECT 1 FROM revoked_members WHERE room_id = ? AND person_id = ?')
          .get(roomId, personId) !== undefined
      )
    },

    // Access changes

    async recordAccessChange(change) {
      const result = db
        .prepare(
          'INSERT INTO access_changes (room_id, person_id, kind, created_at) VALUES (?, ?, ?, ?)',
        )
        .run(change.roomId, change.personId, change.kind, Date.now())
      return Number(result.lastInsertRowid)
    },
    async accessChangesSince(seq) {
      return (statements.accessChangesSince.all(seq) as Row[]).map(toAccessChange)
    },
    async lastAccessChangeSeq() {
      return int(
        db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM access_changes').get() as Row,
        'n',
      )
    },
  }
}
