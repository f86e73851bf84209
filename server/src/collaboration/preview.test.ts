import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  addTask,
  listMilestones,
  listStakeholders,
  listTasks,
} from '../../../shared/src/room/index.ts'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller } from '../access/people.ts'
import {
  connect,
  eventually,
  httpSession,
  secretOf,
  startTestServer,
  type TestServer,
} from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'
import { createRoom } from './rooms.ts'

/** An update that adds one task, made on a private copy of the room document. */
function taskUpdate(base: Y.Doc, title: string): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(copy)
  const [milestone] = listMilestones(copy)
  if (!milestone) throw new Error('no milestone')
  addTask(copy, { milestoneId: milestone.id, title })
  return Y.encodeStateAsUpdate(copy, before)
}

/** A room with its owner and a champion, both signed in over HTTP as the web app is. */
async function room(test: TestServer) {
  const { storage, httpUrl } = test
  const signIn = async (url: string) => {
    const http = httpSession(httpUrl)
    expect((await http('POST', '/api/links/redeem', { secret: secretOf(url) })).status).toBe(200)
    return http
  }
  const owner = await addSeller(storage, httpUrl, { email: 'owner@vendor.test', name: 'Olive' })
  const { id: roomId } = await createRoom(storage, {
    ownerEmail: 'owner@vendor.test',
    title: 'Acme',
  })
  const champion = await inviteBuyer(storage, httpUrl, {
    roomId,
    email: 'cham@acme.test',
    name: 'Cham',
    role: 'champion',
    ttlMs: null,
  })
  return {
    roomId,
    owner: { person: owner.person, http: await signIn(owner.signIn.url) },
    champion: { person: champion.person, http: await signIn(champion.invite.url) },
  }
}

const previewToken = async (http: ReturnType<typeof httpSession>, roomId: string, role: string) =>
  http('POST', `/api/rooms/${roomId}/preview-token`, { role })

describe('view as buyer', { timeout: 120_000 }, () => {
  it('a preview socket reads the buyers’ document read-only; its writes are refused and it records no engagement', async () => {
    const test = await startTestServer()
    const { storage, wsUrl } = test
    const deal = await room(test)
    const name = documentName(deal.roomId)

    // Only the seller team gets a preview token; never the seller notes with it.
    expect((await previewToken(deal.champion.http, deal.roomId, 'viewer')).status).toBe(403)
    expect((await previewToken(deal.owner.http, deal.roomId, 'owner')).status).toBe(400)
    const minted = await previewToken(deal.owner.http, deal.roomId, 'champion')
    expect(minted.status).toBe(200)
    expect(minted.json).toMatchObject({
      role: 'champion',
      documents: { shared: name, internal: null },
    })
    const token = String(minted.json.token)
    const eventsBefore = await storage.listEvents({ roomId: deal.roomId })

    // Through a real provider: the room as a champion would load it, read-only.
    const preview = connect(wsUrl, deal.roomId, token)
    await preview.synced
    expect(preview.provider.authorizedScope).toBe('readonly')
    expect(listMilestones(preview.doc).length).toBeGreaterThan(0)
    // Presence says "section: plan" as the web app does: nobody sees it, nothing is recorded.
    preview.provider.setAwarenessField('section', 'plan')
    addTask(preview.doc, {
      milestoneId: listMilestones(preview.doc)[0]?.id ?? '',
      title: 'Typed in preview',
    })

    // The seller notes never open with a preview token.
    const internal = connect(wsUrl, deal.roomId, token, 'internal')
    await expect(internal.synced).rejects.toThrow(/authentication failed/)

    // Through raw frames: the server answers "not applied" to a preview's update, even one a
    // champion may make.
    const raw = await RawClient.open(wsUrl)
    expect(await raw.authenticate(name, token)).toEqual({ ok: true, detail: 'readonly' })
    expect(await raw.sendUpdate(name, taskUpdate(preview.doc, 'Forged in preview'))).toBe(false)

    // A real champion's edit travels and is recorded; nothing of the preview is.
    const champion = connect(
      wsUrl,
      deal.roomId,
      String(
        (await deal.champion.http('POST', `/api/rooms/${deal.roomId}/token`)).json.token ?? '',
      ),
    )
    await champion.synced
    addTask(champion.doc, {
      milestoneId: listMilestones(champion.doc)[0]?.id ?? '',
      title: 'Champion edit',
    })
    await eventually(() => expect(champion.allAcknowledged()).toBe(true))
    await eventually(async () => {
      const opened = await storage.listEvents({ roomId: deal.roomId, kinds: ['room.opened'] })
      expect(opened.map((event) => event.personId)).toContain(deal.champion.person.id)
    })
    // The champion sees no presence of the preview, and the room holds no trace of it.
    const others = [...(champion.provider.awareness?.getStates().values() ?? [])].filter(
      (state) => (state.user as { id?: string } | undefined)?.id === deal.owner.person.id,
    )
    expect(others).toEqual([])
    preview.destroy()
    raw.socket.close()
    champion.destroy()
    await eventually(async () => {
      const left = await storage.listEvents({ roomId: deal.roomId, kinds: ['room.left'] })
      expect(left.map((event) => event.personId)).toContain(deal.champion.person.id)
    })
    const titles = listTasks(champion.doc).map((task) => task.title)
    expect(titles).toContain('Champion edit')
    expect(titles).not.toContain('Typed in preview')
    expect(titles).not.toContain('Forged in preview')
    const ownerEvents = (await storage.listEvents({ roomId: deal.roomId })).filter(
      (event) => event.personId === deal.owner.person.id,
    )
    expect(ownerEvents).toEqual(eventsBefore.filter((e) => e.personId === deal.owner.person.id))
    // The seller was not put on the stakeholder map as a buyer, nor marked as having joined.
    expect(
      listStakeholders(champion.doc).filter((person) => person.memberId === deal.owner.person.id),
    ).toEqual([])
    expect((await storage.getMember(deal.roomId, deal.owner.person.id))?.joinedAt).toBeNull()
  })

  it('a preview ends when its seller leaves the seller team', async () => {
    const test = await startTestServer()
    const deal = await room(test)
    const minted = await previewToken(deal.owner.http, deal.roomId, 'viewer')
    const preview = connect(test.wsUrl, deal.roomId, String(minted.json.token))
    await preview.synced
    // A seller who is now a viewer themselves previews nothing any more.
    await test.storage.putMember(deal.roomId, deal.owner.person.id, 'viewer')
    const again = connect(test.wsUrl, deal.roomId, String(minted.json.token))
    await expect(again.synced).rejects.toThrow(/authentication failed/)
  })
})
