import { type FormEvent, useCallback, useEffect, useState } from 'react'
import type { CrmConnectionInfo, CrmProviderName } from '../../../shared/src/api/crm.ts'
import { crm } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { navigate } from '../router.ts'
import { WebhookDeliveries } from './WebhookDeliveries.tsx'
import '../integrations/crm.css'

const NAMES: Record<CrmProviderName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' }
const RECORDS: Record<CrmProviderName, string> = { hubspot: 'deal', salesforce: 'Opportunity' }

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function status(connection: CrmConnectionInfo): string {
  if (connection.createdAt === null) return 'Not connected'
  if (connection.disabledAt !== null) return `Paused since ${when(connection.disabledAt)}`
  if (connection.failingSince !== null) return `Failing since ${when(connection.failingSince)}`
  return `Connected ${when(connection.createdAt)}`
}

/** The credentials form of one CRM: HubSpot's token, or a connected app's client. */
function ConnectForm({
  provider,
  onConnect,
}: {
  provider: CrmProviderName
  onConnect: (body: Record<string, string>) => Promise<void>
}) {
  const [fields, setFields] = useState<Record<string, string>>({})
  const [oauth, setOauth] = useState(provider === 'salesforce')
  const [busy, setBusy] = useState(false)
  const set = (name: string) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: event.target.value }))
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim()))
    await onConnect(body)
    setBusy(false)
  }
  const secretField = (name: string, label: string, required = true) => (
    <label>
      {label}
      <input
        type="password"
        autoComplete="off"
        value={fields[name] ?? ''}
        onChange={set(name)}
        required={required}
      />
    </label>
  )
  return (
    <form className="key-form" onSubmit={submit} aria-label={`Connect ${NAMES[provider]}`}>
      {provider === 'hubspot' && (
        <label className="key-form__scope">
          <input type="checkbox" checked={oauth} onChange={() => setOauth(!oauth)} />
          Use an OAuth app instead of a private app token
        </label>
      )}
      {provider === 'hubspot' && !oauth && secretField('token', 'Private app access token')}
      {oauth && (
        <>
          <label>
            Client id
            <input value={fields.clientId ?? ''} onChange={set('clientId')} required />
          </label>
          {secretField('clientSecret', 'Client secret')}
          {secretField(
            'refreshToken',
            provider === 'hubspot'
              ? 'Refresh token'
              : 'Refresh token (optional: client credentials without it)',
            provider === 'hubspot',
          )}
        </>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? `Checking with ${NAMES[provider]}…` : `Connect ${NAMES[provider]}`}
      </button>
    </form>
  )
}

/** A new room from a deal of a connected CRM. */
function RoomFromDeal({ provider }: { provider: CrmProviderName }) {
  const [externalId, setExternalId] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      const made = await call(crm.createRoomFromDeal, {
        params: { provider },
        body: { externalId: externalId.trim() },
      })
      navigate(`/r/${made.id}`)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not create the room.')
      setBusy(false)
    }
  }
  return (
    <form
      className="crm-deal"
      onSubmit={submit}
      aria-label={`New room from a ${NAMES[provider]} ${RECORDS[provider]}`}
    >
      <label>
        New room from a {RECORDS[provider]} (id)
        <input
          value={externalId}
          onChange={(event) => setExternalId(event.target.value)}
          required
        />
      </label>
      <button type="submit" className="button button--quiet" disabled={busy}>
        {busy ? 'Creating…' : 'Create room'}
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}

/**
 * HubSpot and Salesforce on the Integrations page: connect with credentials (checked with the
 * CRM first), see whether deliveries fail and their log, create a room from a deal, disconnect.
 */
export function CrmConnections() {
  const [connections, setConnections] = useState<CrmConnectionInfo[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [log, setLog] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      setConnections((await call(crm.listConnections)).connections)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not load the CRM connections.')
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null)
    try {
      await work()
      await load()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That did not work.')
    }
  }

  return (
    <section className="settings-section" aria-labelledby="crm-heading">
      <h2 id="crm-heading">CRM</h2>
      <p className="muted">
        A room linked to a HubSpot deal writes a note on the deal for its key moments (a buyer’s
        first visit, a milestone signed off, a concern or block, a weekly summary) and keeps the
        deal’s room link, health and last buyer activity current. Linked to a Salesforce
        Opportunity, it writes completed Tasks for the same moments. A CRM that is down delays
        these, never loses them. Link a room from its Insights.
      </p>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {connections === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : (
        <ul className="crm-list" aria-label="CRM connections">
          {connections.map((connection) => {
            const { provider } = connection
            const connected = connection.id !== null
            return (
              <li key={provider} className="crm-card">
                <div className="crm-card__head">
                  <h3>{NAMES[provider]}</h3>
                  <span className={connected ? 'crm-pill crm-pill--ok' : 'crm-pill'}>
                    {status(connection)}
                  </span>
                </div>
                <p className="muted small">{connection.url}</p>
                {!connected && (
                  <ConnectForm
                    provider={provider}
                    onConnect={(body) =>
                      act(() => call(crm.connect, { params: { provider }, body }))
                    }
                  />
                )}
                {connected && connection.id && (
                  <>
                    <RoomFromDeal provider={provider} />
                    <div className="webhook__actions">
                      <button
                        type="button"
                        className="button button--quiet"
                        aria-expanded={log === provider}
                        onClick={() => setLog(log === provider ? null : provider)}
                      >
                        Deliveries
                      </button>
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => {
                          if (
                            !window.confirm(
                              `Disconnect ${NAMES[provider]}? Its credentials and delivery log are removed.`,
                            )
                          )
                            return
                          void act(() => call(crm.disconnect, { params: { provider } }))
                        }}
                      >
                        Disconnect
                      </button>
                    </div>
                    {log === provider && <WebhookDeliveries subscriptionId={connection.id} />}
                  </>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
