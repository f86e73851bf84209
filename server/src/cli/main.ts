import { verifyAudit } from '../access/audit.ts'
import { OPERATOR } from '../access/change-access.ts'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller, sellerSignInLink } from '../access/people.ts'
import { closeRoom, revokeInviteLink, revokeMemberByEmail } from '../access/revocation.ts'
import { issueCollabToken } from '../access/tokens.ts'
import { createRoom, roomUrl } from '../collaboration/rooms.ts'
import { type Config, ConfigError, readConfig } from '../config.ts'
import { Problem } from '../errors.ts'
import { openStorage } from '../storage/open.ts'
import type { Storage } from '../storage/storage.ts'
import { API_KEY_COMMANDS, API_KEYS_HELP } from './apikeys.ts'
import { type Flags, optional, parseDuration, parseFlags, required, UsageError } from './args.ts'
import { FILE_COMMANDS, FILES_HELP } from './files.ts'
import { TEAM_COMMANDS, TEAM_HELP } from './team.ts'
import { WEBHOOK_COMMANDS, WEBHOOKS_HELP } from './webhooks.ts'
import { WORKSPACE_COMMANDS, WORKSPACE_HELP } from './workspace.ts'

const HELP = `quorum: manage a Quorum instance from the shell (works with or without the server running)

Usage:
  quorum user add --email E --name N          create a seller account; prints its sign-in link
  quorum user link --email E                  a new sign-in link for an existing seller
${TEAM_HELP}
  quorum room create --owner E --title T [--template NAME] [--buyer ORG] [--close-date YYYY-MM-DD]
                                              create a room from a template (standard, pilot or one the
                                              team saved; default: the team's default); prints { id, url }
  quorum invite --room ID --email E --name N --role champion|stakeholder|viewer [--expires-in 7d]
                                              invite a buyer; prints { id, url } (their personal link)
  quorum token --room ID --email E [--ttl 1h] a short-lived collaboration token for a member
  quorum rooms                                list rooms with owner, members and last activity
  quorum revoke --room ID --email E           take a person's access away (open sessions close within 1 s)
  quorum revoke --room ID --link LINK_ID      withdraw one unused personal link (the id printed by invite)
  quorum room close --room ID                 archive a room (as room stage --stage archived) and
                                              withdraw its unused invite links
  quorum audit [--room ID] [--limit N]        the audit log, newest last
  quorum audit verify                         check the audit log's hash chain
  quorum outbox [--limit N]                   mail Quorum sent or would send (newest first)
${WORKSPACE_HELP}
${FILES_HELP}
${WEBHOOKS_HELP}
${API_KEYS_HELP}

Every command takes --json for machine-readable output. Errors go to stderr with exit code 1
(2 for a usage mistake). Storage and links follow the server's settings: DATA_DIR, PUBLIC_URL, PORT.`

interface Output {
  json: unknown
  text: string
}

type Command = (
  storage: Storage,
  flags: Flags,
  publicUrl: string,
  config: Config,
) => Promise<Output>

