import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CrmConnectionInfo, CrmLinkInfo } from '../../../shared/src/api/crm.ts'
import { CRM_PROVIDERS } from '../../../shared/src/api/crm.ts'
import { crm } from '../../../shared/src/api/index.ts'
import { audit } from '../access/audit.ts'
import { requireSession } from '../access/sessions.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import type { CrmCredentials, CrmSettings } from '../integrations/crm/connectors.ts'
import {
  connectCrm,
  createRoomFromDeal,
  crmConnection,
  linkRoom,
} from '../integrations/crm/link.ts'
import { contactStakeholderId } from '../storage/crm.ts'
import type { CrmLink, CrmProvider, Storage } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

export const crmSettings = (config: Config): CrmSettings => ({
  hubspotApiUrl: config.hubspotApiUrl,
  salesforceLoginUrl: config.salesforceLoginUrl,
  timeoutMs: config.webhookTimeoutMs,
})

/** The credentials a connect request carries, as the provider needs them. */
function credentialsOf(
  provider: CrmProvider,
  body: { token?: string; clientId?: string; clientSecret?: string; refreshToken?: string },
): CrmCredentials {
  const { token, clientId, clientSecret, refreshToken } = body
  if (provider === 'hubspot') {
    if (token) return { type: 'token', token }
    if (refreshToken && clientId && clientSecret)
      return { type: 'oauth', refreshToken, clientId, clientSecret }
    throw new Problem(
      'invalid',
      'HubSpot needs "token" (a private app token), or "refreshToken" with "clientId" and "clientSecret" (an OAuth app)',
    )
  }
  if (!clientId || !clientSecret)
    throw new Problem(
      'invalid',
      'Salesforce needs "clientId" and "clientSecret" of a connected app',
    )
  return refreshToken
    ? { type: 'refresh', clientId, clientSecret, refreshToken }
    : { type: 'client', clientId, clientSecret }
}

async function connectionInfo(
  storage: Storage,
  settings: CrmSettings,
  provider: CrmProvider,
): Promise<CrmConnectionInfo> {
  const connection = await crmConnection(storage, provider)
  return {
    provider,
    id: connection?.id ?? null,
    url: provider === 'hubspot' ? settings.hubspotApiUrl : settings.salesforceLoginUrl,
    createdAt: connection?.createdAt ?? null,
    failingSince: connection?.failingSince ?? null,
    disabledAt: connection?.disabledAt ?? null,
  }
}

const linkInfo = (link: CrmLink): CrmLinkInfo => ({
  provider: link.provider,
  externalId: link.externalId,
  name: link.name,
  contacts: link.contacts.map((contact) => ({
    ...contact,
    stakeholderId: contactStakeholderId(link.provider, contact.id),
  })),
  linkedAt: link.linkedAt,
})

/**
 * HubSpot and Salesforce (issue 14): connections made by the seller team for the instance, and
 * rooms linked to deals by those who see the room's insights (the seller team).
 */
export function crmRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, editRoom } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')
  const settings = crmSettings(config)

  const seller = async (request: FastifyRequest, reply: Parameters<typeof sessionCookie>[1]) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    if (session.person.kind !== 'seller')
      throw new Problem('forbidden', 'Only the seller team connects CRMs.')
    return session.person
  }
  const record = (
    request: FastifyRequest,
    roomId: string | null,
    actor: string,
    action: string,
    subject: string,
    detail = {},
  ) => audit(storage, { roomId, actor, action, subject, detail, ip: clientIp(request) })

  route(app, crm.listConnections, options, async ({ request, reply }) => {
    await seller(request, reply)
    return {
      connections: await Promise.all(
        CRM_PROVIDERS.map((provider) => connectionInfo(storage, settings, provider)),
      ),
    }
  })

  route(app, crm.connect, options, async ({ request, reply, params, body }) => {
    const person = await seller(request, reply)
    const { provider } = params
    await connectCrm(storage, settings, {
      provider,
      credentials: credentialsOf(provider, body()),
      createdBy: person.id,
    })
    await record(request, null, person.id, 'crm.connected', provider)
    return connectionInfo(storage, settings, provider)
  })

  route(app, crm.disconnect, options, async ({ request, reply, params }) => {
    const person = await seller(request, reply)
    const connection = await crmConnection(storage, params.provider)
    if (!connection) throw new Problem('not-found', `${params.provider} is not connected.`)
    await storage.deleteSubscription(connection.id)
    await record(request, null, person.id, 'crm.disconnected', params.provider)
    return { disconnected: true } as const
  })

  route(app, crm.createRoomFromDeal, options, async ({ request, reply, params, body }) => {
    const person = await seller(request, reply)
    const input = body()
    const { room, imported } = await createRoomFromDeal(storage, settings, editRoom, {
      provider: params.provider,
      externalId: input.externalId,
      template: input.template,
      owner: { personId: person.id, name: person.name, role: 'owner', email: person.email },
    })
    await record(request, room.id, person.id, 'crm.linked', params.provider, {
      externalId: input.externalId,
    })
    return { id: room.id, url: roomUrl(config.publicUrl, room.id), imported }
  })

  route(app, crm.listRoomLinks, options, async ({ request, reply, params }) => {
    const { roomId } = await roomActor(
      storage,
      sessionCookie(request, reply, secure),
      params.roomId,
      'seeInsights',
    )
    const kinds = new Set((await storage.listSubscriptions()).map((each) => each.kind))
    const connected = CRM_PROVIDERS.filter((provider) => kinds.has(provider))
    return { links: (await storage.listCrmLinks(roomId)).map(linkInfo), connected }
  })

  route(app, crm.linkRoom, options, async ({ request, reply, params, body }) => {
    const { roomId, session, me } = await roomActor(
      storage,
      sessionCookie(request, reply, secure),
      params.roomId,
      'seeInsights',
    )
    const { externalId } = body()
    const { link, imported } = await linkRoom(storage, settings, editRoom, {
      roomId,
      provider: params.provider,
      externalId,
      author: { personId: session.person.id, name: session.person.name, role: me.role },
    })
    await record(request, roomId, session.person.id, 'crm.linked', params.provider, {
      externalId,
    })
    return { link: linkInfo(link), imported }
  })

  route(app, crm.unlinkRoom, options, async ({ request, reply, params }) => {
    const { roomId, session } = await roomActor(
      storage,
      sessionCookie(request, reply, secure),
      params.roomId,
      'seeInsights',
    )
    const unlinked = await storage.deleteCrmLink(roomId, params.provider)
    if (unlinked) await record(request, roomId, session.person.id, 'crm.unlinked', params.provider)
    return { unlinked }
  })
}
