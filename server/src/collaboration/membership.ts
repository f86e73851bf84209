import { isSellerTeam } from '../../../shared/src/access.ts'
import { parseDocumentName } from '../../../shared/src/protocol.ts'
import {
  addStakeholder,
  listStakeholders,
  stakeholderOfMember,
  updateStakeholder,
} from '../../../shared/src/room/index.ts'
import { contactStakeholderIds } from '../storage/crm.ts'
import type { Storage } from '../storage/storage.ts'
import type { QuorumExtension } from './context.ts'

/**
 * Puts every member who opens the room on the stakeholder map, linked to their membership, so
 * tasks can be assigned to them and "my tasks" and "who has joined" know who they are. The id is
 * derived from the person, so two instances adding the same person write the same entry. Someone
 * already on the map as a contact of a linked CRM deal (same e-mail) is linked, not added twice.
 */
export function membership(storage: Pick<Storage, 'getPerson' | 'listCrmLinks'>): QuorumExtension {
  return {
    extensionName: 'quorum-membership',
    async connected({ context, documentName, connection }) {
      if (parseDocumentName(documentName)?.kind !== 'shared') return
      // A preview changes nothing in the room.
      if (context.previewBy !== undefined) return
      const doc = connection.document
      if (stakeholderOfMember(doc, context.personId)) return
      const [person, links] = await Promise.all([
        storage.getPerson(context.personId),
        storage.listCrmLinks(context.roomId),
      ])
      const imported = new Set(person ? contactStakeholderIds(links, person.email) : [])
      const mapped = listStakeholders(doc).find(
        (each) => each.memberId === null && imported.has(each.id),
      )
      doc.transact(
        () => {
          if (mapped) {
            updateStakeholder(doc, mapped.id, { memberId: context.personId })
            return
          }
          addStakeholder(doc, {
            id: `member-${context.personId}`,
            name: context.name,
            side: isSellerTeam(context.role) ? 'seller' : 'buyer',
            buyingRole: context.role === 'champion' ? 'champion' : 'other',
            memberId: context.personId,
          })
        },
        { source: 'local' },
      )
    },
  }
}
