import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { addTask, listMilestones, listTasks } from '../../../shared/src/room/index.ts'
import { mintToken, tokenSecret } from '../access/tokens.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'

/** An update that adds one task to the room, made on a private copy of the room document. */
function taskUpdate(base: Y.Doc, title: string): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(copy)
  const [milestone] = listMilestones(copy)
  if (!milestone) throw new Error('no milestone')
  addTask(copy, { milestoneId: milestone.id, title })
  return Y.encodeStateAsUpdate(copy, before)
}

describe('who may open and change which document', () => {
  it('a viewer reads the room, but its writes are refused and reach nobody', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const name = documentName(cast.roomId)
    const seller = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.seller))
    const stakeholder = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.stakeholder),
    )
    await Promise.all([seller.synced, stakeholder.synced])

    // Through a real provider: the viewer syncs the whole room read-only.
    const viewer = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.viewer))
    await viewer.synced
    expect(listTasks(viewer.doc)).toEqual(listTasks(seller.doc))
    expect(viewer.provider.authorizedScope).toBe('readonly')

    // Through raw frames: the server answers "not applied" to a viewer's update.
    const raw = await RawClient.open(wsUrl)
    expect(await raw.authenticate(name, await tokenFor(storage, cast.roomId, cast.viewer))).toEqual(
      {
        ok: true,
        detail: 'readonly',
      },
    )
    expect(await raw.sendUpdate(name, taskUpdate(seller.doc, 'Forged by a viewer'))).toBe(false)
    addTask(viewer.doc, {
      milestoneId: listMilestones(viewer.doc)[0]?.id ?? '',
      title: 'Viewer via provider',
    })

    // A later real edit travels; the viewer's never do.
    const [milestone] = listMilestones(seller.doc)
    addTask(seller.doc, { milestoneId: milestone?.id ?? '', title: 'Seller edit' })
    await eventually(() => expect(seller.allAcknowledged()).toBe(true))
    await eventually(() =>
      expect(listTasks(stakeholder.doc).map((task) => task.title)).toContain('Seller edit'),
    )
    const titles = (doc: Y.Doc) => listTasks(doc).map((task) => task.title)
    const serverDoc = server.collaboration.hocuspocus.documents.get(name)
    if (!serverDoc) throw new Error('room not loaded')
    for (const doc of [seller.doc, stakeholder.doc, serverDoc]) {
      expect(titles(doc)).not.toContain('Forged by a viewer')
      expect(titles(doc)).not.toContain('Viewer via provider')
    }
  })

  it('buyers are refused on the internal document; the seller team is let in', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const internal = documentName(cast.roomId, 'internal')
    const raw = await RawClient.open(wsUrl)
    for (const buyer of [cast.champion, cast.stakeholder, cast.viewer]) {
      expect(await raw.authenticate(internal, await tokenFor(storage, cast.roomId, buyer))).toEqual(
        {
          ok: false,
          detail: 'seller-team-only',
        },
      )
    }
    expect(server.collaboration.hocuspocus.documents.has(internal)).toBe(false)

    const champion = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.champion),
      'internal',
    )
    await expect(champion.synced).rejects.toThrow('seller-team-only')

    const seller = await RawClient.open(wsUrl)
    expect(
      await seller.authenticate(internal, await tokenFor(storage, cast.roomId, cast.seller)),
    ).toEqual({
      ok: true,
      detail: 'read-write',
    })
  })

  it('a token for room A opens nothing in room B, and loads nothing there', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const roomA = await seedCast(storage, 'a')
    const roomB = await seedCast(storage, 'b')
    const tokenA = await tokenFor(storage, roomA.roomId, roomA.seller)
    const raw = await RawClient.open(wsUrl)
    for (const kind of ['shared', 'internal'] as const) {
      expect(await raw.authenticate(documentName(roomB.roomId, kind), tokenA)).toEqual({
        ok: false,
        detail: 'invalid-token',
      })
    }
    const { hocuspocus } = server.collaboration
    expect(hocuspocus.documents.size + hocuspocus.loadingDocuments.size).toBe(0)
    expect(await raw.authenticate(documentName(roomA.roomId), tokenA)).toMatchObject({ ok: true })
  })

  it('refuses expired, tampered and forged tokens, unknown rooms and unknown documents before loading', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const name = documentName(cast.roomId)
    const secret = await tokenSecret(storage)
    const person = await storage.findPersonByEmail(cast.viewer)
    if (!person) throw new Error('no viewer')
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      personId: person.id,
      roomId: cast.roomId,
      role: 'viewer' as const,
      expiresAt: now + 600,
    }

    const expired = mintToken(secret, { ...claims, expiresAt: now - 1 })
    const valid = mintToken(secret, claims)
    const [prefix, body = '', signature] = valid.split('.')
    const raised = Buffer.from(
      Buffer.from(body, 'base64url').toString().replace('"viewer"', '"owner"'),
    ).toString('base64url')
    const tampered = `${prefix}.${raised}.${signature}`
    const foreign = mintToken(Buffer.alloc(32, 7), claims)
    const unknownRoom = mintToken(secret, { ...claims, roomId: 'no-such-room' })

    const raw = await RawClient.open(wsUrl)
    expect(await raw.authenticate(name, expired)).toEqual({ ok: false, detail: 'expired-token' })
    expect(await raw.authenticate(name, tampered)).toEqual({ ok: false, detail: 'invalid-token' })
    expect(await raw.authenticate(name, foreign)).toEqual({ ok: false, detail: 'invalid-token' })
    expect(await raw.authenticate(name, 'not a token')).toEqual({
      ok: false,
      detail: 'invalid-token',
    })
    expect(await raw.authenticate(documentName('no-such-room'), unknownRoom)).toEqual({
      ok: false,
      detail: 'unknown-room',
    })
    expect(await raw.authenticate('someone-elses-doc', valid)).toEqual({
      ok: false,
      detail: 'unknown-document',
    })
    const { hocuspocus } = server.collaboration
    expect(hocuspocus.documents.size + hocuspocus.loadingDocuments.size).toBe(0)

    // The refusals cost nothing: the real token still works on the same socket.
    expect(await raw.authenticate(name, valid)).toEqual({ ok: true, detail: 'readonly' })

    // A client built for an older room schema is told so instead of corrupting the room.
    const outdated = await RawClient.open(`${wsUrl}?schema=0`)
    expect(await outdated.authenticate(name, valid)).toEqual({
      ok: false,
      detail: 'client-outdated',
    })
  })
})
