import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { webhooks } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import { requireSession } from '../access/sessions.ts'
import { Problem } from '../errors.ts'
import {
  changeSubscription,
  deliveryInfo,
  replay,
  requireSubscription,
  rotateSecret,
  subscribe,
  subscriptionInfo,
} from '../integrations/subscriptions.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

/**
 * Webhook and Slack subscriptions (issue 14). Until workspaces exist the instance is the
 * workspace: any seller account manages them, and they receive the events of every room.
 */
export function webhooksRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  /** The seller acting (a buyer's or no session is refused). */
  const seller = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only the seller team manages webhooks.')
    return session.person
  }
  const record = (
    request: FastifyRequest,
    actor: string,
    action: string,
    id: string,
    detail = {},
  ) => audit(storage, { roomId: null, actor, action, subject: id, detail, ip: clientIp(request) })

  route(app, webhooks.listSubscriptions, options, async ({ request, reply }) => {
    await seller(request, reply)
    return { subscriptions: (await storage.listSubscriptions()).map(subscriptionInfo) }
  })

  route(app, webhooks.createSubscription, options, async ({ request, reply, body }) => {
    const person = await seller(request, reply)
    const input = body()
    const created = await subscribe(storage, config, { ...input, createdBy: person.id })
    await record(request, person.id, 'webhook.created', created.id, {
      url: input.url,
      events: input.events,
    })
    return created
  })

  route(app, webhooks.updateSubscription, options, async ({ request, reply, params, body }) => {
    const person = await seller(request, reply)
    const patch = body()
    const changed = await changeSubscription(storage, config, params.subscriptionId, patch)
    await record(request, person.id, 'webhook.changed', changed.id, patch)
    return subscriptionInfo(changed)
  })

  route(app, webhooks.rotateSecret, options, async ({ request, reply, params }) => {
    const person = await seller(request, reply)
    const rotated = await rotateSecret(storage, params.subscriptionId)
    await record(request, person.id, 'webhook.secret-rotated', params.subscriptionId)
    return rotated
  })

  route(app, webhooks.deleteSubscription, options, async ({ request, reply, params }) => {
    const person = await seller(request, reply)
    await requireSubscription(storage, params.subscriptionId)
    await storage.deleteSubscription(params.subscriptionId)
    await record(request, person.id, 'webhook.deleted', params.subscriptionId)
    return { deleted: true } as const
  })

  route(app, webhooks.listDeliveries, options, async ({ request, reply, params, query }) => {
    await seller(request, reply)
    await requireSubscription(storage, params.subscriptionId)
    const { limit = 50, before } = query()
    const deliveries = await storage.listDeliveries(params.subscriptionId, {
      limit,
      beforeSeq: before,
    })
    const last = deliveries.at(-1)
    return {
      deliveries: deliveries.map(deliveryInfo),
      next: deliveries.length === limit && last ? last.eventSeq : null,
    }
  })

  route(app, webhooks.replayDelivery, options, async ({ request, reply, params }) => {
    const person = await seller(request, reply)
    const replayed = await replay(storage, params.subscriptionId, params.deliveryId)
    await record(request, person.id, 'webhook.replayed', params.subscriptionId, {
      deliveryId: params.deliveryId,
    })
    return deliveryInfo(replayed)
  })
}
