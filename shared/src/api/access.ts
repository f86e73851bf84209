import * as z from 'zod/mini'
import { ACCESS_MODES } from '../access.ts'
import { endpoint } from './endpoint.ts'
import { choice, domains, email, id, name, text } from './fields.ts'
import { Role, RoomParams } from './rooms.ts'

const tag = 'access'

/** Roles an invitation gives: a buyer role, or `seller` to add a teammate. */
export const INVITE_ROLES = ['champion', 'stakeholder', 'viewer', 'seller'] as const
export type InviteRole = (typeof INVITE_ROLES)[number]
/** Roles the role route sets (the owner stays the owner; ownership moves by transfer). */
export const ASSIGNABLE_ROLES = ['co-owner', 'seller', 'champion', 'stakeholder', 'viewer'] as const

const MemberParams = z.strictObject({ roomId: id('roomId'), personId: id('personId') })

export const invite = endpoint({
  name: 'invite',
  method: 'POST',
  path: '/api/rooms/:roomId/invites',
  summary: 'Invite someone by e-mail (a buyer role, or seller to add a teammate)',
  tag,
  access: 'invite',
  status: 201,
  params: RoomParams,
  body: z.strictObject({
    email: email('email'),
    name: name('name').check(z.overwrite((value) => value.trim())),
    role: choice('role', INVITE_ROLES),
  }),
  answer: z.object({
    id: z.nullable(z.string()),
    url: z.nullable(z.string()),
    personId: z.optional(z.string()).check(z.meta({ description: 'Seller team only.' })),
    outcome: z.optional(z.string()).check(z.meta({ description: 'Seller team only.' })),
    role: z.enum(INVITE_ROLES),
    sent: z.literal(true),
  }),
})

export const revokeMember = endpoint({
  name: 'revokeMember',
  method: 'POST',
  path: '/api/rooms/:roomId/members/:personId/revoke',
  summary: 'Remove a member: their links stop working and their sockets close',
  tag,
  access: 'revokeAccess',
  params: MemberParams,
  answer: z.object({ revoked: z.literal(true) }),
})

export const setMemberRole = endpoint({
  name: 'setMemberRole',
  method: 'POST',
  path: '/api/rooms/:roomId/members/:personId/role',
  summary: 'Change a member’s role',
  tag,
  access: 'changeRoles',
  params: MemberParams,
  body: z.strictObject({ role: choice('role', ASSIGNABLE_ROLES) }),
  answer: z.object({ personId: z.string(), role: Role }),
})

export const PendingLink = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.number(),
  expiresAt: z.nullable(z.number()),
})
export type PendingLink = z.infer<typeof PendingLink>

export const listLinks = endpoint({
  name: 'listLinks',
  method: 'GET',
  path: '/api/rooms/:roomId/links',
  summary: 'Invitation links not opened yet',
  tag,
  access: 'revokeAccess',
  params: RoomParams,
  answer: z.object({ links: z.array(PendingLink) }),
})

export const revokeLink = endpoint({
  name: 'revokeLink',
  method: 'POST',
  path: '/api/rooms/:roomId/links/:linkId/revoke',
  summary: 'Withdraw an invitation link',
  tag,
  access: 'revokeAccess',
  params: z.strictObject({ roomId: id('roomId'), linkId: id('linkId') }),
  answer: z.object({ revoked: z.literal(true) }),
})

export const closeRoom = endpoint({
  name: 'closeRoom',
  method: 'POST',
  path: '/api/rooms/:roomId/close',
  summary: 'Close the room for everyone',
  tag,
  access: 'closeRoom',
  params: RoomParams,
  answer: z.object({ closed: z.literal(true) }),
})

export const setAccessMode = endpoint({
  name: 'setAccessMode',
  method: 'POST',
  path: '/api/rooms/:roomId/access',
  summary: 'Invited people only, or also anyone at these e-mail domains after a one-time code',
  tag,
  access: 'manageAccess',
  params: RoomParams,
  body: z
    .strictObject({ mode: choice('mode', ACCESS_MODES), domains: domains('domains', 50) })
    .check(
      z.superRefine((input, context) => {
        if (input.mode === 'domain' && (input.domains ?? []).length === 0)
          context.addIssue({
            code: 'custom',
            path: ['domains'],
            message: '"domains" must name at least one domain whose addresses may join',
          })
      }),
    ),
  answer: z.object({ mode: z.enum(ACCESS_MODES), domains: z.array(z.string()) }),
})

export const AuditRow = z
  .object({
    seq: z.int(),
    at: z.number(),
    roomId: z.nullable(z.string()),
    actor: z.nullable(z.string()),
    action: z.string(),
    subject: z.nullable(z.string()),
    detail: z.record(z.string(), z.unknown()),
    ip: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'AuditRow' }))
export type AuditRow = z.infer<typeof AuditRow>

export const listAudit = endpoint({
  name: 'listAudit',
  method: 'GET',
  path: '/api/rooms/:roomId/audit',
  summary: 'The room’s audit log, oldest first (the last 500 entries)',
  tag,
  access: 'seeAudit',
  params: RoomParams,
  answer: z.object({ entries: z.array(AuditRow) }),
})

const Rows = z.array(z.record(z.string(), z.unknown()))

export const exportRoom = endpoint({
  name: 'exportRoom',
  method: 'GET',
  path: '/api/rooms/:roomId/export',
  summary: 'The whole room as JSON (a download)',
  tag,
  access: 'export',
  params: RoomParams,
  answer: z.object({
    exportedAt: z.string(),
    room: z.record(z.string(), z.unknown()),
    milestones: Rows,
    tasks: Rows,
    stakeholders: Rows,
    comments: Rows,
    consensus: Rows,
    businessCase: z.string(),
  }),
})

export const joinMode = endpoint({
  name: 'joinMode',
  method: 'GET',
  path: '/api/rooms/:roomId/join',
  summary: 'Whether people at the room’s e-mail domains may join with a code',
  tag,
  access: 'anyone',
  params: RoomParams,
  answer: z.object({ mode: z.enum(ACCESS_MODES) }),
})

export const requestJoinCode = endpoint({
  name: 'requestJoinCode',
  method: 'POST',
  path: '/api/rooms/:roomId/join/code',
  summary: 'Mail a one-time code to an address at one of the room’s domains',
  tag,
  access: 'anyone (rate-limited per address and per e-mail)',
  params: RoomParams,
  body: z.strictObject({ email: email('email') }),
  answer: z.object({ sent: z.literal(true) }),
})

export const verifyJoinCode = endpoint({
  name: 'verifyJoinCode',
  method: 'POST',
  path: '/api/rooms/:roomId/join/verify',
  summary: 'Join the room with the mailed code: starts a session for that room',
  tag,
  access: 'anyone (rate-limited per address)',
  params: RoomParams,
  body: z.strictObject({
    email: email('email'),
    code: text('code', 12)
      .check(z.overwrite((value) => value.trim()))
      .check(z.regex(/^\d{6}$/, { error: '"code" is the 6 digits from the e-mail' })),
  }),
  answer: z.object({ roomId: z.string() }),
})
