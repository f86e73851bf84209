import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { Problem } from '../errors.ts'
import type { Person, Room, Storage } from '../storage/storage.ts'
import { audit } from './audit.ts'
import { changeAccess } from './change-access.ts'
import { type Mailer, templates } from './mail.ts'
import { checkEmail } from './people.ts'

export const CODE_TTL_MS = 10 * 60 * 1000
export const MAX_CODE_ATTEMPTS = 5

const revokedProblem = () =>
  new Problem(
    'forbidden',
    'Your access to this room was withdrawn. Ask the seller if you should have it back.',
  )

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex')

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1)
}

async function openRoomFor(storage: Storage, roomId: string): Promise<Room> {
  const room = await storage.getRoom(roomId)
  if (!room || room.closedAt !== null)
    throw new Problem('not-found', 'This room does not exist or has been closed.')
  if (room.accessMode !== 'domain') {
    throw new Problem(
      'forbidden',
      'This room is open to invited people only. Ask the seller for a personal link.',
    )
  }
  return room
}

/** Sends a 6-digit code to an address at one of the room's allowed domains. */
export async function requestJoinCode(
  storage: Storage,
  mailer: Mailer,
  roomId: string,
  rawEmail: string,
  ip: string | null,
): Promise<void> {
  const room = await openRoomFor(storage, roomId)
  const email = checkEmail(rawEmail)
  if (!room.allowedDomains.includes(domainOf(email))) {
    await audit(storage, {
      roomId,
      actor: 'anonymous',
      action: 'access.domain-refused',
      subject: email,
      detail: {},
      ip,
    })
    throw new Problem(
      'forbidden',
      `This room is not open to addresses at ${domainOf(email)}. Use your work address, or ask the seller for an invitation.`,
    )
  }
  // The answer is the same whoever the address belongs to: a seller account or someone removed
  // from the room is told by mail, in their own mailbox, and gets no code.
  mailer.sendLater(async () => {
    const existing = await storage.findPersonByEmail(email)
    if (existing?.kind === 'seller')
      return { to: email, ...templates.sellerAskedForCode(room.title) }
    if (existing && (await storage.isRevoked(roomId, existing.id)))
      return { to: email, ...templates.accessWithdrawn(room.title) }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const now = Date.now()
    await storage.createEmailCode({
      roomId,
      email,
      codeHash: hashCode(code),
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
    })
    return { to: email, ...templates.code(room.title, code) }
  })
}

/**
 * Checks a code: single use, 10 minutes, locked after 5 wrong tries (a new code starts over).
 * On success the person joins the room as a stakeholder (or keeps the role they had).
 */
export async function verifyJoinCode(
  storage: Storage,
  mailer: Mailer,
  roomId: string,
  rawEmail: string,
  code: string,
  ip: string | null,
): Promise<Person> {
  const room = await openRoomFor(storage, roomId)
  const email = checkEmail(rawEmail)
  const latest = await storage.latestEmailCode(roomId, email)
  const now = Date.now()
  const refuse = async (problem: Problem, reason: string) => {
    await audit(storage, {
      roomId,
      actor: 'anonymous',
      action: 'access.code-failed',
      subject: email,
      detail: { reason },
      ip,
    })
    throw problem
  }
  if (!latest || latest.usedAt !== null)
    return refuse(
      new Problem('invalid', 'No code is waiting for this address. Ask for a new one.'),
      'no-code',
    )
  if (latest.expiresAt <= now)
    return refuse(new Problem('gone', 'This code has expired. Ask for a new one.'), 'expired')
  if (latest.attempts >= MAX_CODE_ATTEMPTS) {
    return refuse(
      new Problem('rate-limited', 'Too many wrong codes. Ask for a new code.'),
      'locked',
    )
  }
  const given = Buffer.from(hashCode(code.trim()))
  if (!timingSafeEqual(given, Buffer.from(latest.codeHash))) {
    const attempts = await storage.failEmailCode(latest.id)
    const left = MAX_CODE_ATTEMPTS - attempts
    return refuse(
      new Problem(
        left > 0 ? 'invalid' : 'rate-limited',
        left > 0
          ? `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.`
          : 'Too many wrong codes. Ask for a new code.',
      ),
      'wrong-code',
    )
  }
  if (!(await storage.consumeEmailCode(latest.id, now)))
    return refuse(new Problem('gone', 'This code has already been used.'), 'used')

  let person = await storage.findPersonByEmail(email)
  // No code is ever sent to these (see requestJoinCode); a code that matched anyway changes nothing.
  if (person?.kind === 'seller')
    throw new Problem('conflict', 'This is a seller account; sign in as a seller instead.')
  if (person && (await storage.isRevoked(roomId, person.id))) throw revokedProblem()
  person ??= await storage.createPerson({
    email,
    name: email.slice(0, email.indexOf('@')),
    kind: 'buyer',
  })
  const { newcomer } = await changeAccess(
    storage,
    { id: person.id, ip },
    {
      kind: 'join-by-email',
      roomId,
    },
  )
  if (newcomer) {
    const owner = await storage.getPerson(room.ownerId)
    if (owner)
      mailer.sendLater(async () => ({ to: owner.email, ...templates.joined(room.title, email) }))
  }
  return person
}
