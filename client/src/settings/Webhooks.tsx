import { type FormEvent, useCallback, useEffect, useState } from 'react'
import { webhooks } from '../../../shared/src/api/index.ts'
import {
  SLACK_DEFAULT_TYPES,
  type SubscriptionInfo,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../../../shared/src/api/webhooks.ts'
import { call } from '../api.ts'
import { WebhookDeliveries } from './WebhookDeliveries.tsx'
import './webhooks.css'

type Kind = 'webhook' | 'slack'

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A secret shown once (a new subscription's, or a rotation's). */
function NewSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="new-key" role="status">
      <p>
        <strong>Copy this signing secret now.</strong> It is shown once. Your receiver verifies each
        delivery’s <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
      <input
        className="new-key__secret"
        aria-label="Signing secret"
        readOnly
        value={secret}
        onFocus={(event) => event.target.select()}
      />
      <button type="button" className="button button--quiet" onClick={onDone}>
        Done
      </button>
    </div>
  )
}

function state(subscription: SubscriptionInfo): string {
  if (subscription.disabledAt !== null) return `disabled ${when(subscription.disabledAt)}`
  if (subscription.failingSince !== null) return `failing since ${when(subscription.failingSince)}`
  return 'active'
}

/**
 * Webhooks and Slack on the seller's Integrations page: subscribe a URL to event types, see the
 * delivery log, replay a delivery, rotate the secret, pause or remove a subscription.
 */
export function Webhooks() {
  const [subscriptions, setSubscriptions] = useState<SubscriptionInfo[] | null>(null)
  const [url, setUrl] = useState('')
  const [kind, setKind] = useState<Kind>('webhook')
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES])
  const [secret, setSecret] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      // CRM connections are subscriptions too; they have their own section.
      const all = (await call(webhooks.listSubscriptions)).subscriptions
      setSubscriptions(all.filter((each) => each.kind === 'webhook' || each.kind === 'slack'))
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not load the webhooks.')
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  /** Runs a change, then reloads the list; a refusal is shown. */
  const act = async (work: () => Promise<void>) => {
    setProblem(null)
    try {
      await work()
      await load()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That did not work.')
    }
  }
  const create = (event: FormEvent) => {
    event.preventDefault()
    void act(async () => {
      const made = await call(webhooks.createSubscription, { body: { url, events, kind } })
      setSecret(kind === 'slack' ? null : made.secret)
      setUrl('')
    })
  }
  const chooseKind = (next: Kind) => {
    setKind(next)
    setEvents(next === 'slack' ? [...SLACK_DEFAULT_TYPES] : [...WEBHOOK_EVENT_TYPES])
  }
  const toggle = (type: WebhookEventType) =>
    setEvents((current) =>
      current.includes(type) ? current.filter((each) => each !== type) : [...current, type],
    )

  return (
    <section className="settings-section" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks and Slack</h2>
      <p className="muted">
        Quorum sends each event to your URL as signed JSON (Standard Webhooks), at least once and in
        order per room, retrying for 24 hours. A Slack incoming-webhook URL gets a readable message
        instead. Subscriptions receive the events of every room of this Quorum.
      </p>
      {secret && <NewSecret secret={secret} onDone={() => setSecret(null)} />}
      <form className="key-form" onSubmit={create} aria-label="New webhook">
        <label>
          URL
          <input
            type="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder="https://example.com/quorum-events"
            required
          />
        </label>
        <fieldset>
          <legend>Sends</legend>
          <label className="key-form__scope">
            <input
              type="radio"
              name="webhook-kind"
              checked={kind === 'webhook'}
              onChange={() => chooseKind('webhook')}
            />
            Signed JSON (webhook)
          </label>
          <label className="key-form__scope">
            <input
              type="radio"
              name="webhook-kind"
              checked={kind === 'slack'}
              onChange={() => chooseKind('slack')}
            />
            Slack message
          </label>
        </fieldset>
        <fieldset className="webhook-types">
          <legend>Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="key-form__scope">
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={() => toggle(type)}
              />
              <code>{type}</code>
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          className="button"
          disabled={url.trim() === '' || events.length === 0}
        >
          Add webhook
        </button>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {subscriptions === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : subscriptions.length === 0 ? (
        <p className="empty">No webhooks yet.</p>
      ) : (
        <ul className="key-list" aria-label="Webhooks">
          {subscriptions.map((subscription) => {
            const params = { subscriptionId: subscription.id }
            const enabled = subscription.disabledAt === null
            return (
              <li key={subscription.id} className="webhook">
                <span className="key-list__main">
                  <span className="key-list__name">{subscription.url}</span>
                  <span className="muted small">
                    {subscription.kind === 'slack' ? 'Slack' : 'Webhook'} · {state(subscription)}
                  </span>
                  <span className="muted small">{subscription.events.join(' · ')}</span>
                </span>
                <span className="webhook__actions">
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-expanded={open === subscription.id}
                    onClick={() => setOpen(open === subscription.id ? null : subscription.id)}
                  >
                    Deliveries
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() =>
                      act(async () => {
                        await call(webhooks.updateSubscription, {
                          params,
                          body: { enabled: !enabled },
                        })
                      })
                    }
                  >
                    {enabled ? 'Pause' : 'Resume'}
                  </button>
                  {subscription.kind === 'webhook' && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() =>
                        act(async () => {
                          setSecret((await call(webhooks.rotateSecret, { params })).secret)
                        })
                      }
                    >
                      New secret
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={`Remove ${subscription.url}`}
                    onClick={() => {
                      if (!window.confirm(`Remove the webhook to ${subscription.url}?`)) return
                      void act(async () => {
                        await call(webhooks.deleteSubscription, { params })
                      })
                    }}
                  >
                    Remove
                  </button>
                </span>
                {subscription.previousSecretUntil !== null && (
                  <span className="muted small">
                    The previous secret also signs until {when(subscription.previousSecretUntil)}.
                  </span>
                )}
                {open === subscription.id && <WebhookDeliveries subscriptionId={subscription.id} />}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
