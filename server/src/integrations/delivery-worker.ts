import type { Mailer } from '../access/mail.ts'
import type { Config } from '../config.ts'
import type { ClaimedDelivery, DeliveryStatus, Storage } from '../storage/storage.ts'
import { CrmConnectors, type CrmSettings, isCrmProvider } from './crm/connectors.ts'
import { slackMessage, webhookBody } from './payload.ts'
import { type PostResult, sendRequest } from './post.ts'
import { giveUpAfter, type RetryPolicy, retryDelay } from './retry.ts'
import { signedHeaders } from './signing.ts'

export interface DeliveryWorkerOptions extends RetryPolicy {
  publicUrl: string
  /** Deliver to loopback and private addresses (WEBHOOK_ALLOW_PRIVATE=1). */
  allowPrivate: boolean
  /** Time a receiver has to answer. */
  timeoutMs: number
  /** Deliveries in flight at once (each room's go one at a time). */
  concurrency?: number
  /** How often the outbox is looked at when nothing woke the worker (other instances' events, retries). */
  pollMs?: number
  /** Tells a subscription's creator it was disabled. */
  mailer?: Mailer
  /** Where the CRM connections' APIs are (HUBSPOT_API_URL, SALESFORCE_LOGIN_URL). */
  crm: Omit<CrmSettings, 'timeoutMs'>
  now?: () => number
}

/** The worker's settings from the server's. */
export function deliveryOptions(config: Config, mailer: Mailer): DeliveryWorkerOptions {
  return {
    publicUrl: config.publicUrl,
    allowPrivate: config.webhookAllowPrivate,
    timeoutMs: config.webhookTimeoutMs,
    firstRetryMs: config.webhookFirstRetryMs,
    mailer,
    crm: { hubspotApiUrl: config.hubspotApiUrl, salesforceLoginUrl: config.salesforceLoginUrl },
  }
}

/**
 * Delivers the outbox: claims due deliveries (one instance each, a room's in order), sends each
 * signed (or as a Slack message, or written on a CRM deal), and records the attempt in the
 * delivery log. A failure is tried
 * again later (retry.ts) for 24 hours; a subscription failing for 24 hours is disabled and its
 * creator told by e-mail. It runs beside the server's work, never inside an edit: an edit only
 * ever writes outbox rows.
 */
export class DeliveryWorker {
  private readonly concurrency: number
  private readonly pollMs: number
  private readonly now: () => number
  private readonly inFlight = new Set<Promise<void>>()
  private readonly stopping = new AbortController()
  private readonly crm: CrmConnectors
  private timer: NodeJS.Timeout | undefined
  private claiming: Promise<void> | undefined
  private again = false
  private stopped = true

  constructor(
    private readonly storage: Storage,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.concurrency = options.concurrency ?? 8
    this.pollMs = options.pollMs ?? 500
    this.now = options.now ?? Date.now
    this.crm = new CrmConnectors(
      storage,
      { ...options.crm, timeoutMs: options.timeoutMs },
      options.publicUrl,
      this.stopping.signal,
    )
  }

  start(): void {
    this.stopped = false
    this.timer = setInterval(() => this.wake(), this.pollMs)
    this.timer.unref()
    this.wake()
  }

  /** Looks for due deliveries now (an event was recorded, or a delivery finished). */
  wake(): void {
    if (this.stopped) return
    if (this.claiming) {
      this.again = true
      return
    }
    this.claiming = this.claimAndSend()
      .catch((error: unknown) => console.error('Webhook delivery failed:', error))
      .finally(() => {
        this.claiming = undefined
        if (this.again) {
          this.again = false
          this.wake()
        }
      })
  }

