import * as z from 'zod/mini'
import { type Endpoint, endpoint } from './endpoint.ts'
import { choice, id, queryInteger, text } from './fields.ts'

/**
 * Webhooks (issue 14): subscriptions of a receiver to event types, delivered from a durable
 * outbox, signed per the Standard Webhooks specification. Until workspaces exist, the instance is
 * the workspace: a subscription is made by a seller and receives the events of every room.
 */
const tag = 'webhooks'

/** Every event type a subscription can receive (docs/integrations.md has a payload of each). */
export const WEBHOOK_EVENT_TYPES = [
  'room.created',
  'room.closed',
  'member.invited',
  'member.joined',
  'stakeholder.first_seen',
  'task.completed',
  'milestone.signed_off',
  'consensus.marked',
  'comment.created',
  'document.viewed',
  'document.downloaded',
  'deal.health_changed',
  'alert.raised',
  'room.weekly_summary',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)

/** The types a Slack incoming webhook gets a message for by default. */
export const SLACK_DEFAULT_TYPES: readonly WebhookEventType[] = [
  'alert.raised',
  'milestone.signed_off',
]

/** What can be subscribed by URL: a signed webhook, or a Slack incoming webhook. */
export const WEBHOOK_KINDS = ['webhook', 'slack'] as const
/** Every kind of subscription: also the CRM connections (made on their own, see crm.ts). */
export const SUBSCRIPTION_KINDS = [...WEBHOOK_KINDS, 'hubspot', 'salesforce'] as const

const EventPerson = z
  .object({ id: z.string(), name: z.string(), email: z.string() })
  .check(z.meta({ id: 'WebhookPerson', description: 'Who did it (null when nobody did).' }))

/** What every event's `data` holds; each type adds its own fields (see docs/integrations.md). */
export const WebhookEventData = z
  .looseObject({
    room: z.object({ id: z.string(), title: z.string(), url: z.string() }),
    person: z.nullable(EventPerson),
    at: z.string().check(z.meta({ description: 'When it happened (ISO 8601, UTC).' })),
  })
  .check(z.meta({ id: 'WebhookEventData' }))

/** The JSON body of every delivery: `{ type, timestamp, data }` (Standard Webhooks' layout). */
export const WebhookPayload = z
  .object({
    type: z.enum(WEBHOOK_EVENT_TYPES),
    timestamp: z.string(),
    data: WebhookEventData,
  })
  .check(z.meta({ id: 'WebhookPayload' }))
export type WebhookPayload = z.infer<typeof WebhookPayload>

export const SubscriptionInfo = z
  .object({
    id: z.string(),
    kind: z.enum(SUBSCRIPTION_KINDS),
    url: z.string(),
    events: z.array(z.string()),
    createdAt: z.number(),
    disabledAt: z.nullable(z.number()),
    failingSince: z.nullable(z.number()),
    previousSecretUntil: z.nullable(
      z
        .number()
        .check(
          z.meta({ description: 'Until when the secret before the last rotation still signs.' }),
        ),
    ),
  })
  .check(z.meta({ id: 'WebhookSubscription' }))
export type SubscriptionInfo = z.infer<typeof SubscriptionInfo>

export const DeliveryInfo = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.string(),
    roomId: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.int(),
    nextAttemptAt: z.number(),
    lastAttemptAt: z.nullable(z.number()),
    responseCode: z.nullable(z.int()),
    latencyMs: z.nullable(z.number()),
    error: z.nullable(z.string()),
    deliveredAt: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'WebhookDelivery' }))
export type DeliveryInfo = z.infer<typeof DeliveryInfo>

const eventList = z
  .array(choice('events', WEBHOOK_EVENT_TYPES), {
    error: '"events" must be a list of event types',
  })
  .check(
    z.minLength(1, { error: '"events" needs at least one event type' }),
    z.maxLength(WEBHOOK_EVENT_TYPES.length, { error: '"events" lists each type once' }),
  )

export const SubscriptionParams = z.strictObject({ subscriptionId: id('subscriptionId') })
const DeliveryParams = z.strictObject({
  subscriptionId: id('subscriptionId'),
  deliveryId: id('deliveryId'),
})

const access = 'a seller account (with an API key: the same under /api/v1)'

