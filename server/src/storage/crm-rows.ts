import type { CrmContact, CrmLink, CrmProvider } from './crm.ts'
import { int, type Row, text } from './rows.ts'

/** Row mapper and statements the two drivers share (same table, `?` placeholders). */

export function toCrmLink(row: Row): CrmLink {
  return {
    roomId: text(row, 'room_id'),
    provider: text(row, 'provider') as CrmProvider,
    externalId: text(row, 'external_id'),
    name: text(row, 'name'),
    contacts: JSON.parse(text(row, 'contacts')) as CrmContact[],
    linkedBy: text(row, 'linked_by'),
    linkedAt: int(row, 'linked_at'),
  }
}

export const crmLinkValues = (link: CrmLink) => [
  link.roomId,
  link.provider,
  link.externalId,
  link.name,
  JSON.stringify(link.contacts),
  link.linkedBy,
  link.linkedAt,
]

export const PUT_CRM_LINK = `INSERT INTO crm_links
  (room_id, provider, external_id, name, contacts, linked_by, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (room_id, provider) DO UPDATE SET external_id = excluded.external_id,
    name = excluded.name, contacts = excluded.contacts, linked_by = excluded.linked_by,
    linked_at = excluded.linked_at`

export const CRM_LINK = 'SELECT * FROM crm_links WHERE room_id = ? AND provider = ?'
export const CRM_LINKS_OF_ROOM = 'SELECT * FROM crm_links WHERE room_id = ? ORDER BY provider'
export const CRM_LINKS_OF_RECORD =
  'SELECT * FROM crm_links WHERE provider = ? AND external_id = ? ORDER BY linked_at, room_id'
export const DELETE_CRM_LINK = 'DELETE FROM crm_links WHERE room_id = ? AND provider = ?'
