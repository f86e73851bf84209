import { isSellerTeam, type Role } from '../../../shared/src/access.ts'
import type { Mailer } from '../access/mail.ts'
import type { SignalBus } from '../collaboration/bus.ts'
import type { EngagementEvent, Storage } from '../storage/storage.ts'

/**
 * Whether the person mentioned may read what the mention quotes: a mention in the seller team's
 * internal threads never reaches a buyer, whatever ids a message carries.
 */
export function mayReadMention(role: Role, event: EngagementEvent): boolean {
  return event.detail.internal !== true || isSellerTeam(role)
}

/** Where a mention was written and what it said, for e-mails. */
export function mentionLine(event: EngagementEvent): string {
  const quote = typeof event.detail.excerpt === 'string' && event.detail.excerpt
  if (event.detail.where === 'business-case') {
    const title = typeof event.detail.title === 'string' ? event.detail.title : ''
    return `in the business case${title ? ` (${title})` : ''}${quote ? `: “${quote}”` : ''}`
  }
  return `in a ${event.detail.internal === true ? 'seller-team ' : ''}comment${quote ? `: “${quote}”` : ''}`
}

/** Mentions of one person in one room that arrive this close together go out as one e-mail. */
export const MENTION_GROUP_MS = 30_000

export interface MentionMailOptions {
  publicUrl: string
  groupMs?: number
}

/**
 * E-mails people who are mentioned while they are away: one message per person and room for the
 * mentions of the next half minute. Mentions of someone in the room right now are not e-mailed;
 * they see them live, and the daily digest lists them.
 */
export function mailMentions(
  storage: Storage,
  mailer: Mailer,
  bus: SignalBus,
  options: MentionMailOptions,
): { stop: () => Promise<void> } {
  const pending = new Map<string, { timer: NodeJS.Timeout; events: EngagementEvent[] }>()
  const sending = new Set<Promise<void>>()

  const send = async (roomId: string, personId: string, events: EngagementEvent[]) => {
    const [room, members] = await Promise.all([
      storage.getRoom(roomId),
      storage.listMembers(roomId),
    ])
    const person = members.find((member) => member.personId === personId)
    if (!room || room.closedAt !== null || !person) return
    const visible = events.filter((event) => mayReadMention(person.role, event))
    if (visible.length === 0) return
    const names = new Map(members.map((member) => [member.personId, member.name]))
    const lines = visible.map(
      (event) => `- ${names.get(event.personId) ?? 'Someone'}, ${mentionLine(event)}`,
    )
    const first = names.get(visible[0]?.personId ?? '') ?? 'Someone'
    await mailer.send({
      to: person.email,
      subject:
        visible.length === 1
          ? `${first} mentioned you in ${room.title}`
          : `You were mentioned ${visible.length} times in ${room.title}`,
      body: `${lines.join('\n')}\n\nOpen the room: ${options.publicUrl}/r/${roomId}\n\n— Quorum`,
    })
  }

  const flush = (key: string) => {
    const batch = pending.get(key)
    if (!batch) return
    clearTimeout(batch.timer)
    pending.delete(key)
    const [roomId = '', personId = ''] = key.split('|')
    const done = send(roomId, personId, batch.events)
      .catch((error: unknown) => console.error('Mention e-mail failed:', error))
      .finally(() => sending.delete(done))
    sending.add(done)
  }

  const unsubscribe = bus.subscribe((event) => {
    if (event.kind !== 'person.mentioned') return
    const mentioned = event.detail.mentioned
    // Someone in the room right now sees it live; the daily digest lists it.
    if (typeof mentioned !== 'string' || event.detail.present === true) return
    const key = `${event.roomId}|${mentioned}`
    const batch = pending.get(key)
    if (batch) {
      batch.events.push(event)
      return
    }
    const timer = setTimeout(() => flush(key), options.groupMs ?? MENTION_GROUP_MS)
    timer.unref()
    pending.set(key, { timer, events: [event] })
  })

  return {
    /** Sends what is waiting (at shutdown) and stops listening. */
    async stop() {
      unsubscribe()
      for (const key of [...pending.keys()]) flush(key)
      await Promise.all([...sending])
    },
  }
}
