import type { TeamRole } from '../../../shared/src/access.ts'
import { int, type Row, text } from './rows.ts'
import type { SsoLogin, SsoSettings } from './sso.ts'
import type { Teammate } from './team.ts'

/** Row mappers and queries of the team and SSO concerns, shared by both drivers. */

/** A teammate's row: `?` placeholders (the PostgreSQL driver numbers them). */
export const TEAMMATE_SELECT = `SELECT t.person_id, t.role, t.created_at, p.email, p.name,
    (SELECT COUNT(*) FROM rooms r WHERE r.owner_id = t.person_id) AS rooms_owned
  FROM team_members t JOIN people p ON p.id = t.person_id`

export const TEAMMATE_ORDER = "ORDER BY CASE t.role WHEN 'admin' THEN 0 ELSE 1 END, p.name, p.email"

export function toTeammate(row: Row): Teammate {
  return {
    personId: text(row, 'person_id'),
    email: text(row, 'email'),
    name: text(row, 'name'),
    role: text(row, 'role') as TeamRole,
    joinedAt: int(row, 'created_at'),
    roomsOwned: int(row, 'rooms_owned'),
  }
}

export function toSsoSettings(row: Row): SsoSettings {
  return {
    issuer: text(row, 'issuer'),
    clientId: text(row, 'client_id'),
    clientSecret: text(row, 'client_secret'),
    domains: text(row, 'domains').split(',').filter(Boolean),
    required: int(row, 'required') === 1,
    updatedAt: int(row, 'updated_at'),
    updatedBy:
      row.updated_by === null || row.updated_by === undefined ? null : text(row, 'updated_by'),
  }
}

export function toSsoLogin(row: Row): SsoLogin {
  return {
    stateHash: text(row, 'state_hash'),
    browserHash: text(row, 'browser_hash'),
    nonce: text(row, 'nonce'),
    codeVerifier: text(row, 'code_verifier'),
    createdAt: int(row, 'created_at'),
    expiresAt: int(row, 'expires_at'),
  }
}
