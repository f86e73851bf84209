import { OPERATOR } from '../access/change-access.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import {
  changeSubscription,
  replay,
  requireSubscription,
  rotateSecret,
  subscribe,
} from '../integrations/subscriptions.ts'
import type { Storage, SubscriptionKind } from '../storage/storage.ts'
import { type Flags, optional, required, UsageError } from './args.ts'

export const WEBHOOKS_HELP = `  quorum webhook add --url URL --events e1,e2 [--kind webhook|slack] [--owner E]
                                              subscribe a URL to event types; prints { id, secret }
                                              (--owner: the seller told if it is disabled)
  quorum webhooks                             the subscriptions: id, kind, url, events, state
  quorum webhook deliveries --id ID [--limit N]
                                              its delivery log, latest first: eventId, type,
                                              status, attempts
  quorum webhook replay --id ID --delivery D  send a delivery again
  quorum webhook enable|disable --id ID       resume (pending deliveries go out) or pause it
  quorum webhook rotate --id ID               a new secret; the old one signs too for 24 hours
  quorum webhook remove --id ID               delete it and its delivery log`

interface Output {
  json: unknown
  text: string
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

function kindFlag(flags: Flags): SubscriptionKind | undefined {
  const kind = optional(flags, 'kind')
  if (kind === undefined) return undefined
  if (kind !== 'webhook' && kind !== 'slack')
    throw new UsageError(`--kind takes webhook or slack (got "${kind}")`)
  return kind
}

function limitFlag(flags: Flags): number {
  const raw = optional(flags, 'limit')
  if (raw === undefined) return 100
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError(`--limit takes a whole number from 1 to 10000 (got "${raw}")`)
  return limit
}

const toggle = (enabled: boolean) => ({
  flags: ['id'],
  async run(storage: Storage, flags: Flags, _publicUrl: string, config: Config): Promise<Output> {
    const changed = await changeSubscription(storage, config, required(flags, 'id'), { enabled })
    return {
      json: { id: changed.id, enabled: changed.disabledAt === null },
      text: `Webhook ${changed.id} ${enabled ? 'enabled' : 'disabled'}.`,
    }
  },
})

/** `quorum webhook …`: subscriptions managed from the shell, as the operator. */
export const WEBHOOK_COMMANDS = {
  'webhook add': {
    flags: ['url', 'events', 'kind', 'owner'],
    async run(storage: Storage, flags: Flags, _publicUrl: string, config: Config): Promise<Output> {
      const owner = optional(flags, 'owner')
      const person = owner ? await storage.findPersonByEmail(owner) : null
      if (owner && person?.kind !== 'seller')
        throw new Problem('not-found', `There is no seller account ${owner}.`)
      const created = await subscribe(storage, config, {
        url: required(flags, 'url'),
        events: list(optional(flags, 'events')),
        kind: kindFlag(flags),
        createdBy: person?.id ?? OPERATOR,
      })
      return {
        json: created,
        text: `Webhook ${created.id} created.\nSigning secret (shown once; verify signatures with it):\n  ${created.secret}`,
      }
    },
  },
  webhooks: {
    flags: [],
    async run(storage: Storage): Promise<Output> {
      const subscriptions = await storage.listSubscriptions()
      return {
        json: subscriptions.map((s) => ({
          id: s.id,
          kind: s.kind,
          url: s.url,
          events: s.events,
          enabled: s.disabledAt === null,
          failingSince: s.failingSince,
        })),
        text: subscriptions.length
          ? subscriptions
              .map(
                (s) =>
                  `${s.id}  ${s.kind}  ${s.url}  ${s.events.join(',')}${s.disabledAt ? '  (disabled)' : s.failingSince ? '  (failing)' : ''}`,
              )
              .join('\n')
          : 'No webhooks.',
      }
    },
  },
  'webhook deliveries': {
    flags: ['id', 'limit'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const id = required(flags, 'id')
      await requireSubscription(storage, id)
      const deliveries = await storage.listDeliveries(id, { limit: limitFlag(flags) })
      return {
        json: deliveries.map((d) => ({
          eventId: d.eventId,
          type: d.type,
          status: d.status,
          attempts: d.attempts,
        })),
        text: deliveries.length
          ? deliveries
              .map(
                (d) =>
                  `${d.id}  ${d.type}  ${d.status}  attempts ${d.attempts}${d.responseCode ? `  HTTP ${d.responseCode}` : ''}${d.latencyMs !== null ? `  ${d.latencyMs} ms` : ''}${d.error && d.status !== 'delivered' ? `  ${d.error}` : ''}`,
              )
              .join('\n')
          : 'No deliveries yet.',
      }
    },
  },
  'webhook replay': {
    flags: ['id', 'delivery'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const replayed = await replay(storage, required(flags, 'id'), required(flags, 'delivery'))
      return {
        json: { id: replayed.id, status: replayed.status },
        text: `Delivery ${replayed.id} will be sent again.`,
      }
    },
  },
  'webhook enable': toggle(true),
  'webhook disable': toggle(false),
  'webhook rotate': {
    flags: ['id'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const rotated = await rotateSecret(storage, required(flags, 'id'))
      return {
        json: rotated,
        text: `New signing secret (the old one also signs until ${new Date(rotated.previousSecretUntil).toISOString()}):\n  ${rotated.secret}`,
      }
    },
  },
  'webhook remove': {
    flags: ['id'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const id = required(flags, 'id')
      await requireSubscription(storage, id)
      await storage.deleteSubscription(id)
      return { json: { id, deleted: true }, text: `Webhook ${id} removed.` }
    },
  },
}
