import { isSellerTeam } from '../../../shared/src/access.ts'
import { parseDocumentName } from '../../../shared/src/protocol.ts'
import { addStakeholder, stakeholderOfMember } from '../../../shared/src/room/index.ts'
import type { QuorumExtension } from './context.ts'

/**
 * Puts every member who opens the room on the stakeholder map, linked to their membership, so
 * tasks can be assigned to them and "my tasks" and "who has joined" know who they are. The id is
 * derived from the person, so two instances adding the same person write the same entry.
 */
export function membership(): QuorumExtension {
  return {
    extensionName: 'quorum-membership',
    async connected({ context, documentName, connection }) {
      if (parseDocumentName(documentName)?.kind !== 'shared') return
      // A preview changes nothing in the room.
      if (context.previewBy !== undefined) return
      const doc = connection.document
      if (stakeholderOfMember(doc, context.personId)) return
      doc.transact(
        () => {
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
