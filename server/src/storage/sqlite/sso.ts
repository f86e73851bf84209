import type Database from 'better-sqlite3'
import type { Row } from '../rows.ts'
import type { SsoStore } from '../sso.ts'
import { toSsoLogin, toSsoSettings } from '../team-rows.ts'

export function sqliteSso(db: Database.Database): SsoStore {
  const statements = {
    settings: db.prepare('SELECT * FROM sso_settings WHERE id = 1'),
    putSettings: db.prepare(
      `INSERT INTO sso_settings (id, issuer, client_id, client_secret, domains, required, updated_at, updated_by)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id,
         client_secret = excluded.client_secret, domains = excluded.domains,
         required = excluded.required, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    clearSettings: db.prepare('DELETE FROM sso_settings'),
    insertLogin: db.prepare(
      'INSERT INTO sso_logins (state_hash, browser_hash, nonce, code_verifier, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    pruneLogins: db.prepare('DELETE FROM sso_logins WHERE expires_at < ?'),
    takeLogin: db.prepare(
      'UPDATE sso_logins SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING *',
    ),
  }
  return {
    async getSsoSettings() {
      const row = statements.settings.get() as Row | undefined
      return row ? toSsoSettings(row) : null
    },
    async putSsoSettings(settings) {
      if (settings === null) {
        statements.clearSettings.run()
        return
      }
      statements.putSettings.run(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        settings.domains.join(','),
        settings.required ? 1 : 0,
        settings.updatedAt,
        settings.updatedBy,
      )
    },
    async createSsoLogin(login) {
      // Sign-ins never finished are forgotten a day after they expired.
      statements.pruneLogins.run(login.createdAt - 24 * 60 * 60 * 1000)
      statements.insertLogin.run(
        login.stateHash,
        login.browserHash,
        login.nonce,
        login.codeVerifier,
        login.createdAt,
        login.expiresAt,
      )
    },
    async consumeSsoLogin(stateHash, at) {
      const row = statements.takeLogin.get(at, stateHash, at) as Row | undefined
      return row ? toSsoLogin(row) : null
    },
  }
}
