import type { FastifyInstance } from 'fastify'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { access, sessions } from '../../../shared/src/api/index.ts'
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
import { templates } from '../access/mail.ts'
import { sellerSignInLink } from '../access/people.ts'
import { revokeInviteLink } from '../access/revocation.ts'
import { endSession, requireSession, startSession } from '../access/sessions.ts'
import { ssoRequired } from '../access/sso.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { roomUrl } from '../collaboration/rooms.ts'
import { Problem } from '../errors.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, roomActor, sessionCookie } from './room-access.ts'
import { route } from './route.ts'

const HOUR = 60 * 60 * 1000

/** Routes of the access layer: invitations, revocation, roles, closing, audit, joining by e-mail. */
export function accessRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, mailer, limits } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  route(app, access.invite, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'invite')
    const { role, email, name } = body()
    await limits.invite(`ip:${clientIp(request)}`, `person:${me.personId}`)
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
    return {
      id: result.showLink ? (link?.link.id ?? null) : null,
      url: result.showLink
        ? (link?.url ?? null)
        : role === 'seller'
          ? roomUrl(config.publicUrl, roomId)
          : null,
      // Buyers are not told who is who: the seller team sees the person and the outcome.
      ...(insider ? { personId: result.person.id, outcome: result.outcome } : {}),
      role,
      sent: true as const,
    }
  })

  route(app, access.revokeMember, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'revokeAccess')
    await changeAccess(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { kind: 'revoke', roomId, personId: params.personId },
    )
    return { revoked: true as const }
  })

  route(app, access.setMemberRole, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'changeRoles')
    const { role } = body()
    const { member } = await changeAccess(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { kind: 'set-role', roomId, personId: params.personId, role },
    )
    return { personId: member.personId, role: member.role }
  })

  route(app, access.listLinks, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'revokeAccess')
    const links = await storage.listPendingInvites(roomId, Date.now())
    return {
      links: links.map((link) => ({
        id: link.id,
        email: link.email,
        name: link.name,
        createdAt: link.createdAt,
        expiresAt: link.expiresAt,
      })),
    }
  })

  route(app, access.revokeLink, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'revokeAccess')
    await revokeInviteLink(storage, roomId, params.linkId, {
      id: me.personId,
      ip: clientIp(request),
    })
    return { revoked: true as const }
  })

  route(app, access.closeRoom, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'closeRoom')
    await changeAccess(
      storage,
      { id: me.personId, ip: clientIp(request) },
      { kind: 'close-room', roomId },
    )
    return { closed: true as const }
  })

  route(app, access.setAccessMode, options, async ({ request, reply, params, body }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'manageAccess')
    const input = body()
    const domains = [...new Set(input.domains ?? [])]
    await storage.setRoomAccess(roomId, input.mode, domains)
    await audit(storage, {
      roomId,
      actor: me.personId,
      action: 'access.mode-changed',
      subject: input.mode,
      detail: { domains },
      ip: clientIp(request),
    })
    return { mode: input.mode, domains }
  })

  route(app, access.listAudit, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId } = await roomActor(storage, cookie, params.roomId, 'seeAudit')
    const entries = await storage.listAudit({ roomId, limit: 500 })
    return { entries: entries.reverse().map(({ prevHash: _p, hash: _h, ...entry }) => entry) }
  })

  route(app, access.exportRoom, options, async ({ request, reply, params }) => {
    const cookie = sessionCookie(request, reply, secure)
    const { roomId, me } = await roomActor(storage, cookie, params.roomId, 'export')
    const doc = await loadRoomDoc(storage, roomId)
    await audit(storage, {
      roomId,
      actor: me.personId,
      action: 'room.exported',
      subject: roomId,
      detail: {},
      ip: clientIp(request),
    })
    reply.header('content-disposition', `attachment; filename="quorum-room-${roomId}.json"`)
    return {
      exportedAt: new Date().toISOString(),
      room: { ...readMeta(doc) },
      milestones: listMilestones(doc).map((row) => ({ ...row })),
      tasks: listTasks(doc).map((row) => ({ ...row })),
      stakeholders: listStakeholders(doc).map((row) => ({ ...row })),
      comments: listThreads(doc).map((thread) => ({
        ...thread,
        anchor: thread.anchor.kind === 'text' ? { kind: 'text' } : thread.anchor,
      })),
      consensus: listConsensus(doc).map((row) => ({ ...row })),
      businessCase: roots.businessCase(doc).toString(),
    }
  })

  route(app, access.joinMode, options, async ({ params }) => {
    const room = await storage.getRoom(params.roomId)
    if (!room || room.closedAt !== null)
      throw new Problem('not-found', 'This room does not exist or has been closed.')
    return { mode: room.accessMode }
  })

  route(app, access.requestJoinCode, options, async ({ request, params, body }) => {
    const { email } = body()
    await limits.codeRequest(`ip:${clientIp(request)}`, `email:${email}`)
    await requestJoinCode(storage, mailer, params.roomId, email, clientIp(request))
    return { sent: true as const }
  })

  route(app, access.verifyJoinCode, options, async ({ request, reply, params, body }) => {
    const { email, code } = body()
    await limits.codeCheck(`ip:${clientIp(request)}`)
    const roomId = params.roomId
    const person = await verifyJoinCode(storage, mailer, roomId, email, code, clientIp(request))
    await startSession(storage, sessionCookie(request, reply, secure), {
      personId: person.id,
      roomId,
    })
    return { roomId }
  })

  route(app, sessions.signIn, options, async ({ request, body }) => {
    const { email } = body()
    await limits.signIn(`ip:${clientIp(request)}`, `email:${email}`)
    // The same answer, in the same time, whether or not the address has an account: the
    // lookup, the link and the mail all happen after the answer has left.
    const ip = clientIp(request)
    // With SSO required, no seller gets a link by mail; the answer is the same for every address.
    if (await ssoRequired(storage, config))
      return {
        sent: true as const,
        message:
          'Sellers sign in with single sign-on: use “Sign in with SSO”. If you were invited to a room as a buyer, open the personal link from your invitation.',
      }
    mailer.sendLater(async () => {
      const person = await storage.findPersonByEmail(email)
      const known = person?.kind === 'seller' && (await storage.getTeammate(person.id)) !== null
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
    return {
      sent: true as const,
      message: 'If this address has a Quorum account, a sign-in link is on its way.',
    }
  })

  route(app, sessions.signOutEverywhere, options, async ({ request, reply }) => {
    const cookie = sessionCookie(request, reply, secure)
    const session = await requireSession(storage, cookie)
    const ended = await endSession(storage, cookie, session, {
      everywhere: true,
      ip: clientIp(request),
    })
    return { sessionsEnded: ended }
  })
}
