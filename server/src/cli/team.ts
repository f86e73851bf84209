import { changeAccess, OPERATOR } from '../access/change-access.ts'
import { requireSeller } from '../access/people.ts'
import type { Storage } from '../storage/storage.ts'
import { type Flags, optional, required, UsageError } from './args.ts'

export const TEAM_HELP = `  quorum team add --email E --name N [--role admin|member]
                                              put a seller on the team; prints { id, url } (their sign-in link)
  quorum team list                            the seller team: name, e-mail, role, rooms owned
  quorum team remove --email E --to OWNER_EMAIL
                                              take a seller off the team: their rooms go to OWNER_EMAIL,
                                              their sessions and open sockets end at once
  quorum team role --email E --role admin|member
                                              change a teammate's role on the team
  quorum room transfer --room ID --to E       hand a room to another teammate (the old owner stays co-owner)`

interface Output {
  json: unknown
  text: string
}

const CLI_ACTOR = { id: OPERATOR, ip: null }

function teamRole(flags: Flags): string {
  const role = optional(flags, 'role') ?? 'member'
  if (role !== 'admin' && role !== 'member') throw new UsageError('--role is admin or member')
  return role
}

/** The seller team from the shell: the operator may do what an admin does, and more. */
export const TEAM_COMMANDS = {
  'team add': {
    flags: ['email', 'name', 'role'],
    async run(storage: Storage, flags: Flags, publicUrl: string): Promise<Output> {
      const { person, teammate, signIn } = await changeAccess(storage, CLI_ACTOR, {
        kind: 'add-teammate',
        email: required(flags, 'email'),
        name: required(flags, 'name'),
        role: teamRole(flags),
        publicUrl,
        // The operator's link works even when SSO is required: the way back in when the
        // identity provider is down.
        withLink: true,
      })
      const url = signIn?.url ?? `${publicUrl}/`
      return {
        json: { id: person.id, url },
        text: `${person.name} <${person.email}> is on the team as ${teammate.role}.\nSign-in link (valid 7 days, single use):\n  ${url}`,
      }
    },
  },
  'team list': {
    flags: [],
    async run(storage: Storage): Promise<Output> {
      const teammates = await storage.listTeammates()
      return {
        json: teammates.map((each) => ({
          id: each.personId,
          email: each.email,
          name: each.name,
          role: each.role,
          roomsOwned: each.roomsOwned,
          joinedAt: new Date(each.joinedAt).toISOString(),
        })),
        text: teammates.length
          ? teammates
              .map(
                (each) =>
                  `${each.role.padEnd(6)} ${each.name} <${each.email}> · ${each.roomsOwned} room${each.roomsOwned === 1 ? '' : 's'} owned`,
              )
              .join('\n')
          : 'No one is on the team yet. Add someone with `quorum team add --email E --name N`.',
      }
    },
  },
  'team remove': {
    flags: ['email', 'to'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const leaving = await requireSeller(storage, required(flags, 'email'))
      const heir = await requireSeller(storage, required(flags, 'to'))
      const result = await changeAccess(storage, CLI_ACTOR, {
        kind: 'remove-teammate',
        personId: leaving.id,
        moveRoomsTo: heir.id,
      })
      return {
        json: {
          removed: leaving.email,
          roomsMovedTo: heir.email,
          roomsMoved: result.roomsMoved,
          sessionsEnded: result.sessionsEnded,
        },
        text: `${leaving.email} is off the team; ${result.roomsMoved.length} room${result.roomsMoved.length === 1 ? '' : 's'} now owned by ${heir.email}; ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} ended.`,
      }
    },
  },
  'team role': {
    flags: ['email', 'role'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const person = await requireSeller(storage, required(flags, 'email'))
      const { teammate } = await changeAccess(storage, CLI_ACTOR, {
        kind: 'set-team-role',
        personId: person.id,
        role: teamRole({ role: required(flags, 'role') }),
      })
      return {
        json: { id: teammate.personId, email: teammate.email, role: teammate.role },
        text: `${teammate.email} is now ${teammate.role} of the team.`,
      }
    },
  },
  'room transfer': {
    flags: ['room', 'to'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const heir = await requireSeller(storage, required(flags, 'to'))
      const { room, previousOwnerId } = await changeAccess(storage, CLI_ACTOR, {
        kind: 'transfer-ownership',
        roomId: required(flags, 'room'),
        personId: heir.id,
      })
      return {
        json: { id: room.id, ownerId: room.ownerId, previousOwnerId },
        text: `Room ${room.id} is now owned by ${heir.email}; the previous owner stays as co-owner.`,
      }
    },
  },
}
