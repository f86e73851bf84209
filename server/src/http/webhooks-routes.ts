import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Endpoint } from '../../../shared/src/api/endpoint.ts'
import { webhooks } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import { OPERATOR } from '../access/change-access.ts'
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
import { requireApiKey } from './api-keys.ts'
import { clientIp, sessionCookie } from './room-access.ts'
import { type Handler, type RouteContext, route } from './route.ts'

/**
 * Webhook and Slack subscriptions (issue 14). Until workspaces exist the instance is the
 * workspace: any seller account manages them, and they receive the events of every room. Each
 * route is served twice: under /api with a seller's session (the Integrations page), and under
 * /api/v1 with an API key holding `webhooks:write`.
 */
export function webhooksRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  /** Who acts: `actor` in the audit log, `owner` told by e-mail if a subscription is disabled. */
  interface Caller {
    actor: string
    owner: string
  }
  const bySession = async (request: FastifyRequest, reply: FastifyReply): Promise<Caller> => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only the seller team manages webhooks.')
    return { actor: session.person.id, owner: session.person.id }
  }
  const byKey = async (request: FastifyRequest): Promise<Caller> => {
    const caller = await requireApiKey(request, 'webhooks:write')
    return { actor: caller.actor.id, owner: caller.key.createdBy ?? OPERATOR }
  }
  /** Registers one handler for the session endpoint and its API-key twin. */
  const both = <E extends Endpoint>(
    session: E,
    keyed: E,
    handle: (caller: Caller, context: RouteContext<E>) => ReturnType<Handler<E>>,
  ) => {
    route(app, session, options, async (context) =>
      handle(await bySession(context.request, context.reply), context),
    )
    route(app, keyed, options, async (context) => handle(await byKey(context.request), context))
  }
  const record = (
    request: FastifyRequest,
    actor: string,
    action: string,
    id: string,
    detail = {},
  ) => audit(storage, { roomId: null, actor, action, subject: id, detail, ip: clientIp(request) })

  both(webhooks.listSubscriptions, webhooks.keyListSubscriptions, async () => ({
    subscriptions: (await storage.listSubscriptions()).map(subscriptionInfo),
  }))

  both(
    webhooks.createSubscription,
    webhooks.keyCreateSubscription,
    async (caller, { request, body }) => {
      const input = body()
      const created = await subscribe(storage, config, { ...input, createdBy: caller.owner })
      await record(request, caller.actor, 'webhook.created', created.id, {
        url: input.url,
        events: input.events,
      })
      return created
    },
  )

  both(
    webhooks.updateSubscription,
    webhooks.keyUpdateSubscription,
    async (caller, { request, params, body }) => {
      const patch = body()
      const changed = await changeSubscription(storage, config, params.subscriptionId, patch)
      await record(request, caller.actor, 'webhook.changed', changed.id, patch)
      return subscriptionInfo(changed)
    },
  )

  both(webhooks.rotateSecret, webhooks.keyRotateSecret, async (caller, { request, params }) => {
    const rotated = await rotateSecret(storage, params.subscriptionId)
    await record(request, caller.actor, 'webhook.secret-rotated', params.subscriptionId)
    return rotated
  })

  both(
    webhooks.deleteSubscription,
    webhooks.keyDeleteSubscription,
    async (caller, { request, params }) => {
      await requireSubscription(storage, params.subscriptionId)
      await storage.deleteSubscription(params.subscriptionId)
      await record(request, caller.actor, 'webhook.deleted', params.subscriptionId)
      return { deleted: true } as const
    },
  )

  both(webhooks.listDeliveries, webhooks.keyListDeliveries, async (_caller, { params, query }) => {
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

  both(webhooks.replayDelivery, webhooks.keyReplayDelivery, async (caller, { request, params }) => {
    const replayed = await replay(storage, params.subscriptionId, params.deliveryId)
    await record(request, caller.actor, 'webhook.replayed', params.subscriptionId, {
      deliveryId: params.deliveryId,
    })
    return deliveryInfo(replayed)
  })
}
