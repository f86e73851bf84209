import { useCallback, useEffect, useState } from 'react'
import { webhooks } from '../../../shared/src/api/index.ts'
import type { DeliveryInfo } from '../../../shared/src/api/webhooks.ts'
import { call } from '../api.ts'

const time = (at: number | null) =>
  at === null
    ? '—'
    : new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** A subscription's delivery log, latest event first, with a replay button per delivery. */
export function WebhookDeliveries({ subscriptionId }: { subscriptionId: string }) {
  const [deliveries, setDeliveries] = useState<DeliveryInfo[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      const page = await call(webhooks.listDeliveries, {
        params: { subscriptionId },
        query: { limit: '50' },
      })
      setDeliveries(page.deliveries)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not load the deliveries.')
    }
  }, [subscriptionId])
  useEffect(() => {
    void load()
  }, [load])

  const replay = async (delivery: DeliveryInfo) => {
    setProblem(null)
    try {
      await call(webhooks.replayDelivery, {
        params: { subscriptionId, deliveryId: delivery.id },
      })
      await load()
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not send it again.')
    }
  }

  if (deliveries === null)
    return (
      <p className="muted small" role="status">
        {problem ?? 'Loading…'}
      </p>
    )
  return (
    <div className="webhook-log">
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {deliveries.length === 0 ? (
        <p className="empty small">No deliveries yet.</p>
      ) : (
        <table aria-label="Delivery log">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Answer</th>
              <th scope="col">Latency</th>
              <th scope="col">Last try</th>
              <th scope="col">
                <span className="visually-hidden">Replay</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <code>{delivery.type}</code>
                </td>
                <td className={`webhook-log__${delivery.status}`}>{delivery.status}</td>
                <td>{delivery.attempts}</td>
                <td title={delivery.error ?? undefined}>
                  {delivery.responseCode ?? (delivery.error ? 'no answer' : '—')}
                </td>
                <td>{delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms`}</td>
                <td>{time(delivery.lastAttemptAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => replay(delivery)}
                    aria-label={`Send ${delivery.type} ${delivery.eventId} again`}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button button--quiet" onClick={() => void load()}>
        Refresh
      </button>
    </div>
  )
}
