import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  addStakeholder,
  addTask,
  listMilestones,
  listStakeholders,
  setTaskDone,
} from '../../../shared/src/room/index.ts'
import { hashSecret } from '../access/links.ts'
import { createMailer } from '../access/mail.ts'
import { tokenSecret } from '../access/tokens.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import type { Mail, Storage } from '../storage/storage.ts'
import { calendar, editStoredRoom } from '../testing/guidance.ts'
import { secretOf, seedCast, tempDir } from '../testing/harness.ts'
import { personFromNudgeToken, sendNudges } from './nudges.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const PUBLIC_URL = 'http://quorum.test'

function openStorage(file = join(tempDir(), 'quorum.db')): SqliteStorage {
  const storage = new SqliteStorage(file)
  return storage
}

async function personId(storage: Storage, email: string): Promise<string> {
  const person = await storage.findPersonByEmail(email)
  if (!person) throw new Error(`no ${email}`)
  return person.id
}

/** Everything mailed since `after` (the outbox keeps every mail), oldest first. */
async function mailsSince(storage: Storage, seen: Set<string>): Promise<Mail[]> {
  const fresh = (await storage.listOutbox(1000)).filter((mail) => !seen.has(mail.id)).reverse()
  for (const mail of fresh) seen.add(mail.id)
  return fresh
}

/** Links the mail carries: the room (or a fresh personal invite) and the unsubscribe link. */
const linksOf = (mail: Mail | undefined) =>
  [...(mail?.body ?? '').matchAll(/https?:\/\/\S+/g)].map((m) => m[0])

