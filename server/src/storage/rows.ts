import { isRole, type Role } from '../../../shared/src/access.ts'
import type {
  AccessChange,
  AccessChangeKind,
  EmailCode,
  Link,
  LinkKind,
  Session,
} from './access.ts'
import type { EngagementEvent, EngagementKind } from './events.ts'
import type { AuditEntry, Mail } from './outbox.ts'
import type { Person, PersonKind } from './people.ts'
import type { Member, Room, RoomSummary } from './rooms.ts'

/** Row mappers shared by the drivers: both use the same table and column names. */
export type Row = Record<string, unknown>

export const text = (row: Row, key: string): string => String(row[key])
export const int = (row: Row, key: string): number => Number(row[key])
export const intOrNull = (row: Row, key: string): number | null =>
  row[key] === null || row[key] === undefined ? null : Number(row[key])
export const textOrNull = (row: Row, key: string): string | null =>
  row[key] === null || row[key] === undefined ? null : String(row[key])

export function toPerson(row: Row): Person {
  return {
    id: text(row, 'id'),
    email: text(row, 'email'),
    name: text(row, 'name'),
    kind: text(row, 'kind') as PersonKind,
    createdAt: int(row, 'created_at'),
  }
}

export function toRoom(row: Row): Room {
  return {
    id: text(row, 'id'),
    title: text(row, 'title'),
    ownerId: text(row, 'owner_id'),
    template: text(row, 'template'),
    createdAt: int(row, 'created_at'),
    lastActivityAt: int(row, 'last_activity_at'),
    closedAt: intOrNull(row, 'closed_at'),
    accessMode: text(row, 'access_mode') === 'domain' ? 'domain' : 'invited',
    allowedDomains: text(row, 'allowed_domains').split(',').filter(Boolean),
  }
}

export function toAudit(row: Row): AuditEntry {
  return {
    seq: int(row, 'seq'),
    at: int(row, 'at'),
    roomId: textOrNull(row, 'room_id'),
    actor: textOrNull(row, 'actor'),
    action: text(row, 'action'),
    subject: textOrNull(row, 'subject'),
    detail: JSON.parse(text(row, 'detail')) as Record<string, unknown>,
    ip: textOrNull(row, 'ip'),
    prevHash: text(row, 'prev_hash'),
    hash: text(row, 'hash'),
  }
}

export function toMail(row: Row): Mail {
  return {
    id: text(row, 'id'),
    to: text(row, 'to_address'),
    subject: text(row, 'subject'),
    body: text(row, 'body'),
    createdAt: int(row, 'created_at'),
    sentAt: intOrNull(row, 'sent_at'),
    error: textOrNull(row, 'error'),
  }
}

export function toEmailCode(row: Row): EmailCode {
  return {
    id: text(row, 'id'),
    roomId: text(row, 'room_id'),
    email: text(row, 'email'),
    codeHash: text(row, 'code_hash'),
    createdAt: int(row, 'created_at'),
    expiresAt: int(row, 'expires_at'),
    attempts: int(row, 'attempts'),
    usedAt: intOrNull(row, 'used_at'),
  }
}

export function toSummary(row: Row): RoomSummary {
  return {
    ...toRoom(row),
    ownerEmail: text(row, 'owner_email'),
    ownerName: text(row, 'owner_name'),
    memberCount: int(row, 'member_count'),
  }
}

export function toMember(row: Row): Member {
  const role = text(row, 'role')
  if (!isRole(role)) throw new Error(`Stored member has an unknown role: ${role}`)
  return {
    roomId: text(row, 'room_id'),
    personId: text(row, 'person_id'),
    role,
    createdAt: int(row, 'created_at'),
    joinedAt: intOrNull(row, 'joined_at'),
    email: text(row, 'email'),
    name: text(row, 'name'),
  }
}

export function toLink(row: Row): Link {
  return {
    id: text(row, 'id'),
    kind: text(row, 'kind') as LinkKind,
    personId: textOrNull(row, 'person_id'),
    roomId: textOrNull(row, 'room_id'),
    createdAt: int(row, 'created_at'),
    expiresAt: intOrNull(row, 'expires_at'),
    usedAt: intOrNull(row, 'used_at'),
    revokedAt: intOrNull(row, 'revoked_at'),
  }
}

export function toSession(row: Row): Session {
  return {
    personId: text(row, 'person_id'),
    roomId: textOrNull(row, 'room_id'),
    createdAt: int(row, 'created_at'),
    expiresAt: int(row, 'expires_at'),
    revokedAt: intOrNull(row, 'revoked_at'),
  }
}

export function toAccessChange(row: Row): AccessChange {
  return {
    seq: int(row, 'seq'),
    roomId: textOrNull(row, 'room_id'),
    personId: textOrNull(row, 'person_id'),
    kind: text(row, 'kind') as AccessChangeKind,
    createdAt: int(row, 'created_at'),
  }
}

export function toEvent(row: Row): EngagementEvent {
  return {
    roomId: text(row, 'room_id'),
    personId: text(row, 'person_id'),
    side: text(row, 'side') === 'seller' ? 'seller' : 'buyer',
    kind: text(row, 'kind') as EngagementKind,
    section: textOrNull(row, 'section'),
    durationMs: intOrNull(row, 'duration_ms'),
    detail: JSON.parse(text(row, 'detail')) as Record<string, unknown>,
    at: int(row, 'at'),
  }
}

/** A room the person is a member of, with their role (listRoomsOf). */
export function toRoomOf(row: Row): RoomSummary & { role: Role } {
  const role = text(row, 'role')
  if (!isRole(role)) throw new Error(`Stored member has an unknown role: ${role}`)
  return { ...toSummary(row), role }
}

/** A pending invite with whom it is for (listPendingInvites). */
export function toPendingInvite(row: Row): Link & { email: string; name: string } {
  return { ...toLink(row), email: text(row, 'email'), name: text(row, 'name') }
}

export const bytes = (value: unknown): Uint8Array =>
  value instanceof Uint8Array
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array()
