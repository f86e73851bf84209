import { can, isRole } from '../../../shared/src/access.ts'
import { useRoom } from '../room-context/context.ts'

export interface DocumentRights {
  /** Uploads documents and new versions, places them next to a task: seller team, champion. */
  add: boolean
  /** Sees every version, restores one, sets the download policy: the seller team. */
  manage: boolean
}

/** What this person may do with the room's documents (shared/src/access.ts decides). */
export function useDocumentRights(): DocumentRights {
  const { details } = useRoom()
  const role = isRole(details.me.role) ? details.me.role : 'viewer'
  return { add: can(role, 'addDocuments'), manage: can(role, 'manageDocuments') }
}
