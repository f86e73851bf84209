import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
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

/**
 * The embedded driver: one SQLite file in WAL mode. better-sqlite3 is synchronous, so an update
 * appended inside Yjs's update event is on disk before the server acknowledges it.
 */
export class SqliteStorage implements Storage {
  readonly driver = 'sqlite' as const
  readonly db: Database.Database

  private readonly statements

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a commit survives a crash of the process (the acknowledged-edit
    // guarantee); FULL would also survive power loss at the cost of an fsync per update.
    this.db.pragma(`synchronous = ${process.env.QUORUM_SQLITE_SYNC === 'full' ? 'FULL' : 'NORMAL'}`)
    this.db.pragma('busy_timeout = 5000')
    // Rooms are read once when they load and then live in memory; the OS caches the file too.
    // A small page cache (512 KiB instead of 2 MiB) is memory the rooms can use.
    this.db.pragma('cache_size = -512')
    this.db.pragma('foreign_keys = ON')
    this.migrate()
    this.statements = this.prepare()
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    )
    const applied = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => int(row as Row, 'version')),
    )
    for (const migration of readMigrations('sqlite')) {
      if (applied.has(migration.version)) continue
      this.db
        .transaction(() => {
          this.db.exec(migration.sql)
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, Date.now())
        })
        .immediate()
    }
  }

  private prepare() {
    const db = this.db
    return {
      snapshot: db.prepare('SELECT snapshot FROM documents WHERE name = ?'),
      updates: db.prepare('SELECT seq, data FROM document_updates WHERE name = ? ORDER BY seq'),
      append: db.prepare('INSERT INTO document_updates (name, data, created_at) VALUES (?, ?, ?)'),
      upsertSnapshot: db.prepare(
        'INSERT INTO documents (name, snapshot, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at',
      ),
      dropUpdates: db.prepare('DELETE FROM document_updates WHERE name = ? AND seq <= ?'),
      countUpdates: db.prepare('SELECT COUNT(*) AS n FROM document_updates WHERE name = ?'),
      insertPerson: db.prepare(
        'INSERT INTO people (id, email, name, kind, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      personById: db.prepare('SELECT * FROM people WHERE id = ?'),
      personByEmail: db.prepare('SELECT * FROM people WHERE email = ?'),
      countPeople: db.prepare('SELECT COUNT(*) AS n FROM people WHERE kind = ?'),
      insertRoom: db.prepare(
        'INSERT INTO rooms (id, title, owner_id, template, created_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      roomById: db.prepare('SELECT * FROM rooms WHERE id = ?'),
      listRooms: db.prepare(
        `SELECT r.*, p.email AS owner_email, p.name AS owner_name,
           (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
         FROM rooms r JOIN people p ON p.id = r.owner_id
         ORDER BY r.last_activity_at DESC, r.id`,
      ),
      touchRoom: db.prepare(
        'UPDATE rooms SET last_activity_at = MAX(last_activity_at, ?) WHERE id = ?',
      ),
      closeRoom: db.prepare('UPDATE rooms SET closed_at = COALESCE(closed_at, ?) WHERE id = ?'),
      putMember: db.prepare(
        'INSERT INTO members (room_id, person_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, person_id) DO UPDATE SET role = excluded.role',
      ),
      member: db.prepare(
        'SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = ? AND m.person_id = ?',
      ),
      members: db.prepare(
        "SELECT m.*, p.email, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.room_id = ? ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'seller' THEN 1 ELSE 2 END, m.created_at, p.email",
      ),
      markJoined: db.prepare(
        'UPDATE members SET joined_at = COALESCE(joined_at, ?) WHERE room_id = ? AND person_id = ?',
      ),
      roomsOf: db.prepare(
        `SELECT r.*, p.email AS owner_email, p.name AS owner_name, me.role AS role,
           (SELECT COUNT(*) FROM members m WHERE m.room_id = r.id) AS member_count
         FROM members me JOIN rooms r ON r.id = me.room_id JOIN people p ON p.id = r.owner_id
         WHERE me.person_id = ?
         ORDER BY r.last_activity_at DESC, r.id`,
      ),
      insertSession: db.prepare(
        'INSERT INTO sessions (id_hash, person_id, room_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      session: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
      revokeSession: db.prepare(
        'UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id_hash = ?',
      ),
      accessChangesSince: db.prepare('SELECT * FROM access_changes WHERE seq > ? ORDER BY seq'),
      insertLink: db.prepare(
        'INSERT INTO links (id, kind, token_hash, person_id, room_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      linkByHash: db.prepare('SELECT * FROM links WHERE token_hash = ?'),
      linkById: db.prepare('SELECT * FROM links WHERE id = ?'),
      consumeLink: db.prepare('UPDATE links SET used_at = ? WHERE id = ? AND used_at IS NULL'),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      initSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      ),
    }
  }

  // Documents

  loadDocumentSync(name: string): StoredDocument | null {
    const snapshotRow = this.statements.snapshot.get(name) as Row | undefined
    const updateRows = this.statements.updates.all(name) as Row[]
    if (!snapshotRow && updateRows.length === 0) return null
    return {
      snapshot: snapshotRow ? bytes(snapshotRow.snapshot) : null,
      updates: updateRows.map((row) => bytes(row.data)),
      lastSeq: updateRows.length ? int(updateRows[updateRows.length - 1] as Row, 'seq') : 0,
    }
  }

  async loadDocument(name: string): Promise<StoredDocument | null> {
    return this.loadDocumentSync(name)
  }

  appendUpdateSync(name: string, update: Uint8Array): number {
    return Number(this.statements.append.run(name, update, Date.now()).lastInsertRowid)
  }

  /**
   * Runs `work` in one transaction: everything it writes is committed (durable, as one commit)
   * when this returns, or nothing is and it throws. The edit fast path appends a turn's edits in
   * one, since a commit costs far more than the row (several writes to the WAL file).
   */
  inOneCommit(work: () => void): void {
    this.db.transaction(work)()
  }

  async appendUpdate(name: string, update: Uint8Array): Promise<number> {
    return this.appendUpdateSync(name, update)
  }

  compactDocumentSync(name: string, snapshot: Uint8Array, upToSeq: number): void {
    this.db.transaction(() => {
      this.statements.upsertSnapshot.run(name, snapshot, Date.now())
      this.statements.dropUpdates.run(name, upToSeq)
    })()
  }

  async compactDocument(name: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.compactDocumentSync(name, snapshot, upToSeq)
  }

  async countUpdates(name: string): Promise<number> {
    return int(this.statements.countUpdates.get(name) as Row, 'n')
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
    this.statements.insertPerson.run(
      person.id,
      person.email,
      person.name,
      person.kind,
      person.createdAt,
    )
    return person
  }

  async getPerson(id: string): Promise<Person | null> {
    const row = this.statements.personById.get(id) as Row | undefined
    return row ? toPerson(row) : null
  }

  async findPersonByEmail(email: string): Promise<Person | null> {
    const row = this.statements.personByEmail.get(normalizeEmail(email)) as Row | undefined
    return row ? toPerson(row) : null
  }

  async countPeople(kind: PersonKind): Promise<number> {
    return int(this.statements.countPeople.get(kind) as Row, 'n')
  }

  // Rooms and members

  async createRoom(input: NewRoom): Promise<Room> {
    const now = Date.now()
    this.db.transaction(() => {
      this.statements.insertRoom.run(input.id, input.title, input.ownerId, input.template, now, now)
      this.statements.putMember.run(input.id, input.ownerId, 'owner', now)
      for (const document of input.documents) {
        this.statements.upsertSnapshot.run(document.name, document.snapshot, now)
      }
    })()
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
    const row = this.statements.roomById.get(id) as Row | undefined
    return row ? toRoom(row) : null
  }

  async listRooms(): Promise<RoomSummary[]> {
    return (this.statements.listRooms.all() as Row[]).map(toSummary)
  }

  async touchRoom(id: string, at: number): Promise<void> {
    this.statements.touchRoom.run(at, id)
  }

  async closeRoom(id: string, at: number): Promise<void> {
    this.statements.closeRoom.run(at, id)
  }

  async putMember(roomId: string, personId: string, role: Role): Promise<Member> {
    this.statements.putMember.run(roomId, personId, role, Date.now())
    const member = await this.getMember(roomId, personId)
    if (!member) throw new Error(`Member ${personId} of room ${roomId} vanished`)
    return member
  }

  async getMember(roomId: string, personId: string): Promise<Member | null> {
    const row = this.statements.member.get(roomId, personId) as Row | undefined
    return row ? toMember(row) : null
  }

  async listMembers(roomId: string): Promise<Member[]> {
    return (this.statements.members.all(roomId) as Row[]).map(toMember)
  }

  async markJoined(roomId: string, personId: string, at: number): Promise<void> {
    this.statements.markJoined.run(at, roomId, personId)
  }

  async listRoomsOf(personId: string): Promise<Array<RoomSummary & { role: Role }>> {
    return (this.statements.roomsOf.all(personId) as Row[]).map((row) => {
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
    this.statements.insertSession.run(
      idHash,
      session.personId,
      session.roomId,
      Date.now(),
      session.expiresAt,
    )
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = this.statements.session.get(idHash) as Row | undefined
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
    this.statements.revokeSession.run(at, idHash)
  }

  // One-time links

  async createLink(input: NewLink): Promise<Link> {
    const id = newId()
    const now = Date.now()
    this.statements.insertLink.run(
      id,
      input.kind,
      input.tokenHash,
      input.personId,
      input.roomId,
      now,
      input.expiresAt,
    )
    return toLink(this.statements.linkById.get(id) as Row)
  }

  async findLinkByHash(tokenHash: string): Promise<Link | null> {
    const row = this.statements.linkByHash.get(tokenHash) as Row | undefined
    return row ? toLink(row) : null
  }

  async consumeLink(id: string, at: number): Promise<boolean> {
    return this.statements.consumeLink.run(at, id).changes === 1
  }

  async revokeLinks(
    filter: { kind: LinkKind; personId?: string; roomId?: string },
    at: number,
  ): Promise<number> {
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
    return this.db.prepare(sql).run(...params).changes
  }

  // Access

  async removeMember(roomId: string, personId: string): Promise<boolean> {
    return (
      this.db
        .prepare('DELETE FROM members WHERE room_id = ? AND person_id = ?')
        .run(roomId, personId).changes === 1
    )
  }

  async setRevoked(roomId: string, personId: string, revoked: boolean, at: number): Promise<void> {
    if (revoked) {
      this.db
        .prepare(
          'INSERT INTO revoked_members (room_id, person_id, revoked_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET revoked_at = excluded.revoked_at',
        )
        .run(roomId, personId, at)
    } else {
      this.db
        .prepare('DELETE FROM revoked_members WHERE room_id = ? AND person_id = ?')
        .run(roomId, personId)
    }
  }

  async isRevoked(roomId: string, personId: string): Promise<boolean> {
    return (
      this.db
        .prepare('SELECT 1 FROM revoked_members WHERE room_id = ? AND person_id = ?')
        .get(roomId, personId) !== undefined
    )
  }

  async revokeSessions(filter: { personId: string; roomId?: string }, at: number): Promise<number> {
    const sql =
      filter.roomId === undefined
        ? 'UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL'
        : 'UPDATE sessions SET revoked_at = ? WHERE person_id = ? AND room_id = ? AND revoked_at IS NULL'
    const params =
      filter.roomId === undefined ? [at, filter.personId] : [at, filter.personId, filter.roomId]
    return this.db.prepare(sql).run(...params).changes
  }

  async setRoomAccess(roomId: string, mode: AccessMode, domains: string[]): Promise<void> {
    this.db
      .prepare('UPDATE rooms SET access_mode = ?, allowed_domains = ? WHERE id = ?')
      .run(mode, domains.join(','), roomId)
  }

  async recordAccessChange(change: Omit<AccessChange, 'seq' | 'createdAt'>): Promise<number> {
    const result = this.db
      .prepare(
        'INSERT INTO access_changes (room_id, person_id, kind, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(change.roomId, change.personId, change.kind, Date.now())
    return Number(result.lastInsertRowid)
  }

  async accessChangesSince(seq: number): Promise<AccessChange[]> {
    return (this.statements.accessChangesSince.all(seq) as Row[]).map((row) => ({
      seq: int(row, 'seq'),
      roomId: textOrNull(row, 'room_id'),
      personId: textOrNull(row, 'person_id'),
      kind: text(row, 'kind') as AccessChangeKind,
      createdAt: int(row, 'created_at'),
    }))
  }

  async lastAccessChangeSeq(): Promise<number> {
    return int(
      this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM access_changes').get() as Row,
      'n',
    )
  }

  // Audit

  async appendAudit(
    input: AuditInput,
    hash: (previousHash: string, at: number) => string,
  ): Promise<AuditEntry> {
    // IMMEDIATE: the read of the last hash and the insert are one step, even across processes.
    const insert = this.db.transaction(() => {
      const last = this.db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        | Row
        | undefined
      const prevHash = last ? text(last, 'hash') : ''
      const at = Date.now()
      const result = this.db
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
        this.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(result.lastInsertRowid) as Row,
      )
    })
    return insert.immediate()
  }

  async listAudit(filter: {
    roomId?: string
    afterSeq?: number
    limit: number
  }): Promise<AuditEntry[]> {
    const rows =
      filter.roomId === undefined
        ? this.db
            .prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
            .all(filter.afterSeq ?? 0, filter.limit)
        : this.db
            .prepare('SELECT * FROM audit_log WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?')
            .all(filter.roomId, filter.afterSeq ?? 0, filter.limit)
    return (rows as Row[]).map(toAudit)
  }

  // Mail

  async enqueueMail(mail: { to: string; subject: string; body: string }): Promise<Mail> {
    const id = newId()
    this.db
      .prepare(
        'INSERT INTO outbox (id, to_address, subject, body, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, mail.to, mail.subject, mail.body, Date.now())
    return toMail(this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row)
  }

  async listOutbox(limit: number): Promise<Mail[]> {
    return (
      this.db
        .prepare('SELECT * FROM outbox ORDER BY created_at DESC, rowid DESC LIMIT ?')
        .all(limit) as Row[]
    ).map(toMail)
  }

  async markMail(
    id: string,
    result: { sentAt: number | null; error: string | null },
  ): Promise<void> {
    this.db
      .prepare('UPDATE outbox SET sent_at = ?, error = ? WHERE id = ?')
      .run(result.sentAt, result.error, id)
  }

  // E-mail codes

  async createEmailCode(code: Omit<EmailCode, 'id' | 'attempts' | 'usedAt'>): Promise<EmailCode> {
    const id = newId()
    this.db
      .prepare(
        'INSERT INTO email_codes (id, room_id, email, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, code.roomId, code.email, code.codeHash, code.createdAt, code.expiresAt)
    return { ...code, id, attempts: 0, usedAt: null }
  }

  async latestEmailCode(roomId: string, email: string): Promise<EmailCode | null> {
    const row = this.db
      .prepare(
        'SELECT * FROM email_codes WHERE room_id = ? AND email = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
      )
      .get(roomId, email) as Row | undefined
    return row ? toEmailCode(row) : null
  }

  async countEmailCodesSince(email: string, since: number): Promise<number> {
    return int(
      this.db
        .prepare('SELECT COUNT(*) AS n FROM email_codes WHERE email = ? AND created_at >= ?')
        .get(email, since) as Row,
      'n',
    )
  }

  async failEmailCode(id: string): Promise<number> {
    this.db.prepare('UPDATE email_codes SET attempts = attempts + 1 WHERE id = ?').run(id)
    return int(
      this.db.prepare('SELECT attempts FROM email_codes WHERE id = ?').get(id) as Row,
      'attempts',
    )
  }

  async consumeEmailCode(id: string, at: number): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE email_codes SET used_at = ? WHERE id = ? AND used_at IS NULL')
        .run(at, id).changes === 1
    )
  }

  async listPendingInvites(
    roomId: string,
    now: number,
  ): Promise<Array<Link & { email: string; name: string }>> {
    const rows = this.db
      .prepare(
        `SELECT l.*, p.email, p.name FROM links l JOIN people p ON p.id = l.person_id
         WHERE l.kind = 'invite' AND l.room_id = ? AND l.used_at IS NULL AND l.revoked_at IS NULL
           AND (l.expires_at IS NULL OR l.expires_at > ?)
         ORDER BY l.created_at DESC`,
      )
      .all(roomId, now) as Row[]
    return rows.map((row) => ({
      ...toLink(row),
      email: text(row, 'email'),
      name: text(row, 'name'),
    }))
  }

  async revokeLinkById(id: string, roomId: string, at: number): Promise<boolean> {
    return (
      this.db
        .prepare(
          'UPDATE links SET revoked_at = ? WHERE id = ? AND room_id = ? AND revoked_at IS NULL AND used_at IS NULL',
        )
        .run(at, id, roomId).changes === 1
    )
  }

  // Engagement events

  async appendEvents(events: EngagementEvent[]): Promise<void> {
    const insert = this.db.prepare(
      'INSERT INTO events (room_id, person_id, side, kind, section, duration_ms, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    this.db.transaction(() => {
      for (const e of events)
        insert.run(
          e.roomId,
          e.personId,
          e.side,
          e.kind,
          e.section,
          e.durationMs,
          JSON.stringify(e.detail),
          e.at,
        )
    })()
  }

  async listEvents(filter: EventFilter): Promise<EngagementEvent[]> {
    if (filter.kinds?.length === 0) return []
    const where = ['room_id = ?', 'at >= ?']
    const values: Array<string | number> = [filter.roomId, filter.since ?? 0]
    if (filter.before !== undefined) {
      where.push('at < ?')
      values.push(filter.before)
    }
    if (filter.personId !== undefined) {
      where.push('person_id = ?')
      values.push(filter.personId)
    }
    if (filter.kinds !== undefined) {
      where.push(`kind IN (${filter.kinds.map(() => '?').join(', ')})`)
      values.push(...filter.kinds)
    }
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY at, id`)
      .all(...values) as Row[]
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
      this.db
        .prepare('SELECT 1 FROM events WHERE room_id = ? AND person_id = ? LIMIT 1')
        .get(roomId, personId) !== undefined
    )
  }

  async digestState(personId: string): Promise<{ sentAt: number | null; optOut: boolean }> {
    const row = this.db
      .prepare('SELECT digest_sent_at, digest_opt_out FROM people WHERE id = ?')
      .get(personId) as Row | undefined
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
      this.db
        .prepare('UPDATE people SET digest_sent_at = ? WHERE id = ?')
        .run(patch.sentAt, personId)
    if (patch.optOut !== undefined)
      this.db
        .prepare('UPDATE people SET digest_opt_out = ? WHERE id = ?')
        .run(patch.optOut ? 1 : 0, personId)
  }

  // Settings

  async getSetting(key: string): Promise<string | null> {
    const row = this.statements.getSetting.get(key) as Row | undefined
    return row ? text(row, 'value') : null
  }

  async initSetting(key: string, value: string): Promise<string> {
    this.statements.initSetting.run(key, value)
    return (await this.getSetting(key)) ?? value
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}
