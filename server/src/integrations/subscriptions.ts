import {
  type DeliveryInfo,
  isWebhookEventType,
  SLACK_DEFAULT_TYPES,
  type SubscriptionInfo,
  WEBHOOK_EVENT_TYPES,
} from '../../../shared/src/api/webhooks.ts'
import { newId } from '../../../shared/src/ids.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import type {
  Delivery,
  Storage,
  SubscriptionKind,
  WebhookSubscription,
} from '../storage/storage.ts'
import { newSecret, ROTATION_OVERLAP_MS } from './signing.ts'
import { checkTarget, TargetRefused } from './ssrf.ts'

type TargetConfig = Pick<Config, 'webhookAllowPrivate'>

/** A HubSpot or Salesforce connection: its secret holds credentials, its URL is the CRM's. */
const isCrm = (subscription: WebhookSubscription) =>
  subscription.kind === 'hubspot' || subscription.kind === 'salesforce'

/** Refuses a URL that is malformed or points inside the host's network (unless allowed). */
async function checkedUrl(url: string, config: TargetConfig): Promise<string> {
  try {
    return (await checkTarget(url.trim(), config.webhookAllowPrivate)).toString()
  } catch (error) {
    if (error instanceof TargetRefused) throw new Problem('invalid', error.message)
    throw new Problem(
      'invalid',
      `Could not resolve the URL's host: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/** Event type names, checked and without repeats; Slack defaults to alerts and sign-offs. */
export function eventTypes(events: readonly string[], kind: SubscriptionKind): string[] {
  const unknown = events.filter((type) => !isWebhookEventType(type))
  if (unknown.length > 0)
    throw new Problem(
      'invalid',
      `Unknown event type ${unknown.join(', ')}; types: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    )
  if (events.length === 0 && kind === 'slack') return [...SLACK_DEFAULT_TYPES]
  if (events.length === 0) throw new Problem('invalid', 'Name at least one event type')
  return [...new Set(events)]
}

/** Subscribes a URL; the secret is returned this once (it signs every delivery). */
export async function subscribe(
  storage: Storage,
  config: TargetConfig,
  input: { url: string; events: readonly string[]; kind?: SubscriptionKind; createdBy: string },
): Promise<{ id: string; secret: string }> {
  const kind = input.kind ?? 'webhook'
  const subscription = await storage.createSubscription({
    id: newId(16),
    kind,
    url: await checkedUrl(input.url, config),
    events: eventTypes(input.events, kind),
    secret: newSecret(),
    createdBy: input.createdBy,
  })
  return { id: subscription.id, secret: subscription.secret }
}

export async function requireSubscription(
  storage: Storage,
  id: string,
): Promise<WebhookSubscription> {
  const subscription = await storage.getSubscription(id)
  if (!subscription) throw new Problem('not-found', `There is no webhook ${id}.`)
  return subscription
}

/** Changes the URL or types, or disables (and enables: failures forgotten) a subscription. */
export async function changeSubscription(
  storage: Storage,
  config: TargetConfig,
  id: string,
  patch: { url?: string; events?: readonly string[]; enabled?: boolean },
): Promise<WebhookSubscription> {
  const current = await requireSubscription(storage, id)
  if (patch.url !== undefined && isCrm(current))
    throw new Problem('invalid', 'A CRM connection’s address comes from the server’s settings.')
  const changed = await storage.updateSubscription(id, {
    url: patch.url === undefined ? undefined : await checkedUrl(patch.url, config),
    events: patch.events === undefined ? undefined : eventTypes(patch.events, current.kind),
    ...(patch.enabled === undefined
      ? {}
      : patch.enabled
        ? { disabledAt: null, failingSince: null }
        : { disabledAt: current.disabledAt ?? Date.now() }),
  })
  if (!changed) throw new Problem('not-found', `There is no webhook ${id}.`)
  return changed
}

/** A new secret; the old one signs too for 24 hours, so receivers switch without a gap. */
export async function rotateSecret(
  storage: Storage,
  id: string,
  now = Date.now(),
): Promise<{ secret: string; previousSecretUntil: number }> {
  const current = await requireSubscription(storage, id)
  if (isCrm(current))
    throw new Problem(
      'conflict',
      'A CRM connection signs nothing; disconnect and connect it again to change its credentials.',
    )
  const secret = newSecret()
  const previousSecretUntil = now + ROTATION_OVERLAP_MS
  await storage.updateSubscription(id, {
    secret,
    previousSecret: current.secret,
    previousSecretUntil,
  })
  return { secret, previousSecretUntil }
}

export function subscriptionInfo(subscription: WebhookSubscription): SubscriptionInfo {
  return {
    id: subscription.id,
    kind: subscription.kind,
    url: subscription.url,
    events: subscription.events,
    createdAt: subscription.createdAt,
    disabledAt: subscription.disabledAt,
    failingSince: subscription.failingSince,
    previousSecretUntil:
      subscription.previousSecretUntil !== null && subscription.previousSecretUntil > Date.now()
        ? subscription.previousSecretUntil
        : null,
  }
}

export function deliveryInfo(delivery: Delivery): DeliveryInfo {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    type: delivery.type,
    roomId: delivery.roomId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt,
    lastAttemptAt: delivery.lastAttemptAt,
    responseCode: delivery.responseCode,
    latencyMs: delivery.latencyMs,
    error: delivery.error,
    deliveredAt: delivery.deliveredAt,
  }
}

/** Sends one delivery of this subscription again. */
export async function replay(
  storage: Storage,
  subscriptionId: string,
  deliveryId: string,
): Promise<Delivery> {
  await requireSubscription(storage, subscriptionId)
  const [found] = await storage
    .listDeliveries(subscriptionId, { limit: 1, beforeSeq: seqOf(deliveryId) + 1 })
    .catch(() => [])
  if (!found || found.id !== deliveryId)
    throw new Problem(
      'not-found',
      `There is no delivery ${deliveryId} of webhook ${subscriptionId}.`,
    )
  const replayed = await storage.replayDelivery(deliveryId, Date.now())
  if (!replayed) throw new Problem('not-found', `There is no delivery ${deliveryId}.`)
  return replayed
}

/** A delivery's id is `<subscription>-<event seq>`. */
const seqOf = (deliveryId: string): number =>
  Number(deliveryId.slice(deliveryId.lastIndexOf('-') + 1)) || 0
