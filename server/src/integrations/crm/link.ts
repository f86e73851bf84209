import type * as Y from 'yjs'
import { newId } from '../../../../shared/src/ids.ts'
import type { BuyingRole } from '../../../../shared/src/room/index.ts'
import { addStakeholder, listStakeholders } from '../../../../shared/src/room/index.ts'
import { createRoom } from '../../collaboration/rooms.ts'
import type { EditAuthor } from '../../collaboration/server-edit.ts'
import { Problem } from '../../errors.ts'
import { contactStakeholderId } from '../../storage/crm.ts'
import type {
  CrmContact,
  CrmLink,
  CrmProvider,
  Room,
  Storage,
  WebhookSubscription,
} from '../../storage/storage.ts'
import type { CrmConnector, CrmDeal } from './connector.ts'
import { CrmError } from './connector.ts'
import { type CrmCredentials, type CrmSettings, connectorOf } from './connectors.ts'
import { CRM_DEFAULT_TYPES } from './moments.ts'

/** Changes a room's shared document on the server (collaboration/server-edit.ts). */
export type EditRoom = <T>(
  roomId: string,
  author: EditAuthor,
  edit: (doc: Y.Doc) => T,
) => Promise<T>

export const CRM_NAMES: Record<CrmProvider, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
}

const RECORD_NAMES: Record<CrmProvider, string> = {
  hubspot: 'deal',
  salesforce: 'Opportunity',
}

/** The CRM's refusal as the person at the page or the API reads it. */
function problemOf(provider: CrmProvider, error: unknown): Problem {
  if (!(error instanceof CrmError)) throw error
  const name = CRM_NAMES[provider]
  if (error.status === 404)
    return new Problem('not-found', `${name} has no such ${RECORD_NAMES[provider]}.`)
  if (error.status === 401 || error.status === 400 || error.status === 403)
    return new Problem('unprocessable', `${name} refused the credentials: ${error.message}`)
  if (error.status === null && error.permanent) return new Problem('invalid', error.message)
  return new Problem('unavailable', `${name} did not answer as expected: ${error.message}`)
}

/** The connection to a CRM (a subscription of its kind), if there is one. */
export async function crmConnection(
  storage: Storage,
  provider: CrmProvider,
): Promise<WebhookSubscription | null> {
  return (await storage.listSubscriptions()).find((each) => each.kind === provider) ?? null
}

async function requireConnector(
  storage: Storage,
  settings: CrmSettings,
  provider: CrmProvider,
): Promise<CrmConnector> {
  const connection = await crmConnection(storage, provider)
  if (!connection)
    throw new Problem('conflict', `Connect ${CRM_NAMES[provider]} first (Integrations).`)
  return connectorOf(provider, JSON.parse(connection.secret) as CrmCredentials, settings)
}

/**
 * Connects a CRM: checks the credentials with a call (and creates HubSpot's deal properties),
 * then keeps them as a subscription of the CRM's kind to the key moments. One per CRM.
 */
export async function connectCrm(
  storage: Storage,
  settings: CrmSettings,
  input: { provider: CrmProvider; credentials: CrmCredentials; createdBy: string },
): Promise<WebhookSubscription> {
  const { provider } = input
  if (await crmConnection(storage, provider))
    throw new Problem(
      'conflict',
      `${CRM_NAMES[provider]} is connected already; disconnect it first to change the credentials.`,
    )
  try {
    await connectorOf(provider, input.credentials, settings).connect()
  } catch (error) {
    throw problemOf(provider, error)
  }
  return storage.createSubscription({
    id: newId(16),
    kind: provider,
    url: provider === 'hubspot' ? settings.hubspotApiUrl : settings.salesforceLoginUrl,
    events: [...CRM_DEFAULT_TYPES],
    secret: JSON.stringify(input.credentials),
    createdBy: input.createdBy,
  })
}

/** Reads a deal from the connected CRM. */
export async function readDeal(
  storage: Storage,
  settings: CrmSettings,
  provider: CrmProvider,
  externalId: string,
): Promise<CrmDeal> {
  const connector = await requireConnector(storage, settings, provider)
  try {
    return await connector.readDeal(externalId.trim())
  } catch (error) {
    throw problemOf(provider, error)
  }
}

