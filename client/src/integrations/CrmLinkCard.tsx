import { type FormEvent, useCallback, useEffect, useState } from 'react'
import type { CrmLinkInfo, CrmProviderName } from '../../../shared/src/api/crm.ts'
import { crm } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import './crm.css'

const NAMES: Record<CrmProviderName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' }
const RECORDS: Record<CrmProviderName, string> = { hubspot: 'deal', salesforce: 'Opportunity' }

/**
 * Which CRM deal the room reports to (Insights, seller team): link it by the deal's id — its
 * contacts join the stakeholder map, ready to invite — or unlink it.
 */
export function CrmLinkCard({ roomId }: { roomId: string }) {
  const [state, setState] = useState<{ links: CrmLinkInfo[]; connected: CrmProviderName[] } | null>(
    null,
  )
  const [provider, setProvider] = useState<CrmProviderName>('hubspot')
  const [externalId, setExternalId] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const load = useCallback(async () => {
    const next = await call(crm.listRoomLinks, { params: { roomId } })
    setState(next)
    const first = next.connected.find((each) => !next.links.some((link) => link.provider === each))
    if (first) setProvider(first)
  }, [roomId])
  useEffect(() => {
    load().catch((error: unknown) =>
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Could not load.' }),
    )
  }, [load])

  const link = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      const linked = await call(crm.linkRoom, {
        params: { roomId, provider },
        body: { externalId: externalId.trim() },
      })
      setMessage({
        ok: true,
        text: `Linked to “${linked.link.name}”. ${linked.imported === 0 ? 'No new contacts' : `${linked.imported} contact${linked.imported === 1 ? '' : 's'}`} added to the stakeholder map.`,
      })
      setExternalId('')
      await load()
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Could not link.' })
    }
    setBusy(false)
  }
  const unlink = async (which: CrmProviderName) => {
    setMessage(null)
    try {
      await call(crm.unlinkRoom, { params: { roomId, provider: which } })
      await load()
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'Could not unlink.' })
    }
  }

  const free =
    state?.connected.filter((each) => !state.links.some((l) => l.provider === each)) ?? []
  return (
    <section className="card" aria-labelledby="crm-link-heading">
      <h2 id="crm-link-heading">CRM</h2>
      {state === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : state.connected.length === 0 && state.links.length === 0 ? (
        <p className="muted">
          No CRM is connected. Connect HubSpot or Salesforce in{' '}
          <a href="/settings/integrations">Integrations</a> to report this room to its deal.
        </p>
      ) : (
        <>
          {state.links.length === 0 && <p className="muted">This room reports to no deal yet.</p>}
          <ul className="plain-list">
            {state.links.map((each) => (
              <li key={each.provider}>
                {NAMES[each.provider]} {RECORDS[each.provider]} <strong>{each.name}</strong>{' '}
                <span className="muted small">({each.externalId})</span>{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Unlink from ${NAMES[each.provider]}`}
                  onClick={() => void unlink(each.provider)}
                >
                  Unlink
                </button>
              </li>
            ))}
          </ul>
          {free.length > 0 && (
            <form className="crm-deal" onSubmit={link} aria-label="Link to a deal">
              {free.length > 1 && (
                <label>
                  CRM
                  <select
                    value={provider}
                    onChange={(event) => setProvider(event.target.value as CrmProviderName)}
                  >
                    {free.map((each) => (
                      <option key={each} value={each}>
                        {NAMES[each]}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                {NAMES[provider]} {RECORDS[provider]} id
                <input
                  value={externalId}
                  onChange={(event) => setExternalId(event.target.value)}
                  required
                />
              </label>
              <button type="submit" className="button button--quiet" disabled={busy}>
                {busy ? 'Linking…' : 'Link'}
              </button>
            </form>
          )}
        </>
      )}
      {message && (
        <p
          className={message.ok ? 'muted small' : 'form-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
    </section>
  )
}