describe('nudges', () => {
  it('reminds invited people who have not opened the room after 2 and 5 days, once each, until they open it or unsubscribe', async () => {
    const clock = calendar('2026-06-01T09:00:00Z')
    const storage = openStorage()
    const cast = await seedCast(storage)
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const secret = await tokenSecret(storage)
    const send = (offset: number) =>
      sendNudges(storage, mailer, { publicUrl: PUBLIC_URL, secret, now: clock.at(offset) })
    const seen = new Set<string>()
    await mailsSince(storage, seen)

    // The champion opens the room the next day.
    clock.at(DAY)
    await storage.markJoined(cast.roomId, await personId(storage, cast.champion), Date.now())
    await storage.markRoomsDue([cast.roomId], Date.now())
    expect(await send(DAY + HOUR)).toBe(0)
    expect(await send(2 * DAY - HOUR)).toBe(0)

    // Two days after the invitation: the two who have not opened it, one mail each.
    expect(await send(2 * DAY + HOUR)).toBe(2)
    const second = await mailsSince(storage, seen)
    expect(second.map((mail) => mail.to).sort()).toEqual([cast.stakeholder, cast.viewer].sort())
    const toViewer = second.find((mail) => mail.to === cast.viewer)
    expect(toViewer?.subject).toBe('A reminder from Acme rollout')
    expect(toViewer?.body).toContain('have not opened the room yet')
    // A fresh personal link that works, and an unsubscribe link signed for the viewer.
    const [invite, unsubscribe] = linksOf(toViewer)
    expect(invite).toMatch(/^http:\/\/quorum\.test\/i\//)
    expect(await storage.findLinkByHash(hashSecret(secretOf(invite ?? '')))).toMatchObject({
      kind: 'invite',
      roomId: cast.roomId,
      personId: await personId(storage, cast.viewer),
    })
    const token = new URL(unsubscribe ?? '').searchParams.get('t') ?? ''
    expect(personFromNudgeToken(secret, token)).toBe(await personId(storage, cast.viewer))

    // Sent once: the sweeps of the following hours send nothing more.
    expect(await send(2 * DAY + 3 * HOUR)).toBe(0)
    expect(await send(3 * DAY)).toBe(0)

    // The viewer unsubscribes. Five days after the invitation: the stakeholder's second reminder.
    await storage.unsubscribeNudges(await personId(storage, cast.viewer), Date.now())
    expect(await send(5 * DAY + HOUR)).toBe(1)
    const fifth = await mailsSince(storage, seen)
    expect(fifth.map((mail) => mail.to)).toEqual([cast.stakeholder])
    expect(await send(6 * DAY)).toBe(0)
    // Nothing after the last reminder, and the champion who opened the room got none.
    expect(await send(9 * DAY)).toBe(0)
    expect((await storage.listOutbox(1000)).filter((m) => m.to === cast.champion)).toEqual([])
  })

  it('reminds task owners the day before and after a due date, in one mail a day across rooms, not for done tasks, not when turned off', async () => {
    const clock = calendar('2026-06-01T09:00:00Z')
    const storage = openStorage()
    const cast = await seedCast(storage)
    const champion = await personId(storage, cast.champion)
    await storage.markJoined(cast.roomId, champion, Date.now())
    const other = await createRoom(storage, { ownerEmail: cast.seller, title: 'Globex pilot' })
    await storage.putMember(other.id, champion, 'champion')
    await storage.markJoined(other.id, champion, Date.now())
    const taskIn = (roomId: string, title: string, dueDate: string) =>
      editStoredRoom(storage, roomId, (doc) => {
        const ownerId =
          listStakeholders(doc).find((person) => person.memberId === champion)?.id ??
          addStakeholder(doc, { name: 'Champion', buyingRole: 'champion', memberId: champion })
        return addTask(doc, {
          milestoneId: listMilestones(doc)[0]?.id ?? '',
          title,
          ownerId,
          side: 'buyer',
          dueDate,
        })
      })
    const security = await taskIn(cast.roomId, 'Security review', '2026-06-10')
    await taskIn(cast.roomId, 'Pick a pilot team', '2026-06-10')
    await taskIn(other.id, 'Sign the pilot terms', '2026-06-10')
    const mailer = createMailer(storage, { smtpUrl: undefined, from: 'q@test' })
    const secret = await tokenSecret(storage)
    const send = (at: string) =>
      sendNudges(storage, mailer, {
        publicUrl: PUBLIC_URL,
        secret,
        now: clock.at(Date.parse(at) - Date.parse('2026-06-01T09:00:00Z')),
      })
    const seen = new Set<string>()
    const mine = async () =>
      (await mailsSince(storage, seen)).filter((mail) => mail.to === cast.champion)
    await mailsSince(storage, seen)

    expect(await send('2026-06-08T23:50:00Z')).toBe(0)
    // The day before: the three tasks of both rooms in one mail.
    expect(await send('2026-06-09T00:10:00Z')).toBe(1)
    const [before] = await mine()
    expect(before?.subject).toBe('Reminders from your deal rooms')
    expect(before?.body).toContain('“Security review” is due tomorrow (2026-06-10)')
    expect(before?.body).toContain('“Pick a pilot team” is due tomorrow (2026-06-10)')
    expect(before?.body).toContain('“Sign the pilot terms” is due tomorrow (2026-06-10)')
    expect(before?.body).toContain('/api/nudges/unsubscribe?t=')
    expect(await send('2026-06-09T12:00:00Z')).toBe(0)

    // The security review is done; the seller turns the champion's nudges off in the other room.
    await send('2026-06-10T15:00:00Z')
    await editStoredRoom(storage, cast.roomId, (doc) => setTaskDone(doc, security, true))
    await storage.setNudgeStop(other.id, champion, true, Date.now())
    // The day after: only the task not done, of the room where nudges are on.
    expect(await send('2026-06-11T00:10:00Z')).toBe(1)
    const [after] = await mine()
    expect(after?.subject).toBe('A reminder from Acme rollout')
    expect(after?.body).toContain('“Pick a pilot team” was due on 2026-06-10 and is not done yet')
    expect(after?.body).not.toContain('Security review')
    expect(after?.body).not.toContain('Sign the pilot terms')
    // Its link opens the plan at the task.
    expect(linksOf(after)[0]).toMatch(new RegExp(`^${PUBLIC_URL}/r/${cast.roomId}/plan/[\\w-]+$`))

    // A task added later that morning, due tomorrow: its reminder is due, but one mail a day.
    await send('2026-06-11T06:00:00Z')
    await taskIn(cast.roomId, 'Send the data sheet', '2026-06-12')
    expect(await send('2026-06-11T06:10:00Z')).toBe(0)
    // By the time a mail may go it is the due date: "due tomorrow" would be wrong, so it is dropped…
    expect(await send('2026-06-12T00:20:00Z')).toBe(0)
    // …and the day after, the overdue reminder goes.
    expect(await send('2026-06-13T00:20:00Z')).toBe(1)
    const [overdue] = await mine()
    expect(overdue?.body).toContain('“Send the data sheet” was due on 2026-06-12')
    expect(await send('2026-06-14T00:20:00Z')).toBe(0)
  })

  it('two instances sweeping at once send each nudge once', async () => {
    const clock = calendar('2026-06-01T09:00:00Z')
    const file = join(tempDir(), 'quorum.db')
    const first = openStorage(file)
    const second = openStorage(file)
    const cast = await seedCast(first)
    const secret = await tokenSecret(first)
    const now = clock.at(2 * DAY + HOUR)
    const sent = await Promise.all(
      [first, second].map((storage) =>
        sendNudges(storage, createMailer(storage, { smtpUrl: undefined, from: 'q@test' }), {
          publicUrl: PUBLIC_URL,
          secret,
          now,
        }),
      ),
    )
    expect(sent.reduce((sum, n) => sum + n, 0)).toBe(3)
    const reminders = (await first.listOutbox(100)).filter((mail) =>
      mail.subject.includes('reminder'),
    )
    expect(reminders.map((mail) => mail.to).sort()).toEqual(
      [cast.champion, cast.stakeholder, cast.viewer].sort(),
    )
    second.close()
  })
})