/** A buying role from the CRM's contact role, else from the job title. */
export function buyingRoleOf(contact: Pick<CrmContact, 'role' | 'title'>): BuyingRole {
  const role = contact.role.toLowerCase()
  if (/economic|decision maker/.test(role)) return 'economic-buyer'
  if (/sponsor|champion/.test(role)) return 'champion'
  if (/technical|evaluator/.test(role)) return 'technical'
  if (/business user|user/.test(role)) return 'user'
  const title = contact.title.toLowerCase()
  if (/legal|counsel|attorney/.test(title)) return 'legal'
  if (/procurement|purchasing|sourcing/.test(title)) return 'procurement'
  if (/\bcfo\b|chief financial|finance director|\bceo\b|chief executive/.test(title))
    return 'economic-buyer'
  if (/\bcto\b|\bcio\b|engineer|architect|security|\bit\b/.test(title)) return 'technical'
  return 'other'
}

/**
 * Adds the deal's contacts to the stakeholder map (name, title, buying role), under an id made
 * from the contact, so the seller team can invite them; someone already on the map (same contact,
 * or same name) is left as is. Their e-mail stays with the link on the server: the map is read by
 * every member, and buyers do not see each other's addresses. Returns how many were added.
 */
export function importContacts(
  doc: Y.Doc,
  provider: CrmProvider,
  contacts: readonly CrmContact[],
): number {
  const known = listStakeholders(doc)
  const ids = new Set(known.map((each) => each.id))
  const names = new Set(known.map((each) => each.name.trim().toLowerCase()))
  let added = 0
  for (const contact of contacts) {
    const id = contactStakeholderId(provider, contact.id)
    const name = contact.name.trim() || contact.email
    if (ids.has(id) || names.has(name.toLowerCase())) continue
    addStakeholder(doc, {
      id,
      name,
      title: contact.title,
      side: 'buyer',
      buyingRole: buyingRoleOf(contact),
    })
    ids.add(id)
    names.add(name.toLowerCase())
    added += 1
  }
  return added
}

/** Links a room to a deal of a connected CRM and imports the deal's contacts. */
export async function linkRoom(
  storage: Storage,
  settings: CrmSettings,
  editRoom: EditRoom,
  input: {
    roomId: string
    provider: CrmProvider
    externalId: string
    author: EditAuthor
    /** The deal when it was just read (a room made from it). */
    deal?: CrmDeal
  },
): Promise<{ link: CrmLink; imported: number }> {
  const deal = input.deal ?? (await readDeal(storage, settings, input.provider, input.externalId))
  const link = await storage.putCrmLink({
    roomId: input.roomId,
    provider: input.provider,
    externalId: deal.id,
    name: deal.name,
    contacts: deal.contacts,
    linkedBy: input.author.personId,
    linkedAt: Date.now(),
  })
  const imported = await editRoom(input.roomId, input.author, (doc) =>
    importContacts(doc, input.provider, deal.contacts),
  )
  return { link, imported }
}

/** A new room from a deal: its name, company and close date; linked, with its contacts. */
export async function createRoomFromDeal(
  storage: Storage,
  settings: CrmSettings,
  editRoom: EditRoom,
  input: {
    provider: CrmProvider
    externalId: string
    owner: EditAuthor & { email: string }
    template?: string
  },
): Promise<{ room: Room; link: CrmLink; imported: number }> {
  const deal = await readDeal(storage, settings, input.provider, input.externalId)
  const room = await createRoom(storage, {
    ownerEmail: input.owner.email,
    title: deal.name.slice(0, 200),
    template: input.template,
    buyerOrg: deal.company ?? undefined,
    targetCloseDate: deal.closeDate ?? undefined,
  })
  const { link, imported } = await linkRoom(storage, settings, editRoom, {
    roomId: room.id,
    provider: input.provider,
    externalId: deal.id,
    author: input.owner,
    deal,
  })
  return { room, link, imported }
}