export const listSubscriptions = endpoint({
  name: 'listWebhooks',
  method: 'GET',
  path: '/api/webhooks',
  summary: 'The webhook and Slack subscriptions of this instance',
  tag,
  access,
  answer: z.object({ subscriptions: z.array(SubscriptionInfo) }),
})

export const createSubscription = endpoint({
  name: 'createWebhook',
  method: 'POST',
  path: '/api/webhooks',
  summary: 'Subscribe a URL to event types; the signing secret is shown this once',
  tag,
  access,
  body: z.strictObject({
    url: text('url', 2000),
    events: eventList,
    kind: z.optional(choice('kind', WEBHOOK_KINDS)),
  }),
  status: 201,
  answer: z.object({
    id: z.string(),
    secret: z
      .string()
      .check(z.meta({ description: '`whsec_…`: verify signatures with it (Standard Webhooks).' })),
  }),
})

export const updateSubscription = endpoint({
  name: 'updateWebhook',
  method: 'POST',
  path: '/api/webhooks/:subscriptionId',
  summary: 'Change a subscription’s URL or event types, or disable and enable it',
  tag,
  access,
  params: SubscriptionParams,
  body: z.strictObject({
    url: z.optional(text('url', 2000)),
    events: z.optional(eventList),
    enabled: z.optional(z.boolean({ error: '"enabled" must be true or false' })),
  }),
  answer: SubscriptionInfo,
})

export const rotateSecret = endpoint({
  name: 'rotateWebhookSecret',
  method: 'POST',
  path: '/api/webhooks/:subscriptionId/rotate',
  summary: 'A new signing secret; the old one also signs for 24 hours (overlap)',
  tag,
  access,
  params: SubscriptionParams,
  answer: z.object({ secret: z.string(), previousSecretUntil: z.number() }),
})

export const deleteSubscription = endpoint({
  name: 'deleteWebhook',
  method: 'POST',
  path: '/api/webhooks/:subscriptionId/delete',
  summary: 'Remove a subscription and its delivery log',
  tag,
  access,
  params: SubscriptionParams,
  answer: z.object({ deleted: z.literal(true) }),
})

export const listDeliveries = endpoint({
  name: 'listWebhookDeliveries',
  method: 'GET',
  path: '/api/webhooks/:subscriptionId/deliveries',
  summary: 'The delivery log of a subscription, latest event first',
  tag,
  access,
  params: SubscriptionParams,
  query: z.strictObject({
    limit: queryInteger('limit', 1, 500),
    before: queryInteger('before', 1, Number.MAX_SAFE_INTEGER),
  }),
  answer: z.object({
    deliveries: z.array(DeliveryInfo),
    next: z.nullable(z.number().check(z.meta({ description: 'Pass as `before` for more.' }))),
  }),
})

export const replayDelivery = endpoint({
  name: 'replayWebhookDelivery',
  method: 'POST',
  path: '/api/webhooks/:subscriptionId/deliveries/:deliveryId/replay',
  summary: 'Send a delivery again (same webhook-id, so receivers can recognise it)',
  tag,
  access,
  params: DeliveryParams,
  answer: DeliveryInfo,
})

/**
 * The same endpoints for the public REST API: under /api/v1, with an API key holding the
 * `webhooks:write` scope (`Authorization: Bearer <key>`) instead of a session.
 */
function withKey<const E extends Endpoint>(declared: E, name: string): E {
  return {
    ...declared,
    name,
    path: declared.path.replace('/api/', '/api/v1/'),
    auth: 'api-key',
    access: 'an API key with the webhooks:write scope',
  }
}

export const keyListSubscriptions = withKey(listSubscriptions, 'v1ListWebhooks')
export const keyCreateSubscription = withKey(createSubscription, 'v1CreateWebhook')
export const keyUpdateSubscription = withKey(updateSubscription, 'v1UpdateWebhook')
export const keyRotateSecret = withKey(rotateSecret, 'v1RotateWebhookSecret')
export const keyDeleteSubscription = withKey(deleteSubscription, 'v1DeleteWebhook')
export const keyListDeliveries = withKey(listDeliveries, 'v1ListWebhookDeliveries')
export const keyReplayDelivery = withKey(replayDelivery, 'v1ReplayWebhookDelivery')
