import type { SsoStore } from '../sso.ts'
import { toSsoLogin, toSsoSettings } from '../team-rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresSso(database: PostgresDatabase): SsoStore {
  return {
    async getSsoSettings() {
      const row = await database.row('SELECT * FROM sso_settings WHERE id = 1')
      return row ? toSsoSettings(row) : null
    },
    async putSsoSettings(settings) {
      if (settings === null) {
        await database.run('DELETE FROM sso_settings')
        return
      }
      await database.run(
        `INSERT INTO sso_settings (id, issuer, client_id, client_secret, domains, required, updated_at, updated_by)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
           client_secret = EXCLUDED.client_secret, domains = EXCLUDED.domains,
           required = EXCLUDED.required, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [
          settings.issuer,
          settings.clientId,
          settings.clientSecret,
          settings.domains.join(','),
          settings.required ? 1 : 0,
          settings.updatedAt,
          settings.updatedBy,
        ],
      )
    },
    async createSsoLogin(login) {
      // Sign-ins never finished are forgotten a day after they expired.
      await database.run('DELETE FROM sso_logins WHERE expires_at < $1', [
        login.createdAt - 24 * 60 * 60 * 1000,
      ])
      await database.run(
        'INSERT INTO sso_logins (state_hash, browser_hash, nonce, code_verifier, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          login.stateHash,
          login.browserHash,
          login.nonce,
          login.codeVerifier,
          login.createdAt,
          login.expiresAt,
        ],
      )
    },
    async consumeSsoLogin(stateHash, at) {
      const row = await database.row(
        'UPDATE sso_logins SET used_at = $1 WHERE state_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING *',
        [at, stateHash],
      )
      return row ? toSsoLogin(row) : null
    },
  }
}
