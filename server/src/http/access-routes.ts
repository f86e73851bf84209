import { isSellerTeam } from '../../../shared/src/access.ts'
import {
  listConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  listThreads,
  readMeta,
  roots,
} from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import { changeAccess } from '../access/change-access.ts'
import { requestJoinCode, verifyJoinCode } from '../access/email-join.ts'
import { type Mailer, templates } from '../access/mail.ts'
import { sellerSignInLink } from '../access/people.ts'
import { RateLimiter } from '../access/rate-limit.ts'
import { revokeInviteLink } from '../access/revocation.ts'
import { endSession, requireSession, startSession } from '../access/sessions.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import {
  choiceField,
  domainsField,
  emailField,
  InvalidInput,
  onlyFields,
  textField,
} from './input.ts'
import { sendJson } from './respond.ts'
import { clientIp, roomActor } from './room-access.ts'
import type { Route } from './router.ts'

/** Roles an invitation gives: a buyer role, or `seller` to add a teammate. */
const INVITE_ROLES = ['champion', 'stakeholder', 'viewer', 'seller'] as const
/** Roles the role route sets (the owner stays the owner). */
const ASSIGNABLE_ROLES = ['seller', 'champion', 'stakeholder', 'viewer'] as const

const HOUR = 60 * 60 * 1000

