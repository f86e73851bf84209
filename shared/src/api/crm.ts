import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { choice, id, optionalText, text } from './fields.ts'

/**
 * CRM connections (issue 14): HubSpot and Salesforce, connected once for the instance (until
 * workspaces exist, the instance is the workspace), and rooms linked to a deal or opportunity.
 */
const tag = 'crm'

export const CRM_PROVIDERS = ['hubspot', 'salesforce'] as const
export type CrmProviderName = (typeof CRM_PROVIDERS)[number]

const ProviderParams = z.strictObject({ provider: choice('provider', CRM_PROVIDERS) })
const RoomProviderParams = z.strictObject({
  roomId: id('roomId'),
  provider: choice('provider', CRM_PROVIDERS),
})

export const CrmConnectionInfo = z
  .object({
    provider: z.enum(CRM_PROVIDERS),
    /** The subscription carrying the connection's deliveries (its delivery log), null when not connected. */
    id: z.nullable(z.string()),
    url: z
      .string()
      .check(
        z.meta({ description: 'The API it talks to (HUBSPOT_API_URL, SALESFORCE_LOGIN_URL).' }),
      ),
    createdAt: z.nullable(z.number()),
    failingSince: z.nullable(z.number()),
    disabledAt: z.nullable(z.number()),
  })
  .check(z.meta({ id: 'CrmConnection' }))
export type CrmConnectionInfo = z.infer<typeof CrmConnectionInfo>

export const CrmLinkInfo = z
  .object({
    provider: z.enum(CRM_PROVIDERS),
    externalId: z.string(),
    name: z.string(),
    contacts: z
      .array(
        z.object({
          id: z.string(),
          stakeholderId: z
            .string()
            .check(z.meta({ description: 'Their entry on the stakeholder map.' })),
          name: z.string(),
          email: z.string(),
          title: z.string(),
          role: z.string(),
        }),
      )
      .check(z.meta({ description: 'The deal’s contacts when it was linked (seller team only).' })),
    linkedAt: z.number(),
  })
  .check(z.meta({ id: 'CrmLink' }))
export type CrmLinkInfo = z.infer<typeof CrmLinkInfo>

const access = 'a seller account'

export const listConnections = endpoint({
  name: 'listCrmConnections',
  method: 'GET',
  path: '/api/crm',
  summary: 'Which CRMs are connected',
  tag,
  access,
  answer: z.object({ connections: z.array(CrmConnectionInfo) }),
})

export const connect = endpoint({
  name: 'connectCrm',
  method: 'POST',
  path: '/api/crm/:provider',
  summary: 'Connect a CRM (the credentials are checked with a call first)',
  tag,
  access,
  params: ProviderParams,
  status: 201,
  body: z.strictObject({
    token: z.optional(
      text('token', 500).check(z.meta({ description: 'HubSpot: a private app access token.' })),
    ),
    clientId: z.optional(text('clientId', 500)),
    clientSecret: z.optional(text('clientSecret', 500)),
    refreshToken: z.optional(
      text('refreshToken', 2000).check(
        z.meta({ description: 'An OAuth refresh token (HubSpot OAuth app; Salesforce web flow).' }),
      ),
    ),
  }),
  answer: CrmConnectionInfo,
})

export const disconnect = endpoint({
  name: 'disconnectCrm',
  method: 'POST',
  path: '/api/crm/:provider/disconnect',
  summary: 'Disconnect a CRM (its credentials and delivery log are removed; room links stay)',
  tag,
  access,
  params: ProviderParams,
  answer: z.object({ disconnected: z.literal(true) }),
})

export const createRoomFromDeal = endpoint({
  name: 'createRoomFromDeal',
  method: 'POST',
  path: '/api/crm/:provider/rooms',
  summary: 'Create a room from a deal: its name, company, close date and contacts; linked to it',
  tag,
  access,
  params: ProviderParams,
  status: 201,
  body: z.strictObject({
    externalId: text('externalId', 40),
    template: optionalText('template', 100),
  }),
  answer: z.object({ id: z.string(), url: z.string(), imported: z.int() }),
})

export const listRoomLinks = endpoint({
  name: 'listRoomCrmLinks',
  method: 'GET',
  path: '/api/rooms/:roomId/crm',
  summary: 'The deals a room is linked to',
  tag,
  access: 'seeInsights',
  params: z.strictObject({ roomId: id('roomId') }),
  answer: z.object({ links: z.array(CrmLinkInfo), connected: z.array(z.enum(CRM_PROVIDERS)) }),
})

export const linkRoom = endpoint({
  name: 'linkRoomToDeal',
  method: 'POST',
  path: '/api/rooms/:roomId/crm/:provider',
  summary: 'Link a room to a deal (HubSpot) or Opportunity (Salesforce) and import its contacts',
  tag,
  access: 'seeInsights',
  params: RoomProviderParams,
  body: z.strictObject({ externalId: text('externalId', 40) }),
  answer: z.object({
    link: CrmLinkInfo,
    imported: z.int().check(z.meta({ description: 'Contacts added to the stakeholder map.' })),
  }),
})

export const unlinkRoom = endpoint({
  name: 'unlinkRoomFromDeal',
  method: 'POST',
  path: '/api/rooms/:roomId/crm/:provider/unlink',
  summary: 'Stop reporting a room to a deal',
  tag,
  access: 'seeInsights',
  params: RoomProviderParams,
  answer: z.object({ unlinked: z.boolean() }),
})
