import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { team } from '../../../shared/src/api/index.ts'
import type { SsoSettingsInfo } from '../../../shared/src/api/team.ts'
import { audit } from '../access/audit.ts'
import { changeAccess } from '../access/change-access.ts'
import { requireSession } from '../access/sessions.ts'
import { discover, SSO_CALLBACK_PATH, ssoProvider, ssoRequired } from '../access/sso.ts'
import { teamInviteMail } from '../access/team-mail.ts'
import { Problem } from '../errors.ts'
import type { Person, Storage } from '../storage/storage.ts'
import type { ApiDependencies } from './api.ts'
import { clientIp, sessionCookie } from './room-access.ts'
import { route } from './route.ts'
import { ssoRoutes } from './sso-routes.ts'

/** The Team page's view of the SSO settings: where they come from, never the secret. */
export async function ssoInfo(
  storage: Storage,
  config: ApiDependencies['config'],
): Promise<SsoSettingsInfo> {
  const provider = await ssoProvider(storage, config)
  return {
    source: provider?.source ?? null,
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    hasSecret: Boolean(provider?.clientSecret),
    domains: provider?.domains ?? [],
    required: provider?.required ?? false,
    callbackUrl: `${config.publicUrl}${SSO_CALLBACK_PATH}`,
  }
}

/**
 * The seller team (the Team page): every seller sees the team; admins invite, change roles,
 * remove (moving rooms to another owner) and set up single sign-on. Every change goes through
 * changeAccess, which checks the admin role again.
 */
export function teamRoutes(app: FastifyInstance, dependencies: ApiDependencies): void {
  const { storage, config, mailer, limits } = dependencies
  const options = dependencies.routes
  const secure = config.publicUrl.startsWith('https://')

  const teammateOf = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    const me = await storage.getTeammate(session.person.id)
    if (session.person.kind !== 'seller' || !me)
      throw new Problem('forbidden', 'Only the seller team sees the team.')
    return { person: session.person, me }
  }
  const adminOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Person> => {
    const { person, me } = await teammateOf(request, reply)
    if (me.role !== 'admin') throw new Problem('forbidden', 'Only a team admin manages the team.')
    return person
  }

  route(app, team.listTeam, options, async ({ request, reply }) => {
    const { me } = await teammateOf(request, reply)
    return {
      me: { personId: me.personId, role: me.role },
      teammates: await storage.listTeammates(),
    }
  })

  route(app, team.addTeammate, options, async ({ request, reply, body }) => {
    const admin = await adminOf(request, reply)
    const input = body()
    await limits.invite(`ip:${clientIp(request)}`, `person:${admin.id}`)
    const sso = await ssoRequired(storage, config)
    const { person, teammate, signIn } = await changeAccess(
      storage,
      { id: admin.id, ip: clientIp(request) },
      {
        kind: 'add-teammate',
        email: input.email,
        name: input.name,
        role: input.role ?? 'member',
        publicUrl: config.publicUrl,
        withLink: !sso,
      },
    )
    const url = signIn?.url ?? `${config.publicUrl}/`
    mailer.sendLater(async () => ({ to: person.email, ...teamInviteMail(admin.name, url, sso) }))
    return { id: person.id, url, teammate }
  })

  route(app, team.setTeamRole, options, async ({ request, reply, params, body }) => {
    const admin = await adminOf(request, reply)
    const { teammate } = await changeAccess(
      storage,
      { id: admin.id, ip: clientIp(request) },
      { kind: 'set-team-role', personId: params.personId, role: body().role },
    )
    return { teammate }
  })

  route(app, team.removeTeammate, options, async ({ request, reply, params, body }) => {
    const admin = await adminOf(request, reply)
    const { roomsMoved, sessionsEnded } = await changeAccess(
      storage,
      { id: admin.id, ip: clientIp(request) },
      { kind: 'remove-teammate', personId: params.personId, moveRoomsTo: body().moveRoomsTo },
    )
    return { roomsMoved: roomsMoved.length, sessionsEnded }
  })

  route(app, team.getSsoSettings, options, async ({ request, reply }) => {
    await adminOf(request, reply)
    return ssoInfo(storage, config)
  })

  route(app, team.putSsoSettings, options, async ({ request, reply, body }) => {
    const admin = await adminOf(request, reply)
    if (config.oidc)
      throw new Problem('conflict', 'Single sign-on is set by the server’s environment (OIDC_*).')
    const input = body()
    const domains = input.domains ?? []
    if (domains.length === 0)
      throw new Problem('invalid', 'List the e-mail domains of the team, such as example.com.')
    const previous = await storage.getSsoSettings()
    const clientSecret = input.clientSecret ?? previous?.clientSecret
    if (!clientSecret) throw new Problem('invalid', '"clientSecret" is required')
    const settings = {
      issuer: input.issuer.trim().replace(/\/+$/, ''),
      clientId: input.clientId.trim(),
      clientSecret,
      domains,
      required: input.required,
    }
    // Saved only once the provider answers as an OpenID provider for this issuer.
    await discover({ ...settings, source: 'team page' })
    const now = Date.now()
    await storage.putSsoSettings({ ...settings, updatedAt: now, updatedBy: admin.id })
    // Required from now on: sign-in links already mailed stop working.
    if (settings.required) await storage.revokeLinks({ kind: 'signin' }, now)
    await auditSso(storage, admin.id, clientIp(request), 'sso.configured', {
      issuer: settings.issuer,
      domains: settings.domains,
      required: settings.required,
    })
    return ssoInfo(storage, config)
  })

  route(app, team.removeSsoSettings, options, async ({ request, reply }) => {
    const admin = await adminOf(request, reply)
    await storage.putSsoSettings(null)
    await auditSso(storage, admin.id, clientIp(request), 'sso.removed', {})
    return ssoInfo(storage, config)
  })

  route(app, team.transferOwnership, options, async ({ request, reply, params, body }) => {
    const session = await requireSession(storage, sessionCookie(request, reply, secure))
    const { room, previousOwnerId } = await changeAccess(
      storage,
      { id: session.person.id, ip: clientIp(request) },
      { kind: 'transfer-ownership', roomId: params.roomId, personId: body().personId },
    )
    return { ownerId: room.ownerId, previousOwnerId }
  })

  ssoRoutes(app, dependencies)
}

async function auditSso(
  storage: Storage,
  actor: string,
  ip: string | null,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await audit(storage, { roomId: null, actor, action, subject: null, detail, ip })
}