const COMMANDS: Record<string, { flags: readonly string[]; run: Command }> = {
  'user add': {
    flags: ['email', 'name'],
    async run(storage, flags, publicUrl) {
      const { person, signIn } = await addSeller(storage, publicUrl, {
        email: required(flags, 'email'),
        name: required(flags, 'name'),
      })
      return {
        json: { id: person.id, email: person.email, name: person.name, url: signIn.url },
        text: `Seller ${person.name} <${person.email}> created.\nSign-in link (valid 24 hours, single use):\n  ${signIn.url}`,
      }
    },
  },
  'user link': {
    flags: ['email'],
    async run(storage, flags, publicUrl) {
      const { person, signIn } = await sellerSignInLink(
        storage,
        publicUrl,
        required(flags, 'email'),
      )
      return {
        json: { id: person.id, email: person.email, name: person.name, url: signIn.url },
        text: `Sign-in link for ${person.email} (valid 24 hours, single use):\n  ${signIn.url}`,
      }
    },
  },
  'room create': {
    flags: ['owner', 'title', 'template', 'buyer', 'close-date'],
    async run(storage, flags, publicUrl) {
      const room = await createRoom(storage, {
        ownerEmail: required(flags, 'owner'),
        title: required(flags, 'title'),
        template: optional(flags, 'template'),
        buyerOrg: optional(flags, 'buyer'),
        targetCloseDate: optional(flags, 'close-date'),
      })
      const url = roomUrl(publicUrl, room.id)
      return {
        json: { id: room.id, url },
        text: `Room "${room.title}" created from the ${room.template} template.\n  id:  ${room.id}\n  url: ${url}`,
      }
    },
  },
  invite: {
    flags: ['room', 'email', 'name', 'role', 'expires-in'],
    async run(storage, flags, publicUrl) {
      const expiresIn = optional(flags, 'expires-in')
      const { person, member, invite } = await inviteBuyer(storage, publicUrl, {
        roomId: required(flags, 'room'),
        email: required(flags, 'email'),
        name: required(flags, 'name'),
        role: required(flags, 'role'),
        ttlMs: expiresIn === undefined ? null : parseDuration(expiresIn, 'expires-in'),
      })
      const expiresAt =
        invite.link.expiresAt === null ? null : new Date(invite.link.expiresAt).toISOString()
      return {
        json: {
          id: invite.link.id,
          url: invite.url,
          personId: person.id,
          role: member.role,
          expiresAt,
        },
        text: `${person.name} <${person.email}> invited as ${member.role}${expiresAt ? ` (link expires ${expiresAt})` : ''}.\nPersonal link (send it to them only):\n  ${invite.url}`,
      }
    },
  },
  token: {
    flags: ['room', 'email', 'ttl'],
    async run(storage, flags) {
      const ttl = optional(flags, 'ttl')
      const ttlSeconds = ttl === undefined ? 3600 : Math.round(parseDuration(ttl, 'ttl') / 1000)
      const { token, expiresAt } = await issueCollabToken(storage, {
        roomId: required(flags, 'room'),
        email: required(flags, 'email'),
        ttlSeconds,
      })
      return { json: { token, expiresAt: new Date(expiresAt * 1000).toISOString() }, text: token }
    },
  },
  rooms: {
    flags: [],
    async run(storage, _flags, publicUrl) {
      const rooms = await storage.listRooms()
      const json = await Promise.all(
        rooms.map(async (room) => ({
          id: room.id,
          title: room.title,
          url: roomUrl(publicUrl, room.id),
          owner: { email: room.ownerEmail, name: room.ownerName },
          members: (await storage.listMembers(room.id)).map((m) => ({
            email: m.email,
            name: m.name,
            role: m.role,
          })),
          lastActivity: new Date(room.lastActivityAt).toISOString(),
          closed: room.closedAt !== null,
        })),
      )
      const text = rooms.length
        ? rooms
            .map(
              (room) =>
                `${room.id}  ${room.title}${room.closedAt ? ' (closed)' : ''}\n  owner ${room.ownerName} <${room.ownerEmail}> · ${room.memberCount} member${room.memberCount === 1 ? '' : 's'} · last activity ${new Date(room.lastActivityAt).toISOString()}`,
            )
            .join('\n')
        : 'No rooms yet. Create one with `quorum room create --owner E --title T`.'
      return { json, text }
    },
  },
}

const CLI_ACTOR = { id: OPERATOR, ip: null }

