import { createHmac, timingSafeEqual } from 'node:crypto'
import { isSellerRole } from '../../../shared/src/access.ts'
import type { Mailer } from '../access/mail.ts'
import type { Storage } from '../storage/storage.ts'
import { mayReadMention, mentionLine } from './mentions.ts'
import { summarizeDueRooms } from './summarizer.ts'

const DAY = 86_400_000

/** The unsubscribe link's token: an HMAC of the person id, so the link needs no sign-in. */
export function unsubscribeToken(secret: Buffer, personId: string): string {
  return `${personId}.${createHmac('sha256', secret).update(`digest:${personId}`).digest('base64url')}`
}

export function personFromUnsubscribeToken(secret: Buffer, token: string): string | null {
  const [personId = '', signature = ''] = token.split('.')
  const expected = Buffer.from(unsubscribeToken(secret, personId).split('.')[1] ?? '')
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? personId : null
}

/**
 * Mentions of the last day that were not e-mailed at once (the person was in the room then), for
 * everyone mentioned, buyers included.
 */
async function addMentions(
  storage: Storage,
  room: { id: string; title: string },
  now: number,
  publicUrl: string,
  digests: Map<string, { email: string; lines: string[] }>,
): Promise<void> {
  const mentions = (
    await storage.listEvents({ roomId: room.id, since: now - DAY, kinds: ['person.mentioned'] })
  ).filter((event) => event.detail.present === true)
  if (mentions.length === 0) return
  const members = new Map((await storage.listMembers(room.id)).map((m) => [m.personId, m]))
  const byPerson = new Map<string, string[]>()
  const lastDigest = new Map<string, number | null>()
  for (const event of mentions) {
    const mentioned = String(event.detail.mentioned ?? '')
    const member = members.get(mentioned)
    if (!member || !mayReadMention(member.role, event)) continue
    // Listed once: not again in the digest after the one that already listed it.
    if (!lastDigest.has(mentioned))
      lastDigest.set(mentioned, (await storage.digestState(mentioned)).sentAt)
    if (event.at <= (lastDigest.get(mentioned) ?? 0)) continue
    const lines = byPerson.get(mentioned) ?? []
    lines.push(
      `  - ${members.get(event.personId)?.name ?? 'Someone'} mentioned you ${mentionLine(event)}`,
    )
    byPerson.set(mentioned, lines)
  }
  for (const [personId, lines] of byPerson) {
    const member = members.get(personId)
    if (!member) continue
    const entry = digests.get(personId) ?? { email: member.email, lines: [] }
    entry.lines.push(`${room.title} (${publicUrl}/r/${room.id})`, ...lines, '')
    digests.set(personId, entry)
  }
}

/**
 * The daily digest: one e-mail per seller with the alerts of the last day across their rooms
 * (and, for anyone, the mentions of them they saw live),
 * at most once a day, never when there is nothing to say, never after they unsubscribed.
 * Returns how many digests were sent.
 */
export async function sendDigests(
  storage: Storage,
  mailer: Mailer,
  options: { publicUrl: string; secret: Buffer; now?: number },
): Promise<number> {
  const now = options.now ?? Date.now()
  let sent = 0
  const digests = new Map<string, { email: string; lines: string[] }>()
  for (const room of await storage.listRooms()) {
    if (room.closedAt === null) await addMentions(storage, room, now, options.publicUrl, digests)
  }
  // Alerts from the rooms' summaries, brought up to date first: no room is loaded for its alerts.
  await summarizeDueRooms(storage)
  const alertsByRoom = new Map<string, { title: string; messages: string[] }>()
  for (const alert of await storage.listAlertsSince(now - DAY + 1)) {
    if (alert.at > now) continue
    const room = alertsByRoom.get(alert.roomId) ?? { title: alert.roomTitle, messages: [] }
    room.messages.push(alert.message)
    alertsByRoom.set(alert.roomId, room)
  }
  for (const [roomId, room] of alertsByRoom) {
    for (const member of await storage.listMembers(roomId)) {
      if (!isSellerRole(member.role)) continue
      const entry = digests.get(member.personId) ?? { email: member.email, lines: [] }
      entry.lines.push(
        `${room.title} (${options.publicUrl}/r/${roomId}/insights)`,
        ...room.messages.map((message) => `  - ${message}`),
        '',
      )
      digests.set(member.personId, entry)
    }
  }
  for (const [personId, entry] of digests) {
    const state = await storage.digestState(personId)
    if (state.optOut || (state.sentAt !== null && now - state.sentAt < DAY)) continue
    const unsubscribe = `${options.publicUrl}/api/digest/unsubscribe?t=${unsubscribeToken(options.secret, personId)}`
    await mailer.send({
      to: entry.email,
      subject: 'Your deal rooms today',
      body: `What changed in your deal rooms since yesterday:\n\n${entry.lines.join('\n')}\nStop these daily e-mails: ${unsubscribe}\n\n— Quorum`,
    })
    await storage.setDigestState(personId, { sentAt: now })
    sent++
  }
  return sent
}
