import { invitableRoles, isBuyerRole, isRole, isSellerTeam } from '../../../shared/src/access.ts'
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
import { requestJoinCode, verifyJoinCode } from '../access/email-join.ts'
import { inviteBuyer } from '../access/invites.ts'
import { type Mailer, templates } from '../access/mail.ts'
import { sellerSignInLink } from '../access/people.ts'
import { RateLimiter } from '../access/rate-limit.ts'
import { closeRoom, revokeInviteLink, revokeMember } from '../access/revocation.ts'
import { requireSession, startSession } from '../access/sessions.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import type { Config } from '../config.ts'
import { Problem } from '../errors.ts'
import type { Storage } from '../storage/storage.ts'
import { sendJson } from './respond.ts'
import { clientIp, roomActor } from './room-access.ts'
import { type Route, stringField } from './router.ts'

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
        const role = stringField(input, 'role')
        if (role === 'seller' && isSellerTeam(me.role)) {
          // A teammate: an existing seller account joins the room; they sign in as usual.
          const teammate = await storage.findPersonByEmail(stringField(input, 'email'))
          if (teammate?.kind !== 'seller')
            throw new Problem(
              'not-found',
              'No seller account with that e-mail; create it with `quorum user add` first.',
            )
          await storage.putMember(roomId, teammate.id, 'seller')
          const room = await storage.getRoom(roomId)
          await mailer.send({
            to: teammate.email,
            ...templates.invite(
              room?.title ?? 'a deal room',
              me.name,
              roomUrl(config.publicUrl, roomId),
            ),
          })
          await audit(storage, {
            roomId,
            actor: me.personId,
            action: 'member.added',
            subject: teammate.email,
            detail: { role: 'seller' },
            ip: clientIp(request),
          })
          sendJson(response, 201, {
            personId: teammate.id,
            role: 'seller',
            url: roomUrl(config.publicUrl, roomId),
          })
          return
        }
        if (!isBuyerRole(role) || !invitableRoles(me.role).includes(role)) {
          throw new Problem(
            'forbidden',
            `As ${me.role} you can invite: ${invitableRoles(me.role).join(', ')}.`,
          )
        }
        inviteLimit.hit(`ip:${clientIp(request)}`, `person:${me.personId}`)
        const { person, invite } = await inviteBuyer(storage, config.publicUrl, {
          roomId,
          email: stringField(input, 'email'),
          name: stringField(input, 'name'),
          role,
          ttlMs: 14 * 24 * HOUR,
        })
        const room = await storage.getRoom(roomId)
        await mailer.send({
          to: person.email,
          ...templates.invite(room?.title ?? 'a deal room', me.name, invite.url),
        })
        await audit(storage, {
          roomId,
          actor: me.personId,
          action: 'invite.created',
          subject: person.email,
          detail: { role, linkId: invite.link.id },
          ip: clientIp(request),
        })
        sendJson(response, 201, { id: invite.link.id, url: invite.url, personId: person.id, role })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/members/:personId/revoke',
      async handle({ request, response, params }) {
        const { roomId, me } = await roomActor(storage, request, params, 'revokeAccess')
        await revokeMember(storage, roomId, params.personId ?? '', {
          id: me.personId,
          ip: clientIp(request),
        })
        sendJson(response, 200, { revoked: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/members/:personId/role',
      async handle({ request, response, params, body }) {
        const { roomId, me } = await roomActor(storage, request, params, 'changeRoles')
        const role = stringField(await body(), 'role')
        const target = await storage.getMember(roomId, params.personId ?? '')
        if (!target) throw new Problem('not-found', 'That person is not a member of this room.')
        if (!isRole(role) || role === 'owner' || target.role === 'owner')
          throw new Problem(
            'invalid',
            'The owner stays the owner; roles are seller, champion, stakeholder or viewer.',
          )
        const person = await storage.getPerson(target.personId)
        if ((person?.kind === 'seller') !== (role === 'seller'))
          throw new Problem('invalid', 'Sellers have the seller role; buyers have buyer roles.')
        await storage.putMember(roomId, target.personId, role)
        await storage.recordAccessChange({
          roomId,
          personId: target.personId,
          kind: 'role-changed',
        })
        await audit(storage, {
          roomId,
          actor: me.personId,
          action: 'role.changed',
          subject: target.email,
          detail: { from: target.role, to: role },
          ip: clientIp(request),
        })
        sendJson(response, 200, { personId: target.personId, role })
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
        await closeRoom(storage, roomId, { id: me.personId, ip: clientIp(request) })
        sendJson(response, 200, { closed: true })
      },
    },
    {
      method: 'POST',
      path: '/api/rooms/:roomId/access',
      async handle({ request, response, params, body }) {
        const { roomId, me } = await roomActor(storage, request, params, 'manageAccess')
        const input = await body()
        const mode = stringField(input, 'mode')
        if (mode !== 'invited' && mode !== 'domain')
          throw new Problem('invalid', '"mode" is "invited" or "domain"')
        const raw = Array.isArray(input.domains) ? input.domains : []
        const domains = raw
          .map((domain) => String(domain).trim().toLowerCase().replace(/^@/, ''))
          .filter(Boolean)
        if (domains.some((domain) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)))
          throw new Problem('invalid', 'Domains look like buyer.com')
        if (mode === 'domain' && domains.length === 0)
          throw new Problem('invalid', 'Name at least one domain whose addresses may join')
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
        const email = stringField(await body(), 'email')
          .trim()
          .toLowerCase()
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
        const email = stringField(input, 'email').trim().toLowerCase()
        codeCheckLimit.hit(`ip:${clientIp(request)}`)
        const roomId = params.roomId ?? ''
        const person = await verifyJoinCode(
          storage,
          mailer,
          roomId,
          email,
          stringField(input, 'code'),
          clientIp(request),
        )
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
        const email = stringField(await body(), 'email')
          .trim()
          .toLowerCase()
        signInLimit.hit(`ip:${clientIp(request)}`, `email:${email}`)
        // The same answer whether or not the address has an account.
        const person = await storage.findPersonByEmail(email)
        if (person?.kind === 'seller') {
          const { signIn } = await sellerSignInLink(storage, config.publicUrl, email)
          await mailer.send({ to: email, ...templates.signIn(signIn.url) })
        }
        await audit(storage, {
          roomId: null,
          actor: 'anonymous',
          action: 'signin.requested',
          subject: email,
          detail: { known: person?.kind === 'seller' },
          ip: clientIp(request),
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
        const ended = await storage.revokeSessions({ personId: session.person.id }, Date.now())
        await audit(storage, {
          roomId: null,
          actor: session.person.id,
          action: 'signout.everywhere',
          subject: session.person.email,
          detail: { sessions: ended },
          ip: clientIp(request),
        })
        response.setHeader(
          'Set-Cookie',
          'quorum_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
        )
        sendJson(response, 200, { sessionsEnded: ended })
      },
    },
  ]
}
