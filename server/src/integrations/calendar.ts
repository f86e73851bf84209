import { createHmac, timingSafeEqual } from 'node:crypto'
import { icsCalendar, planDueDates } from '../../../shared/src/calendar.ts'
import { newId } from '../../../shared/src/ids.ts'
import { readMeta, stakeholderOfMember } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import { Problem } from '../errors.ts'
import type { CalendarFeed, Storage } from '../storage/storage.ts'

/**
 * Calendar feeds of plan due dates on secret addresses. A feed belongs to a person and a room:
 * the whole plan, or only the tasks they own. Its secret is an HMAC of its id with the
 * instance's signing secret (nothing secret is stored); the feed answers only while its person
 * is a member of the open room, so it stops working when their access ends.
 */
const secretOf = (signingSecret: Buffer, feedId: string): string =>
  createHmac('sha256', signingSecret).update(`calendar-feed:${feedId}`).digest('base64url')

export function feedUrls(publicUrl: string, signingSecret: Buffer, feed: CalendarFeed) {
  const url = `${publicUrl}/api/calendar/${feed.id}/${secretOf(signingSecret, feed.id)}.ics`
  return { url, webcal: url.replace(/^https?:/, 'webcal:') }
}

/** The person's feed of this room (made the first time it is asked for). */
export async function roomFeed(
  storage: Storage,
  personId: string,
  roomId: string,
  mine: boolean,
): Promise<CalendarFeed> {
  const existing = await storage.findCalendarFeed(personId, roomId, mine)
  return existing ?? storage.createCalendarFeed({ id: newId(16), personId, roomId, mine })
}

/** The iCalendar text of a feed, or a Problem: 404 for a wrong address, 410 once access ended. */
export async function feedCalendar(
  storage: Storage,
  signingSecret: Buffer,
  publicUrl: string,
  feedId: string,
  secret: string,
): Promise<string> {
  const feed = await storage.getCalendarFeed(feedId)
  const expected = Buffer.from(secretOf(signingSecret, feedId))
  const given = Buffer.from(secret)
  if (!feed || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Problem('not-found', 'There is no calendar feed at this address.')
  const gone = () =>
    new Problem('gone', 'This calendar feed has stopped: its person no longer has access.')
  if (feed.revokedAt !== null || feed.roomId === null) throw gone()
  const room = await storage.getRoom(feed.roomId)
  const member = room ? await storage.getMember(room.id, feed.personId) : null
  if (!room || room.closedAt !== null || !member) throw gone()
  const doc = await loadRoomDoc(storage, room.id)
  const title = readMeta(doc).title
  const own = stakeholderOfMember(doc, feed.personId)?.id ?? null
  const events = planDueDates(
    doc,
    { id: room.id, url: roomUrl(publicUrl, room.id) },
    feed.mine ? { ownerId: own } : {},
  )
  return icsCalendar(feed.mine ? `${title}: my tasks` : `${title}: plan`, events)
}
