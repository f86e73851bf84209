/** The CRMs a room can be linked to (each connection is a subscription of this kind). */
export type CrmProvider = 'hubspot' | 'salesforce'

/** A person on the deal, as the CRM has them. */
export interface CrmContact {
  /** The CRM's contact id (HubSpot contact, Salesforce Contact). */
  id: string
  email: string
  name: string
  title: string
  /** Their role on the deal (Salesforce contact roles; empty for HubSpot). */
  role: string
}

/** The stakeholder a CRM contact becomes on a room's map (the same id on every import). */
export const contactStakeholderId = (provider: CrmProvider, contactId: string): string =>
  `crm-${provider}-${contactId}`

/** The stakeholder ids, on a room's map, of the linked deals' contacts with this e-mail. */
export function contactStakeholderIds(links: readonly CrmLink[], email: string): string[] {
  return links.flatMap((link) =>
    link.contacts
      .filter((contact) => contact.email === email)
      .map((contact) => contactStakeholderId(link.provider, contact.id)),
  )
}

/** A room linked to a deal (HubSpot) or an opportunity (Salesforce). */
export interface CrmLink {
  roomId: string
  provider: CrmProvider
  externalId: string
  /** The deal's name when it was linked. */
  name: string
  contacts: CrmContact[]
  linkedBy: string
  linkedAt: number
}

/**
 * Which rooms report to which CRM record. The outbox delivers a room's events to a CRM
 * connection only while the room is linked to it.
 */
export interface CrmStore {
  /** Links a room (or changes its link) to a record of that CRM. */
  putCrmLink(link: CrmLink): Promise<CrmLink>
  getCrmLink(roomId: string, provider: CrmProvider): Promise<CrmLink | null>
  /** A room's links, HubSpot first. */
  listCrmLinks(roomId: string): Promise<CrmLink[]>
  /** Rooms linked to this CRM record (one deal may have several rooms). */
  findCrmLinks(provider: CrmProvider, externalId: string): Promise<CrmLink[]>
  /** Unlinks; false if it was not linked. */
  deleteCrmLink(roomId: string, provider: CrmProvider): Promise<boolean>
}