  /** Stops claiming and waits for the deliveries in flight (their claims then run out). */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    // Requests in flight end now (recorded as failed attempts, tried again after a restart).
    this.stopping.abort()
    await this.claiming
    await Promise.all(this.inFlight)
  }

  /** Resolves once nothing is claimed or in flight (tests, the bench). */
  async idle(): Promise<void> {
    while (this.claiming || this.inFlight.size > 0) {
      await this.claiming
      await Promise.all(this.inFlight)
    }
  }

  private async claimAndSend(): Promise<void> {
    // Edits first: anything the sockets have waiting runs before the next claim.
    await new Promise((resolve) => setImmediate(resolve))
    const room = this.concurrency - this.inFlight.size
    if (room <= 0) return
    const claimMs = this.options.timeoutMs + 5_000
    const claimed = await this.storage.claimDeliveries(this.now(), room, claimMs)
    for (const delivery of claimed) {
      const sending: Promise<void> = this.deliver(delivery)
        .catch((error: unknown) => console.error('Webhook delivery failed:', error))
        .finally(() => {
          this.inFlight.delete(sending)
          // The room's next event may go now.
          this.wake()
        })
      this.inFlight.add(sending)
    }
  }

  private async deliver(claimed: ClaimedDelivery): Promise<void> {
    const { delivery, event, subscription } = claimed
    const { publicUrl, timeoutMs, allowPrivate } = this.options
    const sentAt = this.now()
    let result: PostResult
    let permanent = false
    if (isCrmProvider(subscription.kind)) {
      const outcome = await this.crm.deliver(claimed)
      result = outcome
      permanent = outcome.permanent
    } else if (subscription.kind === 'slack') {
      result = await sendRequest(subscription.url, {
        headers: { 'content-type': 'application/json' },
        body: slackMessage(event, publicUrl),
        timeoutMs,
        allowPrivate,
        signal: this.stopping.signal,
      })
    } else {
      const body = webhookBody(event, publicUrl)
      result = await sendRequest(subscription.url, {
        headers: {
          'content-type': 'application/json',
          ...signedHeaders(subscription, event.id, body, sentAt),
        },
        body,
        timeoutMs,
        allowPrivate,
        signal: this.stopping.signal,
      })
    }
    const at = this.now()
    const ok = result.status !== null && result.status >= 200 && result.status < 300
    const attempts = delivery.attempts + 1
    const giveUp = giveUpAfter(this.options)
    let status: DeliveryStatus = 'delivered'
    let nextAttemptAt = at
    if (!ok) {
      nextAttemptAt = at + Math.max(retryDelay(this.options, attempts), result.retryAfterMs ?? 0)
      status = permanent || nextAttemptAt - delivery.createdAt > giveUp ? 'failed' : 'pending'
    }
    await this.storage.finishAttempt(delivery.id, {
      at,
      status,
      responseCode: result.status,
      latencyMs: result.latencyMs,
      error: result.error?.slice(0, 500) ?? null,
      nextAttemptAt,
    })
    // Nothing to note when it works and worked before (the common case: no extra query). A
    // permanent refusal is about the one event (a deal that is gone), not the receiver.
    if (permanent) return
    if (!ok || subscription.failingSince !== null)
      await this.followSubscription(subscription.id, ok, at)
  }

  /** Keeps when a subscription started failing; disables it after 24 hours of failures. */
  private async followSubscription(id: string, ok: boolean, at: number): Promise<void> {
    const subscription = await this.storage.getSubscription(id)
    if (!subscription || subscription.disabledAt !== null) return
    if (ok) {
      if (subscription.failingSince !== null)
        await this.storage.updateSubscription(id, { failingSince: null })
      return
    }
    if (subscription.failingSince === null) {
      await this.storage.updateSubscription(id, { failingSince: at })
      return
    }
    if (at - subscription.failingSince < giveUpAfter(this.options)) return
    await this.storage.updateSubscription(id, { disabledAt: at })
    const owner = await this.storage.getPerson(subscription.createdBy)
    if (owner && this.options.mailer)
      await this.options.mailer.send({
        to: owner.email,
        subject: 'A webhook was disabled after failing for 24 hours',
        body: [
          `Deliveries to ${subscription.url} have failed since ${new Date(subscription.failingSince).toUTCString()}, so Quorum stopped sending to it.`,
          '',
          `Its events are kept. Once the receiver works again, enable it in Integrations (${this.options.publicUrl}/settings/integrations) or with \`quorum webhook enable --id ${subscription.id}\`, and the pending deliveries go out in order.`,
        ].join('\n'),
      })
  }
}
