import type { Hocuspocus } from '@hocuspocus/server'
import type * as Y from 'yjs'
import type { Role } from '../../../shared/src/access.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import type { QuorumContext } from './context.ts'

type Outcome<T> = { value: T } | { error: unknown }
const notRun = <T>(): Outcome<T> => ({ error: new Error('The edit did not run') })

/** Who a server-side edit is made for: recorded as the change's author in the room's activity. */
export interface EditAuthor {
  personId: string
  name: string
  role: Role
}

/**
 * Changes a room's shared document on the server, for someone who is not connected (the public
 * API): through a Hocuspocus direct connection, so the change is applied to the live document
 * (loading it if no one has it open), sent to every open copy (and through Redis to the other
 * instances), logged like any change, and recorded in the room's activity as `author`'s. The
 * document is stored before this returns. The caller checks what may be changed: the write
 * guard only sees changes that arrive over a socket.
 */
export async function editRoomDocument<T>(
  hocuspocus: Hocuspocus<QuorumContext>,
  roomId: string,
  author: EditAuthor,
  edit: (doc: Y.Doc) => T,
): Promise<T> {
  const context: QuorumContext = {
    personId: author.personId,
    name: author.name,
    roomId,
    role: author.role,
    documentKind: 'shared',
    sessionId: null,
  }
  const connection = await hocuspocus.openDirectConnection(documentName(roomId, 'shared'), context)
  let result = notRun<T>()
  try {
    await connection.transact((doc) => {
      try {
        result = { value: edit(doc) }
      } catch (error) {
        result = { error }
      }
    })
  } finally {
    // Stores the document at once (a snapshot), so the change is durable before the caller
    // answers on either driver; the document stays loaded while others have it open.
    await connection.disconnect()
  }
  if ('error' in result) throw result.error
  return result.value
}
