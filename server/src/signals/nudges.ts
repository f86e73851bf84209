import { createHmac, timingSafeEqual } from 'node:crypto'
import { issueLink } from '../access/links.ts'
import type { Mailer } from '../access/mail.ts'
import type { DueNudge, Storage } from '../storage/storage.ts'
import { NUDGE_GRACE_MS } from './nudge-plan.ts'
import { summarizeDueRooms } from './summarizer.ts'

const DAY = 86_400_000

/** The nudges' unsubscribe token: an HMAC of the person id, so the link needs no sign-in. */
export function nudgeUnsubscribeToken(secret: Buffer, personId: string): string {
  const signature = createHmac('sha256', secret).update(`nudges:${personId}`).digest('base64url')
  return `${personId}.${signature}`
}

export function personFromNudgeToken(secret: Buffer, token: string): string | null {
  const [personId = '', signature = ''] = token.split('.')
  const expected = Buffer.from(nudgeUnsubscribeToken(secret, personId).split('.')[1] ?? '')
  const given = Buffer.from(signature)
  return personId !== '' && expected.length === given.length && timingSafeEqual(expected, given)
    ? personId
    : null
}

export interface NudgeOptions {
  publicUrl: string
  secret: Buffer
  /** The time it is (tests run the calendar with it). */
  now?: number
}

/** An invitation reminder carries a fresh personal link while the invitation still stands. */
async function inviteStillOpen(storage: Storage, nudge: DueNudge, now: number): Promise<boolean> {
  const member = await storage.getMember(nudge.roomId, nudge.personId)
  if (!member || member.joinedAt !== null) return false
  const pending = await storage.listPendingInvites(nudge.roomId, now)
  return pending.some((link) => link.personId === nudge.personId)
}

async function roomLink(
  storage: Storage,
  nudge: DueNudge,
  options: Required<NudgeOptions>,
): Promise<string> {
  const room = `${options.publicUrl}/r/${nudge.roomId}`
  if (!nudge.kind.startsWith('invite-')) {
    // A task's reminder opens the plan at the task (its key: kind:taskId:dueDate).
    const taskId = nudge.key.split(':')[1] ?? ''
    return /^[A-Za-z0-9_-]+$/.test(taskId) ? `${room}/plan/${taskId}` : `${room}/plan`
  }
  const pending = (await storage.listPendingInvites(nudge.roomId, options.now)).filter(
    (link) => link.personId === nudge.personId,
  )
  // Withdrawn meanwhile: no new personal link.
  if (pending.length === 0) return room
  const latest = Math.max(...pending.map((link) => link.expiresAt ?? Number.POSITIVE_INFINITY))
  const { url } = await issueLink(storage, options.publicUrl, {
    kind: 'invite',
    personId: nudge.personId,
    roomId: nudge.roomId,
    ttlMs: Number.isFinite(latest) ? Math.max(DAY, latest - options.now) : null,
  })
  return url
}

/**
 * Sends the nudges that are due: the rooms' plans are brought up to date first (a task done or a
 * room opened a moment ago plans no reminder), then each person's due nudges, from every room,
 * go in one mail — at most one a day — with an unsubscribe link. Each mail is claimed in storage
 * before it is sent, so with several instances every nudge goes out once. Returns the mails sent.
 */
export async function sendNudges(
  storage: Storage,
  mailer: Mailer,
  options: NudgeOptions,
): Promise<number> {
  const settings = { ...options, now: options.now ?? Date.now() }
  const { now } = settings
  await summarizeDueRooms(storage)
  const byPerson = new Map<string, DueNudge[]>()
  for (const nudge of await storage.listDueNudges(now, now - NUDGE_GRACE_MS)) {
    if (nudge.kind.startsWith('invite-') && !(await inviteStillOpen(storage, nudge, now))) continue
    // "Due tomorrow" held back by the one-mail-a-day rule until the due date would be wrong.
    if (nudge.kind === 'task-before' && now >= nudge.dueAt + DAY) continue
    byPerson.set(nudge.personId, [...(byPerson.get(nudge.personId) ?? []), nudge])
  }
  let sent = 0
  for (const [personId, due] of byPerson) {
    const nudges = due
    const claimed = await storage.claimNudgeMail(personId, nudges, now, DAY)
    if (claimed.length === 0) continue
    const mine = nudges.filter((nudge) =>
      claimed.some((claim) => claim.roomId === nudge.roomId && claim.key === nudge.key),
    )
    const first = mine[0]
    if (!first) continue
    const rooms = new Map<string, DueNudge[]>()
    for (const nudge of mine) rooms.set(nudge.roomId, [...(rooms.get(nudge.roomId) ?? []), nudge])
    const parts: string[] = []
    for (const [, list] of rooms) {
      const head = list[0]
      if (!head) continue
      const link = await roomLink(
        storage,
        list.find((n) => n.kind.startsWith('invite-')) ?? head,
        settings,
      )
      parts.push(
        `${head.roomTitle}`,
        ...list.map((nudge) => `  - ${nudge.line}`),
        `  Open the room: ${link}`,
        '',
      )
    }
    const unsubscribe = `${settings.publicUrl}/api/nudges/unsubscribe?t=${nudgeUnsubscribeToken(settings.secret, personId)}`
    await mailer.send({
      to: first.email,
      subject:
        rooms.size === 1 ? `A reminder from ${first.roomTitle}` : 'Reminders from your deal rooms',
      body: `Hello ${first.name},\n\n${parts.join('\n')}\nStop these reminders: ${unsubscribe}\n\n— Quorum`,
    })
    sent++
  }
  return sent
}

/** Sends due nudges every `everyMs` on the clock given (one sweep at a time). */
export class Nudger {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> | undefined

  constructor(
    private readonly storage: Storage,
    private readonly mailer: Mailer,
    private readonly options: Omit<NudgeOptions, 'now'> & {
      everyMs?: number
      clock?: () => number
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.everyMs ?? 10 * 60_000)
    this.timer.unref()
  }

  /** Sends what is due now (or waits for the sweep running); resolves with the mails sent. */
  sweep(): Promise<unknown> {
    this.running ??= sendNudges(this.storage, this.mailer, {
      publicUrl: this.options.publicUrl,
      secret: this.options.secret,
      now: (this.options.clock ?? Date.now)(),
    })
      .catch((error: unknown) => console.error('Sending nudges failed:', error))
      .finally(() => {
        this.running = undefined
      })
    return this.running
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }
}
