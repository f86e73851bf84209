import pg from 'pg'
import * as Y from 'yjs'
import { isRole, type Role } from '../../../../shared/src/access.ts'
import { newId } from '../../../../shared/src/ids.ts'
import { readMigrations } from '../migrations.ts'
import {
  bytes,
  int,
  intOrNull,
  type Row,
  text,
  textOrNull,
  toAudit,
  toEmailCode,
  toLink,
  toMail,
  toMember,
  toPerson,
  toRoom,
  toSummary,
} from '../rows.ts'
import {
  type AccessChange,
  type AccessChangeKind,
  type AccessMode,
  type AuditEntry,
  type AuditInput,
  type EmailCode,
  type EngagementEvent,
  type EngagementKind,
  type EventFilter,
  type Link,
  type LinkKind,
  type Mail,
  type Member,
  type NewLink,
  type NewRoom,
  normalizeEmail,
  type Person,
  type PersonKind,
  type Room,
  type RoomSummary,
  type Session,
  type Storage,
  type StoredDocument,
} from '../storage.ts'

// BIGINT columns hold epoch milliseconds and sequence numbers: well inside 2^53.
pg.types.setTypeParser(20, (value) => Number(value))

/** Lock id serialising migrations when several instances start at once. */
const MIGRATION_LOCK = 7_405_811

/**
 * The scale-out driver: PostgreSQL (`DATABASE_URL`). Same tables and contract as SQLite. Appends
 * are awaited before an update is applied (see collaboration/durability.ts), and compaction only
 * drops this instance's own log rows, merging into the stored snapshot rather than replacing it,
 * so two instances holding one room never lose each other's updates.
 */
export class PostgresStorage implements Storage {
  readonly driver = 'postgres' as const
  readonly pool: pg.Pool
  /** Identifies this process's rows in the update log. */
  readonly instanceId = newId(12)