/** Routes of the access layer: invitations, revocation, roles, closing, audit, joining by e-mail. */
export function accessRoutes({
  storage,
  config,
  mailer,
}: {
  storage: Storage
  config: Config
  mailer: Mailer
}): Route[] {
  const secureCookies = config.publicUrl.startsWith('https://')
  // Per IP and per e-mail: sign-in links, join codes, code checks, invitations.
  const signInLimit = new RateLimiter(5, HOUR)
  const codeRequestLimit = new RateLimiter(5, HOUR)
  const codeCheckLimit = new RateLimiter(20, HOUR)
  const inviteLimit = new RateLimiter(50, HOUR)

  return [
    {
      method: 'POST',
      path: '/api/rooms/:roomId/invites',
      async handle({ request, response, params, body }) {
        const { roomId, me } = await roomActor(storage, request, params, 'invite')
        const input = await body()
        onlyFields(input, ['email', 'name', 'role'])
        const role = choiceField(input, 'role', INVITE_ROLES, { required: true })
        const email = emailField(input, 'email')
        const name = textField(input, 'name', { max: 200 }).trim()
        if (name === '') throw new InvalidInput('name', '"name" is required')
        inviteLimit.hit(`ip:${clientIp(request)}`, `person:${me.personId}`)
        const result = await changeAccess(
          storage,
          { id: me.personId, ip: clientIp(request) },
          {
            kind: 'invite',
            roomId,
            email,
            name,
            role,
            ttlMs: 14 * 24 * HOUR,
            publicUrl: config.publicUrl,
          },
        )
        const room = await storage.getRoom(roomId)
        const title = room?.title ?? 'a deal room'
        const to = result.person.email
        const link = result.link
        mailer.sendLater(async () => {
          if (result.outcome === 'seller-account')
            return { to, ...templates.sellerInvitedAsBuyer(title, me.name) }
          const url = link?.url ?? roomUrl(config.publicUrl, roomId)
          return { to, ...templates.invite(title, me.name, url) }
        })
        // The same answer whoever the address belongs to; the link only for the seller team,
        // and only for someone who has not opened the room yet (it signs in as them).
        const insider = isSellerTeam(me.role)
        sendJson(response, 201, {
          id: result.showLink ? (link?.link.id ?? null) : null,
          url: result.showLink
            ? (link?.url ?? null)
            : role === 'seller'
              ? roomUrl(config.publicUrl, roomId)
              : null,
          // Buyers are not told who is who: the seller team sees the person and the outcome.
          ...(insider ? { personId: result.person.id, outcome: result.outcome } : {}),
          role,
          sent: true,
        })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/members/:personId/revoke',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'revokeAccess')
        await changeAccess(
          storage,
          { id: me.personId, ip: clientIp(request) },
          { kind: 'revoke', roomId, personId: params.personId ?? '' },
        )
        sendJson(response, 200, { revoked: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/members/:personId/role',
      async handle({ request, response, params, body }) {
        const { roomId, me } = await roomActor(storage, request, params, 'changeRoles')
        const input = await body()
        onlyFields(input, ['role'])
        const role = choiceField(input, 'role', ASSIGNABLE_ROLES, { required: true })
        const { member } = await changeAccess(
          storage,
          { id: me.personId, ip: clientIp(request) },
          { kind: 'set-role', roomId, personId: params.personId ?? '', role },
        )
        sendJson(response, 200, { personId: member.personId, role: member.role })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId/links',
      async handle({ request, response, params }) {
        const { roomId } = await roomActor(storage, request, params, 'revokeAccess')
        const links = await storage.listPendingInvites(roomId, Date.now())
        sendJson(response, 200, {
          links: links.map((link) => ({
            id: link.id,
            email: link.email,
            name: link.name,
            createdAt: link.createdAt,
            expiresAt: link.expiresAt,
          })),
        })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/links/:linkId/revoke',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'revokeAccess')
        await revokeInviteLink(storage, roomId, params.linkId ?? '', {
          id: me.personId,
          ip: clientIp(request),
        })
        sendJson(response, 200, { revoked: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/close',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'closeRoom')
        await changeAccess(
          storage,
          { id: me.personId, ip: clientIp(request) },
          { kind: 'close-room', roomId },
        )
        sendJson(response, 200, { closed: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/access',
      async handle({ request, response, params, body }) {
        const { roomId, me } = await roomActor(storage, request, params, 'manageAccess')
        const input = await body()
        onlyFields(input, ['mode', 'domains'])
        const mode = choiceField(input, 'mode', ['invited', 'domain'] as const, { required: true })
        const domains = [...new Set(domainsField(input, 'domains', { max: 50 }))]
        if (mode === 'domain' && domains.length === 0)
          throw new InvalidInput(
            'domains',
            '"domains" must name at least one domain whose addresses may join',
          )
        await storage.setRoomAccess(roomId, mode, domains)
        await audit(storage, {
          roomId,
          actor: me.personId,
          action: 'access.mode-changed',
          subject: mode,
          detail: { domains },
          ip: clientIp(request),
        })
        sendJson(response, 200, { mode, domains })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId/audit',
      async handle({ request, response, params }) {
        const { roomId } = await roomActor(storage, request, params, 'seeAudit')
        const entries = await storage.listAudit({ roomId, limit: 500 })
        sendJson(response, 200, {
          entries: entries.reverse().map(({ prevHash: _p, hash: _h, ...entry }) => entry),
        })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId/export',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'export')
        const doc = await loadRoomDoc(storage, roomId)
        await audit(storage, {
          roomId,
          actor: me.personId,
          action: 'room.exported',
          subject: roomId,
          detail: {},
          ip: clientIp(request),
        })
        response.setHeader(
          'Content-Disposition',
          `attachment; filename="quorum-room-${roomId}.json"`,
        )
        sendJson(response, 200, {
          exportedAt: new Date().toISOString(),
          room: readMeta(doc),
          milestones: listMilestones(doc),
          tasks: listTasks(doc),
          stakeholders: listStakeholders(doc),
          comments: listThreads(doc).map((thread) => ({
            ...thread,
            anchor: thread.anchor.kind === 'text' ? { kind: 'text' } : thread.anchor,
          })),
          consensus: listConsensus(doc),
          businessCase: roots.businessCase(doc).toString(),
        })
      },
    },
    {
      method: 'GET',
      path: '/api/rooms/:roomId/join',
      async handle({ response, params }) {
        const room = await storage.getRoom(params.roomId ?? '')
        if (!room || room.closedAt !== null)
          throw new Problem('not-found', 'This room does not exist or has been closed.')
        sendJson(response, 200, { mode: room.accessMode })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/join/code',
      async handle({ request, response, params, body }) {
        const input = await body()
        onlyFields(input, ['email'])
        const email = emailField(input, 'email')
        codeRequestLimit.hit(`ip:${clientIp(request)}`, `email:${email}`)
        await requestJoinCode(storage, mailer, params.roomId ?? '', email, clientIp(request))
        sendJson(response, 200, { sent: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/join/verify',
      async handle({ request, response, params, body }) {
        const input = await body()
        onlyFields(input, ['email', 'code'])
        const email = emailField(input, 'email')
        const code = textField(input, 'code', { max: 12 }).trim()
        if (!/^\d{6}$/.test(code))
          throw new InvalidInput('code', '"code" is the 6 digits from the e-mail')
        codeCheckLimit.hit(`ip:${clientIp(request)}`)
        const roomId = params.roomId ?? ''
        const person = await verifyJoinCode(storage, mailer, roomId, email, code, clientIp(request))
        await startSession(storage, response, {
          personId: person.id,
          roomId,
          secure: secureCookies,
        })
        sendJson(response, 200, { roomId })
      },
    },
    {
      method: 'POST',
      path: '/api/signin',
      async handle({ request, response, body }) {
        const input = await body()
        onlyFields(input, ['email'])
        const email = emailField(input, 'email')
        signInLimit.hit(`ip:${clientIp(request)}`, `email:${email}`)
        // The same answer, in the same time, whether or not the address has an account: the
        // lookup, the link and the mail all happen after the answer has left.
        const ip = clientIp(request)
        mailer.sendLater(async () => {
          const person = await storage.findPersonByEmail(email)
          const known = person?.kind === 'seller'
          await audit(storage, {
            roomId: null,
            actor: 'anonymous',
            action: 'signin.requested',
            subject: email,
            detail: { known },
            ip,
          })
          if (!known) return null
          const { signIn } = await sellerSignInLink(storage, config.publicUrl, email)
          return { to: email, ...templates.signIn(signIn.url) }
        })
        sendJson(response, 200, {
          sent: true,
          message: 'If this address has a Quorum account, a sign-in link is on its way.',
        })
      },
    },
    {
      method: 'POST',
      path: '/api/signout-everywhere',
      async handle({ request, response }) {
        const session = await requireSession(storage, request)
        const ended = await endSession(storage, response, session, {
          everywhere: true,
          ip: clientIp(request),
        })
        sendJson(response, 200, { sessionsEnded: ended })
      },
    },
  ]
}
