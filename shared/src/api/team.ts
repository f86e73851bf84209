import * as z from 'zod/mini'
import { TEAM_ROLES } from '../access.ts'
import { endpoint } from './endpoint.ts'
import { choice, domains, email, id, name, optionalChoice, optionalText, text } from './fields.ts'
import { RoomParams } from './rooms.ts'

const tag = 'team'

/** A seller on the team, as the Team page lists them. */
export const Teammate = z
  .object({
    personId: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(TEAM_ROLES),
    joinedAt: z.number(),
    roomsOwned: z.int(),
  })
  .check(z.meta({ id: 'Teammate' }))
export type Teammate = z.infer<typeof Teammate>

/** Single sign-on as the Team page shows it: never the client secret. */
export const SsoSettingsInfo = z
  .object({
    source: z
      .nullable(z.enum(['environment', 'team page']))
      .check(z.meta({ description: 'Null when SSO is off; `environment` (OIDC_*) wins.' })),
    issuer: z.string(),
    clientId: z.string(),
    hasSecret: z.boolean(),
    domains: z.array(z.string()),
    required: z.boolean(),
    callbackUrl: z
      .string()
      .check(z.meta({ description: 'The redirect URI to register at the identity provider.' })),
  })
  .check(z.meta({ id: 'SsoSettings' }))
export type SsoSettingsInfo = z.infer<typeof SsoSettingsInfo>

const TeammateParams = z.strictObject({ personId: id('personId') })

export const ssoStatus = endpoint({
  name: 'ssoStatus',
  method: 'GET',
  path: '/api/sso',
  summary: 'Whether sellers can (or must) sign in with single sign-on, for the sign-in page',
  tag,
  access: 'anyone',
  answer: z.object({ enabled: z.boolean(), required: z.boolean() }),
})

const redirect = {
  mediaType: 'text/html',
  description: 'A redirect (302) to the identity provider, or back into Quorum.',
} as const

export const ssoStart = endpoint({
  name: 'ssoStart',
  method: 'GET',
  path: '/api/sso/start',
  summary: 'Start signing in with SSO: redirects to the identity provider (code flow, PKCE)',
  tag,
  access: 'anyone',
  answer: redirect,
})

export const ssoCallback = endpoint({
  name: 'ssoCallback',
  method: 'GET',
  path: '/api/sso/callback',
  summary: 'Where the identity provider sends the browser back; starts a seller session',
  tag,
  access: 'anyone coming back from the identity provider with the state this browser was given',
  query: z.object({
    code: z.optional(z.string()),
    state: z.optional(z.string()),
    error: z.optional(z.string()),
    error_description: z.optional(z.string()),
    iss: z.optional(z.string()),
  }),
  answer: redirect,
})

export const listTeam = endpoint({
  name: 'listTeam',
  method: 'GET',
  path: '/api/team',
  summary: 'The seller team (admins first) and the caller’s own role in it',
  tag,
  access: 'seller account',
  answer: z.object({
    me: z.object({ personId: z.string(), role: z.enum(TEAM_ROLES) }),
    teammates: z.array(Teammate),
  }),
})

export const addTeammate = endpoint({
  name: 'addTeammate',
  method: 'POST',
  path: '/api/team',
  summary: 'Invite a seller to the team by e-mail (a sign-in link, or SSO when it is required)',
  tag,
  access: 'team admin',
  status: 201,
  body: z.strictObject({
    email: email('email'),
    name: name('name'),
    role: optionalChoice('role', TEAM_ROLES).check(z.meta({ description: 'Default: member.' })),
  }),
  answer: z.object({
    id: z.string(),
    url: z
      .string()
      .check(
        z.meta({ description: 'Their sign-in link (or the sign-in page when SSO is required).' }),
      ),
    teammate: Teammate,
  }),
})

export const setTeamRole = endpoint({
  name: 'setTeamRole',
  method: 'POST',
  path: '/api/team/:personId/role',
  summary: 'Make a teammate admin or member (the team keeps one admin at least)',
  tag,
  access: 'team admin',
  params: TeammateParams,
  body: z.strictObject({ role: choice('role', TEAM_ROLES) }),
  answer: z.object({ teammate: Teammate }),
})

export const removeTeammate = endpoint({
  name: 'removeTeammate',
  method: 'POST',
  path: '/api/team/:personId/remove',
  summary: 'Take a seller off the team: their rooms move to another owner, their sessions end',
  tag,
  access: 'team admin',
  params: TeammateParams,
  body: z.strictObject({ moveRoomsTo: id('moveRoomsTo', 'in the body') }),
  answer: z.object({ roomsMoved: z.int(), sessionsEnded: z.int() }),
})

export const getSsoSettings = endpoint({
  name: 'getSsoSettings',
  method: 'GET',
  path: '/api/team/sso',
  summary: 'The team’s single sign-on settings (never the client secret)',
  tag,
  access: 'team admin',
  answer: SsoSettingsInfo,
})

export const putSsoSettings = endpoint({
  name: 'putSsoSettings',
  method: 'POST',
  path: '/api/team/sso',
  summary: 'Set up single sign-on (checked against the provider’s discovery document first)',
  tag,
  access: 'team admin',
  body: z.strictObject({
    issuer: text('issuer', 500),
    clientId: text('clientId', 500),
    clientSecret: optionalText('clientSecret', 2000).check(
      z.meta({ description: 'Absent: keep the secret saved before.' }),
    ),
    domains: domains('domains', 20),
    required: z.boolean({ error: '"required" must be true or false' }),
  }),
  answer: SsoSettingsInfo,
})

export const removeSsoSettings = endpoint({
  name: 'removeSsoSettings',
  method: 'POST',
  path: '/api/team/sso/remove',
  summary: 'Turn single sign-on off (settings from the environment stay)',
  tag,
  access: 'team admin',
  answer: SsoSettingsInfo,
})

export const transferOwnership = endpoint({
  name: 'transferOwnership',
  method: 'POST',
  path: '/api/rooms/:roomId/owner',
  summary: 'Hand the room to another teammate; the previous owner stays as a co-owner',
  tag,
  access: 'transferOwnership (the owner), or a team admin',
  params: RoomParams,
  body: z.strictObject({ personId: id('personId', 'in the body') }),
  answer: z.object({ ownerId: z.string(), previousOwnerId: z.string() }),
})