Object.assign(COMMANDS, {
  revoke: {
    flags: ['room', 'email', 'link'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const roomId = required(flags, 'room')
      const email = optional(flags, 'email')
      const link = optional(flags, 'link')
      if ((email === undefined) === (link === undefined))
        throw new UsageError('give either --email or --link')
      if (link !== undefined) {
        await revokeInviteLink(storage, roomId, link, CLI_ACTOR)
        return { json: { revoked: 'link', room: roomId, link }, text: `Link ${link} withdrawn.` }
      }
      await revokeMemberByEmail(storage, roomId, email ?? '', CLI_ACTOR)
      return {
        json: { revoked: 'person', room: roomId, email },
        text: `${email} no longer has access to room ${roomId}; open sessions close within a second.`,
      }
    },
  },
  'room close': {
    flags: ['room'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const roomId = required(flags, 'room')
      await closeRoom(storage, roomId, CLI_ACTOR)
      return {
        json: { closed: true, room: roomId },
        text: `Room ${roomId} is closed; everyone in it is disconnected.`,
      }
    },
  },
  audit: {
    flags: ['room', 'limit'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const limit = Number(optional(flags, 'limit') ?? 100)
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit takes a positive whole number')
      const room = optional(flags, 'room')
      const all = await storage.listAudit({ ...(room ? { roomId: room } : {}), limit: 1_000_000 })
      const entries = all.slice(-limit)
      return {
        json: entries,
        text: entries.length
          ? entries
              .map(
                (entry) =>
                  `${new Date(entry.at).toISOString()}  ${entry.action.padEnd(24)} ${entry.subject ?? ''}  by ${entry.actor ?? '-'}${entry.roomId ? `  room ${entry.roomId}` : ''}`,
              )
              .join('\n')
          : 'The audit log is empty.',
      }
    },
  },
  'audit verify': {
    flags: [],
    async run(storage: Storage): Promise<Output> {
      const result = await verifyAudit(storage)
      if (!result.ok && result.brokenAt) {
        throw new Problem(
          'conflict',
          `The audit log has been tampered with at row ${result.brokenAt.seq}: ${result.brokenAt.reason} (${result.checked} rows before it are intact)`,
        )
      }
      return { json: result, text: `The audit log is intact: ${result.checked} rows checked.` }
    },
  },
  outbox: {
    flags: ['limit'],
    async run(storage: Storage, flags: Flags): Promise<Output> {
      const limit = Number(optional(flags, 'limit') ?? 20)
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit takes a positive whole number')
      const mails = await storage.listOutbox(limit)
      return {
        json: mails,
        text: mails.length
          ? mails
              .map(
                (mail) =>
                  `— ${new Date(mail.createdAt).toISOString()} to ${mail.to}${mail.sentAt ? ' (sent)' : mail.error ? ` (failed: ${mail.error})` : ''}\n  ${mail.subject}\n\n${mail.body.replace(/^/gm, '  ')}\n`,
              )
              .join('\n')
          : 'The outbox is empty.',
      }
    },
  },
} satisfies Record<string, { flags: readonly string[]; run: Command }>)
Object.assign(
  COMMANDS,
  FILE_COMMANDS satisfies Record<string, { flags: readonly string[]; run: Command }>,
)
Object.assign(
  COMMANDS,
  WEBHOOK_COMMANDS satisfies Record<string, { flags: readonly string[]; run: Command }>,
  TEAM_COMMANDS satisfies Record<string, { flags: readonly string[]; run: Command }>,
  API_KEY_COMMANDS satisfies Record<string, { flags: readonly string[]; run: Command }>,
  WORKSPACE_COMMANDS satisfies Record<string, { flags: readonly string[]; run: Command }>,
)

function findCommand(argv: string[]): { name: string; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ')
    if (COMMANDS[name]) return { name, rest: argv.slice(words) }
  }
  return null
}

async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json')
  const fail = (code: string, message: string, exitCode: number): number => {
    process.stderr.write(
      wantsJson ? `${JSON.stringify({ error: { code, message } })}\n` : `quorum: ${message}\n`,
    )
    return exitCode
  }

  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${HELP}\n`)
    return argv.length === 0 ? 2 : 0
  }
  const found = findCommand(argv)
  if (!found) return fail('usage', `unknown command "${argv.join(' ')}"; run \`quorum help\``, 2)
  const command = COMMANDS[found.name]
  if (!command) return 2

  let storage: Storage | undefined
  try {
    const flags = parseFlags(found.rest, command.flags)
    if (flags.help) {
      process.stdout.write(`${HELP}\n`)
      return 0
    }
    const config = readConfig()
    storage = await openStorage(config)
    const output = await command.run(storage, flags, config.publicUrl, config)
    process.stdout.write(
      flags.json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`,
    )
    return 0
  } catch (error) {
    if (error instanceof UsageError)
      return fail('usage', `${error.message} (see \`quorum help\`)`, 2)
    if (error instanceof Problem) return fail(error.kind, error.message, 1)
    if (error instanceof ConfigError) return fail('config', error.message, 1)
    return fail('internal', error instanceof Error ? error.message : String(error), 1)
  } finally {
    await storage?.close()
  }
}

process.exitCode = await main(process.argv.slice(2))
