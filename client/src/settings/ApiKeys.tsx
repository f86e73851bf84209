import { type FormEvent, useCallback, useEffect, useState } from 'react'
import type { ApiKeyInfo } from '../../../shared/src/api/apikeys.ts'
import { API_SCOPES, type ApiScope, apikeys } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'

const SCOPE_HELP: Record<ApiScope, string> = {
  'rooms:read': 'read rooms, plans, members and health',
  'rooms:write': 'create and close rooms, invite and remove people, update tasks',
  'events:read': 'read engagement and activity events',
  'webhooks:write': 'manage webhook subscriptions',
}

const when = (at: number | null) =>
  at === null
    ? 'never'
    : new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A key made just now: the only time anyone sees it. */
function NewKey({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <div className="new-key" role="status">
      <p>
        <strong>Copy this key now.</strong> It is shown once; Quorum keeps only a fingerprint of it.
      </p>
      <input
        className="new-key__secret"
        aria-label="New API key"
        readOnly
        value={secret}
        onFocus={(event) => event.target.select()}
      />
      <div className="new-key__actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy key'}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  )
}

/** The seller team's API keys: make one (named, with scopes), see when each was last used, revoke. */
export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKeyInfo[] | null>(null)
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<ApiScope[]>([...API_SCOPES])
  const [secret, setSecret] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setKeys((await call(apikeys.listApiKeys)).keys)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not load the keys.')
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    setProblem(null)
    try {
      const made = await call(apikeys.createApiKey, { body: { name, scopes } })
      setSecret(made.key)
      setName('')
      await load()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not make the key.')
    }
  }
  const revoke = async (key: ApiKeyInfo) => {
    if (!window.confirm(`Revoke "${key.name}"? Anything using it stops working at once.`)) return
    setProblem(null)
    try {
      await call(apikeys.revokeApiKey, { params: { keyId: key.id } })
      await load()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not revoke the key.')
    }
  }
  const toggle = (scope: ApiScope) =>
    setScopes((current) =>
      current.includes(scope) ? current.filter((each) => each !== scope) : [...current, scope],
    )

  return (
    <section className="settings-section" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="muted">
        For the REST API at <code>/api/v1</code> (reference: <a href="/api/docs">/api/docs</a>).
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code>. A key sees every room of this
        Quorum.
      </p>
      {secret && <NewKey secret={secret} onDone={() => setSecret(null)} />}
      <form className="key-form" onSubmit={create} aria-label="New API key">
        <label>
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. HubSpot sync"
            maxLength={100}
            required
          />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="key-form__scope">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={() => toggle(scope)}
              />
              <code>{scope}</code> <span className="muted small">{SCOPE_HELP[scope]}</span>
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          className="button"
          disabled={name.trim() === '' || scopes.length === 0}
        >
          Make key
        </button>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {keys === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : keys.length === 0 ? (
        <p className="empty">No API keys yet.</p>
      ) : (
        <ul className="key-list" aria-label="API keys">
          {keys.map((key) => (
            <li key={key.id} className={key.revokedAt === null ? '' : 'key-list__revoked'}>
              <span className="key-list__main">
                <span className="key-list__name">{key.name}</span>
                <code className="small">{key.prefix}…</code>
                <span className="muted small">{key.scopes.join(' · ')}</span>
              </span>
              <span className="muted small">
                {key.createdBy ? `by ${key.createdBy.name}` : 'by the operator'} ·{' '}
                {when(key.createdAt)} · last used {when(key.lastUsedAt)}
              </span>
              {key.revokedAt === null ? (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => revoke(key)}
                  aria-label={`Revoke ${key.name}`}
                >
                  Revoke
                </button>
              ) : (
                <span className="badge">revoked {when(key.revokedAt)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
