import { expect } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { inviteBuyer } from '../access/invites.ts'
import { sellerSignInLink } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { httpSession, secretOf, type TestServer } from '../testing/harness.ts'

/** A browser session of a seller, signed in by their one-time link. */
export async function sellerBrowser(test: TestServer, email: string) {
  const { signIn } = await sellerSignInLink(test.storage, test.httpUrl, email)
  return browserFor(test, signIn.url)
}

/** A buyer invited to the room with a role, and their browser session (their personal link). */
export async function buyerBrowser(test: TestServer, roomId: string, email: string, role: string) {
  const { invite } = await inviteBuyer(test.storage, test.httpUrl, {
    roomId,
    email,
    name: email.split('@')[0] ?? email,
    role,
    ttlMs: null,
  })
  return browserFor(test, invite.url)
}

async function browserFor(test: TestServer, url: string) {
  const http = httpSession(test.httpUrl)
  const redeemed = await http('POST', '/api/links/redeem', { secret: secretOf(url) })
  expect(redeemed.status).toBe(200)
  return http
}

/**
 * Changes a room's stored document as an edit from a client ends up: an update appended to its
 * log (the room is not loaded by the collaboration server in these tests).
 */
export async function editStoredRoom(
  test: TestServer,
  roomId: string,
  edit: (doc: Y.Doc) => void,
): Promise<void> {
  const doc = await loadRoomDoc(test.storage, roomId)
  const before = Y.encodeStateVector(doc)
  edit(doc)
  await test.storage.appendUpdate(documentName(roomId), Y.encodeStateAsUpdate(doc, before))
}
