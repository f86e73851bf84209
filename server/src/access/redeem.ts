import { Problem } from '../errors.ts'
import type { Link, LinkKind, Person, Storage } from '../storage/storage.ts'
import { hashSecret } from './links.ts'
import { addSellerAccount, checkEmail, checkName } from './people.ts'
import type { ActiveSession } from './sessions.ts'

export interface Redeemed {
  kind: LinkKind
  person: Person
  roomId: string | null
}

/** Why a link does not open anything, in words a buyer understands. */
function checkUsable(link: Link | null, now: number): Link {
  if (!link) {
    throw new Problem(
      'not-found',
      'This link is not valid. Check that you opened the whole link from your invitation, or ask the person who invited you for a new one.',
    )
  }
  if (link.revokedAt !== null)
    throw new Problem(
      'gone',
      'This link has been withdrawn. Ask the person who sent it for a new one.',
    )
  if (link.expiresAt !== null && link.expiresAt <= now) {
    throw new Problem('gone', 'This link has expired. Ask the person who sent it for a new one.')
  }
  return link
}

/**
 * Exchanges a one-time invite or sign-in link for the person and room it opens. A link works
 * once; opening it again from the browser that already used it simply continues that session.
 */
export async function redeemLink(
  storage: Storage,
  secret: string,
  current: ActiveSession | null,
): Promise<Redeemed & { reused: boolean }> {
  const now = Date.now()
  const link = checkUsable(await storage.findLinkByHash(hashSecret(secret)), now)
  if (link.kind === 'setup')
    throw new Problem('invalid', 'This is a setup link; it opens the first-run setup page.')
  const person = link.personId ? await storage.getPerson(link.personId) : null
  if (!person)
    throw new Problem('not-found', 'This link no longer matches anyone. Ask for a new one.')

  if (link.kind === 'invite') {
    const room = link.roomId ? await storage.getRoom(link.roomId) : null
    if (!room) throw new Problem('not-found', 'The room this link opened no longer exists.')
    if (room.closedAt !== null)
      throw new Problem('gone', 'This deal room has been closed by its owner.')
    if (!(await storage.getMember(room.id, person.id))) {
      throw new Problem(
        'gone',
        'You no longer have access to this room. Ask the seller to invite you again.',
      )
    }
  }

  if (!(await storage.consumeLink(link.id, now))) {
    if (current?.person.id === person.id)
      return { kind: link.kind, person, roomId: link.roomId, reused: true }
    throw new Problem(
      'gone',
      'This personal link has already been used. Open the room on the device where you first used it, or ask for a new link.',
    )
  }
  return { kind: link.kind, person, roomId: link.roomId, reused: false }
}

/** The first-run setup: a setup link plus a name and e-mail make the first seller account. */
export async function redeemSetup(
  storage: Storage,
  secret: string,
  input: { email: string; name: string },
): Promise<Person> {
  const now = Date.now()
  const link = checkUsable(await storage.findLinkByHash(hashSecret(secret)), now)
  if (link.kind !== 'setup') throw new Problem('invalid', 'This is not a setup link.')
  if ((await storage.countPeople('seller')) > 0)
    throw new Problem('gone', 'Quorum is already set up. Sign in with your link instead.')
  if (link.usedAt !== null) throw new Problem('gone', 'This setup link has already been used.')
  const account = { email: checkEmail(input.email), name: checkName(input.name) }
  if (!(await storage.consumeLink(link.id, now)))
    throw new Problem('gone', 'This setup link has already been used.')
  return addSellerAccount(storage, account)
}
