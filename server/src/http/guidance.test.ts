import { describe, expect, it } from 'vitest'
import { addStakeholder, addTask, listMilestones } from '../../../shared/src/room/index.ts'
import { sellerSignInLink } from '../access/people.ts'
import { tokenSecret } from '../access/tokens.ts'
import { editRoomDocument } from '../collaboration/server-edit.ts'
import { nudgeUnsubscribeToken } from '../signals/nudges.ts'
import {
  eventually,
  httpSession,
  secretOf,
  seedCast,
  startTestServer,
  type TestServer,
} from '../testing/harness.ts'

async function signedInSeller(test: TestServer, email: string) {
  const http = httpSession(test.httpUrl)
  const { signIn } = await sellerSignInLink(test.storage, test.httpUrl, email)
  expect((await http('POST', '/api/links/redeem', { secret: secretOf(signIn.url) })).status).toBe(
    200,
  )
  return http
}

interface ActionJson {
  key: string
  kind: string
  message: string
  reason: string
  href: string
  roomTitle?: string
}

describe('next best actions and nudges over HTTP', () => {
  it('the seller sees the room’s actions with their reason and link, dismisses one for good, and sees them across rooms', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const http = await signedInSeller(test, cast.seller)
    const seller = await test.storage.findPersonByEmail(cast.seller)
    if (!seller) throw new Error('no seller')
    const author = { personId: seller.id, name: seller.name, role: 'owner' as const }
    await editRoomDocument(test.server.collaboration.hocuspocus, cast.roomId, author, (doc) => {
      addStakeholder(doc, { name: 'Morgan Reyes', title: 'General counsel', buyingRole: 'legal' })
      addTask(doc, {
        milestoneId: listMilestones(doc)[0]?.id ?? '',
        title: 'Security review',
        side: 'buyer',
        dueDate: '2020-01-10',
      })
    })

    const room = await http('GET', `/api/rooms/${cast.roomId}/next-actions`)
    expect(room.status).toBe(200)
    const actions = room.json.actions as ActionJson[]
    expect(actions.map((action) => action.kind)).toEqual(['buyer-task-overdue', 'not-invited'])
    expect(actions[0]?.reason).toMatch(
      /^“Security review” is \d+ days overdue and owned by the buyer$/,
    )
    expect(actions[1]).toMatchObject({
      message: 'Invite Morgan Reyes',
      reason: 'Morgan Reyes (General counsel) is on the stakeholder map but not invited',
      href: `/r/${cast.roomId}/stakeholders/invite`,
    })

    // Across rooms, from the summaries (kept current by the summarizer).
    const mine = async () =>
      ((await http('GET', '/api/next-actions')).json.actions as ActionJson[]).map(
        (action) => `${action.roomTitle}: ${action.message}`,
      )
    await eventually(async () =>
      expect(await mine()).toEqual([
        'Acme rollout: Ask the buyer about it',
        'Acme rollout: Invite Morgan Reyes',
      ]),
    )

    const key = actions[1]?.key ?? ''
    const dismissed = await http('POST', `/api/rooms/${cast.roomId}/next-actions/dismiss`, { key })
    expect(dismissed.status).toBe(200)
    expect((dismissed.json.actions as ActionJson[]).map((action) => action.kind)).toEqual([
      'buyer-task-overdue',
    ])
    expect(await mine()).toEqual(['Acme rollout: Ask the buyer about it'])
    // Dismissed stays dismissed; an unknown key is refused by name.
    expect(
      ((await http('GET', `/api/rooms/${cast.roomId}/next-actions`)).json.actions as ActionJson[])
        .length,
    ).toBe(1)
    const unknown = await http('POST', `/api/rooms/${cast.roomId}/next-actions/dismiss`, { key })
    expect(unknown.status).toBe(404)
  })

  it('the seller sees the room’s reminders coming and turns them off per person or for the room; the unsubscribe link works without signing in', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const http = await signedInSeller(test, cast.seller)
    const viewer = await test.storage.findPersonByEmail(cast.viewer)
    if (!viewer) throw new Error('no viewer')

    interface NudgesJson {
      roomOff: boolean
      people: Array<{ personId: string; off: boolean; unsubscribed: boolean }>
      nudges: Array<{ personId: string; kind: string; state: string; dueAt: number }>
    }
    const nudges = async () =>
      (await http('GET', `/api/rooms/${cast.roomId}/nudges`)).json as unknown as NudgesJson
    // Three buyers invited, none has opened the room: two reminders each, planned.
    await eventually(async () => expect((await nudges()).nudges).toHaveLength(6))
    const planned = await nudges()
    expect(planned.roomOff).toBe(false)
    expect(new Set(planned.nudges.map((nudge) => nudge.state))).toEqual(new Set(['planned']))
    expect(planned.nudges.filter((n) => n.personId === viewer.id).map((n) => n.kind)).toEqual([
      'invite-2',
      'invite-5',
    ])

    const off = await http('POST', `/api/rooms/${cast.roomId}/nudges`, {
      personId: viewer.id,
      off: true,
    })
    expect(off.status).toBe(200)
    const afterOff = off.json as unknown as NudgesJson
    expect(afterOff.nudges.filter((n) => n.personId === viewer.id).map((n) => n.state)).toEqual([
      'off',
      'off',
    ])
    expect(afterOff.people.find((person) => person.personId === viewer.id)?.off).toBe(true)
    const roomOff = (await http('POST', `/api/rooms/${cast.roomId}/nudges`, { off: true }))
      .json as unknown as NudgesJson
    expect(roomOff.roomOff).toBe(true)
    expect(new Set(roomOff.nudges.map((nudge) => nudge.state))).toEqual(new Set(['off']))
    await http('POST', `/api/rooms/${cast.roomId}/nudges`, { off: false })
    await http('POST', `/api/rooms/${cast.roomId}/nudges`, { personId: viewer.id, off: false })
    const stranger = await http('POST', `/api/rooms/${cast.roomId}/nudges`, {
      personId: 'nobody-here',
      off: true,
    })
    expect(stranger.status).toBe(404)

    // The mail's unsubscribe link, opened by the viewer with no session; a forged one fails.
    const secret = await tokenSecret(test.storage)
    const link = `${test.httpUrl}/api/nudges/unsubscribe?t=${nudgeUnsubscribeToken(secret, viewer.id)}`
    const forged = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A')
    expect((await fetch(forged)).status).toBe(400)
    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Unsubscribed')
    const after = await nudges()
    expect(after.people.find((person) => person.personId === viewer.id)?.unsubscribed).toBe(true)
    expect(after.nudges.filter((n) => n.personId === viewer.id).map((n) => n.state)).toEqual([
      'unsubscribed',
      'unsubscribed',
    ])
  })
})
