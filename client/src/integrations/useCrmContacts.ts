import { useEffect, useState } from 'react'
import { can, isRole } from '../../../shared/src/access.ts'
import { crm } from '../../../shared/src/api/index.ts'
import { call } from '../api.ts'
import { useRoom } from '../room-context/context.ts'

/** A contact of a linked CRM deal, as the seller team may invite them. */
export interface CrmContactToInvite {
  name: string
  email: string
}

/**
 * The linked deals' contacts by their stakeholder id (seller team only: buyers never see each
 * other's addresses); empty for everyone else and while loading.
 */
export function useCrmContacts(): Map<string, CrmContactToInvite> {
  const { details } = useRoom()
  const roomId = details.room.id
  const seller = isRole(details.me.role) && can(details.me.role, 'seeInsights')
  const [contacts, setContacts] = useState(new Map<string, CrmContactToInvite>())
  useEffect(() => {
    if (!seller) return
    let live = true
    call(crm.listRoomLinks, { params: { roomId } })
      .then(({ links }) => {
        if (!live) return
        const next = new Map<string, CrmContactToInvite>()
        for (const link of links)
          for (const contact of link.contacts)
            next.set(contact.stakeholderId, { name: contact.name, email: contact.email })
        setContacts(next)
      })
      // Without the CRM's contacts the map still works; there is just no Invite button.
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [roomId, seller])
  return contacts
}
