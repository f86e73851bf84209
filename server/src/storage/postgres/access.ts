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
import type { PostgresDatabase } from './database.ts'

export function postgresAccess(database: PostgresDatabase): AccessStore {
  return {
    // Sessions

    async createSession(idHash, session) {
      await database.run(
        'INSERT INTO sessions (id_hash, person_id, room_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [idHash, session.personId, session.roomId, Date.now(), session.expiresAt],
      )
    },
    async getSession(idHash) {
      const row = await database.row('SELECT * FROM sessions WHERE id_hash = $1', [idHash])
      return row ? toSession(row) : null
    },
    async revokeSession(idHash, at) {
      await database.run(
        'UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE id_hash = $2',
        [at, idHash],
      )
    },
    async revokeSessions(filter, at) {
      return filter.roomId === undefined
        ? database.count(
            'UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL',
            [at, filter.personId],
          )
        : database.count(
            'UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND room_id = $3 AND revoked_at IS NULL',
            [at, filter.personId, filter.roomId],
          )
    },

    // One-time links

    async createLink(input) {
      const id = newId()
      await database.run(
        'INSERT INTO links (id, kind, token_hash, person_id, room_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          id,
          input.kind,
          input.tokenHash,
          input.personId,
          input.roomId,
          Date.now(),
          input.expiresAt,
        ],
      )
      return toLink((await database.row('SELECT * FROM links WHERE id = $1', [id])) as Row)
    },
    async findLinkByHash(tokenHash) {
      const row = await database.row('SELECT * FROM links WHERE token_hash = $1', [tokenHash])
      return row ? toLink(row) : null
    },
    async consumeLink(id, at) {
      return (
        (await database.count('UPDATE links SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [
          at,
          id,
        ])) === 1
      )
    },
    async revokeLinks(filter, at) {
      const clauses = ['kind = $2', 'revoked_at IS NULL', 'used_at IS NULL']
      const params: unknown[] = [at, filter.kind]
      if (filter.personId !== undefined) {
        params.push(filter.personId)
        clauses.push(`person_id = $${params.length}`)
      }
      if (filter.roomId !== undefined) {
        params.push(filter.roomId)
        clauses.push(`room_id = $${params.length}`)
      }
      return database.count(
        `UPDATE links SET revoked_at = $1 WHERE ${clauses.join(' AND ')}`,
        params,
      )
    },
    async listPendingInvites(roomId, now) {
      const rows = await database.rows(
        `SELECT l.*, p.email, p.name FROM links l JOIN people p ON p.id = l.person_id
         WHERE l.kind = 'invite' AND l.room_id = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL
           AND (l.expires_at IS NULL OR l.expires_at > $2)
         ORDER BY l.created_at DESC`,
        [roomId, now],
      )
      return rows.map(toPendingInvite)
    },
    async revokeLinkById(id, roomId, at) {
      return (
        (await database.count(
          'UPDATE links SET revoked_at = $1 WHERE id = $2 AND room_id = $3 AND revoked_at IS NULL AND used_at IS NULL',
          [at, id, roomId],
        )) === 1
      )
    },

    // One-time e-mail codes

    async createEmailCode(code) {
      const id = newId()
      await database.run(
        'INSERT INTO email_codes (id, room_id, email, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, code.roomId, code.email, code.codeHash, code.createdAt, code.expiresAt],
      )
      return { ...code, id, attempts: 0, usedAt: null }
    },
    async latestEmailCode(roomId, email) {
      const row = await database.row(
        'SELECT * FROM email_codes WHERE room_id = $1 AND email = $2 ORDER BY created_at DESC, id DESC LIMIT 1',
        [roomId, email],
      )
      return row ? toEmailCode(row) : null
    },
    async countEmailCodesSince(email, since) {
      return int(
        (await database.row(
          'SELECT COUNT(*) AS n FROM email_codes WHERE email = $1 AND created_at >= $2',
          [email, since],
        )) as Row,
        'n',
      )
    },
    async failEmailCode(id) {
      return int(
        (await database.row(
          'UPDATE email_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts',
          [id],
        )) as Row,
        'attempts',
      )
    },
    async consumeEmailCode(id, at) {
      return (
        (await database.count(
          'UPDATE email_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL',
          [at, id],
        )) === 1
      )
    },

    // Access mode and revocation

    async setRoomAccess(roomId, mode, domains) {
      await database.run('UPDATE rooms SET access_mode = $1, allowed_domains = $2 WHERE id = $3', [
        mode,
        domains.join(','),
        roomId,
      ])
    },
    async setRevoked(roomId, personId, revoked, at) {
      if (revoked) {
        await database.run(
          'INSERT INTO revoked_members (room_id, person_id, revoked_at) VALUES ($1, $2, $3) ON CONFLICT (room_id, person_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at',
          [roomId, personId, at],
        )
      } else {
        await database.run('DELETE FROM revoked_members WHERE room_id = $1 AND person_id = $2', [
          roomId,
          personId,
        ])
      }
    },
    async isRevoked(roomId, personId) {
      return (
        (await database.row(
          'SELECT 1 AS one FROM revoked_members WHERE room_id = $1 AND person_id = $2',
          [roomId, personId],
        )) !== undefined
      )
    },

    // Access changes

    async recordAccessChange(change) {
      const row = await database.row(
        'INSERT INTO access_changes (room_id, person_id, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING seq',
        [change.roomId, change.personId, change.kind, Date.now()],
      )
      return int(row as Row, 'seq')
    },
    async accessChangesSince(seq) {
      const rows = await database.rows('SELECT * FROM access_changes WHERE seq > $1 ORDER BY seq', [
        seq,
      ])
      return rows.map(toAccessChange)
    },
    async lastAccessChangeSeq() {
      return int(
        (await database.row('SELECT COALESCE(MAX(seq), 0) AS n FROM access_changes')) as Row,
        'n',
      )
    },
  }
}