  private constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 })
    this.pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message))
  }

  static async open(connectionString: string): Promise<PostgresStorage> {
    const storage = new PostgresStorage(connectionString)
    await storage.migrate()
    return storage
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      )
      const applied = new Set(
        (await client.query('SELECT version FROM schema_migrations')).rows.map((row) =>
          Number(row.version),
        ),
      )
      for (const migration of readMigrations('postgres')) {
        if (applied.has(migration.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql)
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, Date.now()],
          )
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
      client.release()
    }
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[]
  }

  private async row(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(sql, params))[0]
  }

  private async count(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  // Documents

  async loadDocument(name: string): Promise<StoredDocument | null> {
    const [snapshot, updates] = await Promise.all([
      this.row('SELECT snapshot FROM documents WHERE name = $1', [name]),
      this.rows('SELECT seq, data FROM document_updates WHERE name = $1 ORDER BY seq', [name]),
    ])
    if (!snapshot && updates.length === 0) return null
    return {
      snapshot: snapshot ? bytes(snapshot.snapshot) : null,
      updates: updates.map((row) => bytes(row.data)),
      lastSeq: updates.length ? int(updates[updates.length - 1] as Row, 'seq') : 0,
    }
  }

  async appendUpdate(name: string, update: Uint8Array): Promise<number> {
    const row = await this.row(
      'INSERT INTO document_updates (name, data, instance_id, created_at) VALUES ($1, $2, $3, $4) RETURNING seq',
      [name, Buffer.from(update), this.instanceId, Date.now()],
    )
    return int(row as Row, 'seq')
  }

  async compactDocument(name: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    await this.transaction(async (client) => {
      const current = (
        await client.query('SELECT snapshot FROM documents WHERE name = $1 FOR UPDATE', [name])
      ).rows[0] as Row | undefined
      // Fold into what is stored: another instance may have compacted updates this one lacks.
      const merged = new Y.Doc()
      if (current) Y.applyUpdate(merged, bytes(current.snapshot))
      Y.applyUpdate(merged, snapshot)
      const next = Buffer.from(Y.encodeStateAsUpdate(merged))
      merged.destroy()
      await client.query(
        'INSERT INTO documents (name, snapshot, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at',
        [name, next, Date.now()],
      )
      await client.query(
        'DELETE FROM document_updates WHERE name = $1 AND seq <= $2 AND instance_id = $3',
        [name, upToSeq, this.instanceId],
      )
    })
  }

  async countUpdates(name: string): Promise<number> {
    return int(
      (await this.row('SELECT COUNT(*) AS n FROM document_updates WHERE name = $1', [name])) as Row,
      'n',
    )
  }

  // People

  async createPerson(input: { email: string; name: string; kind: PersonKind }): Promise<Person> {
    const person: Person = {
      id: newId(),
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      kind: input.kind,
      createdAt: Date.now(),
    }
    await this.pool.query(
      'INSERT INTO people (id, email, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)',
      [person.id, person.email, person.name, person.kind, person.createdAt],
    )
    return person
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = await this.row('SELECT * FROM people WHERE id = $1', [id])
    return row ? toPerson(row) : null
  }

  async findPersonByEmail(email: string): Promise<Person | null> {
    const row = await this.row('SELECT * FROM people WHERE email = $1', [normalizeEmail(email)])
    return row ? toPerson(row) : null
  }

  async countPeople(kind: PersonKind): Promise<number> {
    return int(
      (await this.row('SELECT COUNT(*) AS n FROM people WHERE kind = $1', [kind])) as Row,
      'n',
    )
  }

  // Rooms and members

  async createRoom(input: NewRoom): Promise<Room> {
    const now = Date.now()
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO rooms (id, title, owner_id, template, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, $5)',
        [input.id, input.title, input.ownerId, input.template, now],
      )
      await client.query(
        "INSERT INTO members (room_id, person_id, role, created_at) VALUES ($1, $2, 'owner', $3)",
        [input.id, input.ownerId, now],
      )
      for (const document of input.documents) {
        await client.query(
          'INSERT INTO documents (name, snapshot, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET snapshot = EXCLUDED.snapshot',
          [document.name, Buffer.from(document.snapshot), now],
        )
      }
    })
    return {
      id: input.id,
      title: input.title,
      ownerId: input.ownerId,
      template: input.template,
      createdAt: now,
      lastActivityAt: now,
      closedAt: null,
      accessMode: 'invited',
      allowedDomains: [],
    }
  }

  async getRoom(id: string): Promise<Room | null> {
    const row = await this.row('SELECT * FROM rooms WHERE id = $1', [id])
    return row ? toRoom(row) : null
  }

  async listRooms(): Promise<RoomSummary[]> {
    const rows = await this.rows(
      `SELECT r.*, p.email AS owner_email, p.name AS owner_name,
         (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
       FROM rooms r JOIN people p ON p.id = r.owner_id
       ORDER BY r.last_activity_at DESC, r.id`,
    )
    return rows.map(toSummary)
  }

  async touchRoom(id: string, at: number): Promise<void> {
    await this.pool.query(
      'UPDATE rooms SET last_activity_at = GREATEST(last_activity_at, $1) WHERE id = $2',
      [at, id],
    )
  }

  async closeRoom(id: string, at: number): Promise<void> {
    await this.pool.query('UPDATE rooms SET closed_at = COALESCE(closed_at, $1) WHERE id = $2', [
      at,
      id,
    ])
  }

  async putMember(roomId: string, personId: string, role: Role): Promise<Member> {
    await this.pool.query(
      'INSERT INTO members (room_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (room_id, person_id) DO UPDATE SET role = EXCLUDED.role',
      [roomId, personId, role, Date.now()],
    )
    const member = await this.getMember(roomId, personId)
    if (!member) throw new Error(`Member ${personId} of room ${roomId} vanished`)
    return member
  }

  async getMember(roomId: string, personId: string): Promise<Member | null> {
    const row = await this.row(
      'SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = $1 AND m.person_id = $2',
      [roomId, personId],
    )
    return row ? toMember(row) : null
  }

  async listMembers(roomId: string): Promise<Member[]> {
    const rows = await this.rows(
      "SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'seller' THEN 1 ELSE 2 END, m.created_at, p.email",
      [roomId],
    )
    return rows.map(toMember)
  }

  async markJoined(roomId: string, personId: string, at: number): Promise<void> {
    await this.pool.query(
      'UPDATE members SET joined_at = COALESCE(joined_at, $1) WHERE room_id = $2 AND person_id = $3',
      [at, roomId, personId],
    )
  }

  async listRoomsOf(personId: string): Promise<Array<RoomSummary & { role: Role }>> {
    const rows = await this.rows(
      `SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role,
         (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
       FROM members me JOIN rooms r ON r.id = me.room_id JOIN people p ON p.id = r.owner_id
       WHERE me.person_id = $1 ORDER BY r.last_activity_at DESC, r.id`,
      [personId],
    )
    return rows.map((row) => {
      const role = text(row, 'role')
      if (!isRole(role)) throw new Error(`Stored member has an unknown role: ${role}`)
      return { ...toSummary(row), role }
    })
  }

  // Sessions

  async createSession(
    idHash: string,
    session: Omit<Session, 'revokedAt' | 'createdAt'>,
  ): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (id_hash, person_id, room_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [idHash, session.personId, session.roomId, Date.now(), session.expiresAt],
    )
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = await this.row('SELECT * FROM sessions WHERE id_hash = $1', [idHash])
    if (!row) return null
    return {
      personId: text(row, 'person_id'),
      roomId: textOrNull(row, 'room_id'),
      createdAt: int(row, 'created_at'),
      expiresAt: int(row, 'expires_at'),
      revokedAt: intOrNull(row, 'revoked_at'),
    }
  }

  async revokeSession(idHash: string, at: number): Promise<void> {
    await this.pool.query(
      'UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE id_hash = $2',
      [at, idHash],
    )
  }

  async revokeSessions(filter: { personId: string; roomId?: string }, at: number): Promise<number> {
    return filter.roomId === undefined
      ? this.count(
          'UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL',
          [at, filter.personId],
        )
      : this.count(
          'UPDATE sessions SET revoked_at = $1 WHERE person_id = $2 AND room_id = $3 AND revoked_at IS NULL',
          [at, filter.personId, filter.roomId],
        )
  }

  // One-time links

  async createLink(input: NewLink): Promise<Link> {
    const id = newId()
    await this.pool.query(
      'INSERT INTO links (id, kind, token_hash, person_id, room_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, input.kind, input.tokenHash, input.personId, input.roomId, Date.now(), input.expiresAt],
    )
    return toLink((await this.row('SELECT * FROM links WHERE id = $1', [id])) as Row)
  }

  async findLinkByHash(tokenHash: string): Promise<Link | null> {
    const row = await this.row('SELECT * FROM links WHERE token_hash = $1', [tokenHash])
    return row ? toLink(row) : null
  }

  async consumeLink(id: string, at: number): Promise<boolean> {
    return (
      (await this.count('UPDATE links SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [
        at,
        id,
      ])) === 1
    )
  }

  async revokeLinks(
    filter: { kind: LinkKind; personId?: string; roomId?: string },
    at: number,
  ): Promise<number> {
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
    return this.count(`UPDATE links SET revoked_at = $1 WHERE ${clauses.join(' AND ')}`, params)
  }

  async listPendingInvites(
    roomId: string,
    now: number,
  ): Promise<Array<Link & { email: string; name: string }>> {
    const rows = await this.rows(
      `SELECT l.*, p.email, p.name FROM links l JOIN people p ON p.id = l.person_id
       WHERE l.kind = 'invite' AND l.room_id = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL
         AND (l.expires_at IS NULL OR l.expires_at > $2)
       ORDER BY l.created_at DESC`,
      [roomId, now],
    )
    return rows.map((row) => ({
      ...toLink(row),
      email: text(row, 'email'),
      name: text(row, 'name'),
    }))
  }

  async revokeLinkById(id: string, roomId: string, at: number): Promise<boolean> {
    return (
      (await this.count(
        'UPDATE links SET revoked_at = $1 WHERE id = $2 AND room_id = $3 AND revoked_at IS NULL AND used_at IS NULL',
        [at, id, roomId],
      )) === 1
    )
  }

  // Settings

  async getSetting(key: string): Promise<string | null> {
    const row = await this.row('SELECT value FROM settings WHERE key = $1', [key])
    return row ? text(row, 'value') : null
  }

  async initSetting(key: string, value: string): Promise<string> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, value],
    )
    return (await this.getSetting(key)) ?? value
  }

  // Access

  async removeMember(roomId: string, personId: string): Promise<boolean> {
    return (
      (await this.count('DELETE FROM members WHERE room_id = $1 AND person_id = $2', [
        roomId,
        personId,
      ])) === 1
    )
  }

  async setRevoked(roomId: string, personId: string, revoked: boolean, at: number): Promise<void> {
    if (revoked) {
      await this.pool.query(
        'INSERT INTO revoked_members (room_id, person_id, revoked_at) VALUES ($1, $2, $3) ON CONFLICT (room_id, person_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at',
        [roomId, personId, at],
      )
    } else {
      await this.pool.query('DELETE FROM revoked_members WHERE room_id = $1 AND person_id = $2', [
        roomId,
        personId,
      ])
    }
  }

  async isRevoked(roomId: string, personId: string): Promise<boolean> {
    return (
      (await this.row(
        'SELECT 1 AS one FROM revoked_members WHERE room_id = $1 AND person_id = $2',
        [roomId, personId],
      )) !== undefined
    )
  }

  async setRoomAccess(roomId: string, mode: AccessMode, domains: string[]): Promise<void> {
    await this.pool.query('UPDATE rooms SET access_mode = $1, allowed_domains = $2 WHERE id = $3', [
      mode,
      domains.join(','),
      roomId,
    ])
  }

  async recordAccessChange(change: Omit<AccessChange, 'seq' | 'createdAt'>): Promise<number> {
    const row = await this.row(
      'INSERT INTO access_changes (room_id, person_id, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING seq',
      [change.roomId, change.personId, change.kind, Date.now()],
    )
    return int(row as Row, 'seq')
  }

  async accessChangesSince(seq: number): Promise<AccessChange[]> {
    const rows = await this.rows('SELECT * FROM access_changes WHERE seq > $1 ORDER BY seq', [seq])
    return rows.map((row) => ({
      seq: int(row, 'seq'),
      roomId: textOrNull(row, 'room_id'),
      personId: textOrNull(row, 'person_id'),
      kind: text(row, 'kind') as AccessChangeKind,
      createdAt: int(row, 'created_at'),
    }))
  }

  async lastAccessChangeSeq(): Promise<number> {
    return int(
      (await this.row('SELECT COALESCE(MAX(seq), 0) AS n FROM access_changes')) as Row,
      'n',
    )
  }

  // Audit

  async appendAudit(
    input: AuditInput,
    hash: (previousHash: string, at: number) => string,
  ): Promise<AuditEntry> {
    return this.transaction(async (client) => {
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
  }

  async listAudit(filter: {
    roomId?: string
    afterSeq?: number
    limit: number
  }): Promise<AuditEntry[]> {
    const rows =
      filter.roomId === undefined
        ? await this.rows('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [
            filter.afterSeq ?? 0,
            filter.limit,
          ])
        : await this.rows(
            'SELECT * FROM audit_log WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
            [filter.roomId, filter.afterSeq ?? 0, filter.limit],
          )
    return rows.map(toAudit)
  }

  // Mail

  async enqueueMail(mail: { to: string; subject: string; body: string }): Promise<Mail> {
    const row = await this.row(
      'INSERT INTO outbox (id, to_address, subject, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [newId(), mail.to, mail.subject, mail.body, Date.now()],
    )
    return toMail(row as Row)
  }

  async listOutbox(limit: number): Promise<Mail[]> {
    return (
      await this.rows('SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1', [limit])
    ).map(toMail)
  }

  async markMail(
    id: string,
    result: { sentAt: number | null; error: string | null },
  ): Promise<void> {
    await this.pool.query('UPDATE outbox SET sent_at = $1, error = $2 WHERE id = $3', [
      result.sentAt,
      result.error,
      id,
    ])
  }

  // E-mail codes

  async createEmailCode(code: Omit<EmailCode, 'id' | 'attempts' | 'usedAt'>): Promise<EmailCode> {
    const id = newId()
    await this.pool.query(
      'INSERT INTO email_codes (id, room_id, email, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, code.roomId, code.email, code.codeHash, code.createdAt, code.expiresAt],
    )
    return { ...code, id, attempts: 0, usedAt: null }
  }

  async latestEmailCode(roomId: string, email: string): Promise<EmailCode | null> {
    const row = await this.row(
      'SELECT * FROM email_codes WHERE room_id = $1 AND email = $2 ORDER BY created_at DESC, id DESC LIMIT 1',
      [roomId, email],
    )
    return row ? toEmailCode(row) : null
  }

  async countEmailCodesSince(email: string, since: number): Promise<number> {
    return int(
      (await this.row(
        'SELECT COUNT(*) AS n FROM email_codes WHERE email = $1 AND created_at >= $2',
        [email, since],
      )) as Row,
      'n',
    )
  }

  async failEmailCode(id: string): Promise<number> {
    return int(
      (await this.row(
        'UPDATE email_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts',
        [id],
      )) as Row,
      'attempts',
    )
  }

  async consumeEmailCode(id: string, at: number): Promise<boolean> {
    return (
      (await this.count('UPDATE email_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [
        at,
        id,
      ])) === 1
    )
  }

  // Engagement events

  async appendEvents(events: EngagementEvent[]): Promise<void> {
    if (events.length === 0) return
    const values: unknown[] = []
    const tuples = events.map((e, i) => {
      values.push(
        e.roomId,
        e.personId,
        e.side,
        e.kind,
        e.section,
        e.durationMs,
        JSON.stringify(e.detail),
        e.at,
      )
      const base = i * 8
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`
    })
    await this.pool.query(
      `INSERT INTO events (room_id, person_id, side, kind, section, duration_ms, detail, at) VALUES ${tuples.join(', ')}`,
      values,
    )
  }

  async listEvents(filter: EventFilter): Promise<EngagementEvent[]> {
    if (filter.kinds?.length === 0) return []
    const values: unknown[] = [filter.roomId, filter.since ?? 0]
    const where = ['room_id = $1', 'at >= $2']
    if (filter.before !== undefined) {
      values.push(filter.before)
      where.push(`at < $${values.length}`)
    }
    if (filter.personId !== undefined) {
      values.push(filter.personId)
      where.push(`person_id = $${values.length}`)
    }
    if (filter.kinds !== undefined) {
      values.push([...filter.kinds])
      where.push(`kind = ANY($${values.length}::text[])`)
    }
    const rows = await this.rows(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY at, id`,
      values,
    )
    return rows.map((row) => ({
      roomId: text(row, 'room_id'),
      personId: text(row, 'person_id'),
      side: text(row, 'side') === 'seller' ? 'seller' : 'buyer',
      kind: text(row, 'kind') as EngagementKind,
      section: textOrNull(row, 'section'),
      durationMs: intOrNull(row, 'duration_ms'),
      detail: JSON.parse(text(row, 'detail')) as Record<string, unknown>,
      at: int(row, 'at'),
    }))
  }

  async hasEvents(roomId: string, personId: string): Promise<boolean> {
    return (
      (await this.row('SELECT 1 AS one FROM events WHERE room_id = $1 AND person_id = $2 LIMIT 1', [
        roomId,
        personId,
      ])) !== undefined
    )
  }

  async digestState(personId: string): Promise<{ sentAt: number | null; optOut: boolean }> {
    const row = await this.row('SELECT digest_sent_at, digest_opt_out FROM people WHERE id = $1', [
      personId,
    ])
    return {
      sentAt: row ? intOrNull(row, 'digest_sent_at') : null,
      optOut: row ? int(row, 'digest_opt_out') === 1 : false,
    }
  }

  async setDigestState(
    personId: string,
    patch: { sentAt?: number; optOut?: boolean },
  ): Promise<void> {
    if (patch.sentAt !== undefined)
      await this.pool.query('UPDATE people SET digest_sent_at = $1 WHERE id = $2', [
        patch.sentAt,
        personId,
      ])
    if (patch.optOut !== undefined)
      await this.pool.query('UPDATE people SET digest_opt_out = $1 WHERE id = $2', [
        patch.optOut ? 1 : 0,
        personId,
      ])
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
