import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import {
  listMilestones,
  listTasks,
  stakeholderOfMember,
  updateMilestone,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { OPERATOR } from '../access/change-access.ts'
import { inviteBuyer } from '../access/invites.ts'
import { sellerSignInLink } from '../access/people.ts'
import { closeRoom, revokeMemberByEmail } from '../access/revocation.ts'
import { browserOf } from '../testing/documents.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'

interface ParsedEvent {
  uid: string
  start: string
  end: string
  summary: string
  description: string
  url: string
}

/** Reads a feed back with Mozilla's iCalendar parser (ical.js), as a calendar app would. */
function parse(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text))
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      summary: event.summary,
      description: event.description,
      url: String(vevent.getFirstPropertyValue('url')),
    }
  })
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events }
}

const CHECKLIST =
  'Security review; legal, procurement & the DPA — Ωμέγα review of every annex, with a title long enough to be folded'

describe('calendar feeds', () => {
  it('a member’s feed of the plan (or of their own tasks) parses back with every due date; it stops when their access ends', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    // The champion opens the room once: the server links them to their stakeholder card.
    const champion = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.champion),
    )
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await Promise.all([champion.synced, seller.synced])
    const championId = (await test.storage.findPersonByEmail(cast.champion))?.id ?? ''
    await eventually(() => expect(stakeholderOfMember(seller.doc, championId)).not.toBeNull())
    const card = stakeholderOfMember(seller.doc, championId)?.id ?? ''
    const [first, second] = listTasks(seller.doc)
    const milestone = listMilestones(seller.doc)[0]
    updateTask(seller.doc, first?.id ?? '', {
      title: CHECKLIST,
      dueDate: '2027-01-15',
      ownerId: card,
    })
    updateTask(seller.doc, second?.id ?? '', { dueDate: '2027-02-01' })
    updateMilestone(seller.doc, milestone?.id ?? '', { dueDate: '2027-02-28' })
    await eventually(() => expect(seller.allAcknowledged()).toBe(true))

    // The champion asks for "my tasks" from their session; the calendar app fetches it without one.
    const { invite } = await inviteBuyer(test.storage, test.httpUrl, {
      roomId: cast.roomId,
      email: cast.champion,
      name: 'champion',
      role: 'champion',
      ttlMs: null,
    })
    const championBrowser = await browserOf(test.httpUrl, invite.url)
    const asked = await championBrowser.request('POST', `/api/rooms/${cast.roomId}/calendar`, {
      mine: true,
    })
    expect(asked.status).toBe(200)
    const mine = (await asked.json()) as { url: string; webcal: string }
    expect(mine.webcal).toBe(mine.url.replace(/^http:/, 'webcal:'))
    const path = new URL(mine.url).pathname
    const feed = await fetch(`${test.httpUrl}${path}`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/)
    const text = await feed.text()
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(
      true,
    )
    const parsed = parse(text)
    expect(parsed.name).toBe('Acme rollout: my tasks')
    expect(parsed.events).toEqual([
      {
        uid: `task-${first?.id}@${cast.roomId}.quorum`,
        start: '2027-01-15',
        end: '2027-01-16',
        summary: `Acme rollout: ${CHECKLIST}`,
        description: expect.stringContaining('Owner: champion'),
        url: `http://localhost:0/r/${cast.roomId}/plan`,
      },
    ])
    // Asking again gives the same address.
    const again = (await (
      await championBrowser.request('POST', `/api/rooms/${cast.roomId}/calendar`, { mine: true })
    ).json()) as { url: string }
    expect(again.url).toBe(mine.url)

    // The seller team's feed of the whole plan: the milestone and both tasks.
    const ownerBrowser = await browserOf(
      test.httpUrl,
      (await sellerSignInLink(test.storage, test.httpUrl, cast.seller)).signIn.url,
    )
    const plan = (await (
      await ownerBrowser.request('POST', `/api/rooms/${cast.roomId}/calendar`, {})
    ).json()) as { url: string }
    const planPath = new URL(plan.url).pathname
    const whole = parse(await (await fetch(`${test.httpUrl}${planPath}`)).text())
    const dated = [
      ...listMilestones(seller.doc).map((each) => ({ uid: `milestone-${each.id}`, ...each })),
      ...listTasks(seller.doc).map((each) => ({ uid: `task-${each.id}`, ...each })),
    ].filter((each) => each.dueDate !== null)
    expect(dated.length).toBeGreaterThan(3)
    expect(whole.events.map((event) => [event.uid, event.start, event.summary]).sort()).toEqual(
      dated
        .map((each) => [
          `${each.uid}@${cast.roomId}.quorum`,
          each.dueDate,
          `${each.status === 'done' ? '✓ ' : ''}Acme rollout: ${each.title}`,
        ])
        .sort(),
    )

    // A changed secret finds nothing; the champion's feed stops when they are removed.
    const tampered = path.replace(/[A-Za-z0-9_-]{43}\.ics$/, `${'A'.repeat(43)}.ics`)
    expect((await fetch(`${test.httpUrl}${tampered}`)).status).toBe(404)
    await revokeMemberByEmail(test.storage, cast.roomId, cast.champion, { id: OPERATOR, ip: null })
    expect((await fetch(`${test.httpUrl}${path}`)).status).toBe(410)
    expect((await fetch(`${test.httpUrl}${planPath}`)).status).toBe(200)
    // And everyone's when the room is closed.
    await closeRoom(test.storage, cast.roomId, { id: OPERATOR, ip: null })
    expect((await fetch(`${test.httpUrl}${planPath}`)).status).toBe(410)
  })
})
