import { ACTIONS, type Action, can } from '../../../shared/src/access.ts'
import { issueLink } from '../access/links.ts'
import { tokenSecret } from '../access/tokens.ts'
import { unsubscribeToken } from '../signals/digest.ts'
import { eventually, secretOf } from './harness.ts'
import { BRAND_ROUTE_CASES } from './route-table-brand.ts'
import { DOCUMENT_ROUTE_CASES } from './route-table-documents.ts'
import { GUIDANCE_ROUTE_CASES } from './route-table-guidance.ts'
import { INTEGRATION_ROUTE_CASES } from './route-table-integrations.ts'
import { TEAM_ROUTE_CASES } from './route-table-team.ts'
import { WORKSPACE_ROUTE_CASES } from './route-table-workspace.ts'
import { freshAddress, isRole, type Seat, type Stage, type Subject } from './stage.ts'

/**
 * Which rule governs a route: an action of the permission table (shared/src/access.ts) in the
 * room of the path, or one of
 * - `public`: anyone, signed in or not;
 * - `any session`: anyone signed in;
 * - `seller account`: anyone signed in with a seller account;
 * - `own session`: anyone signed in, and it acts on their own sessions only;
 * - `api key`: an API key (the public REST API), never a session: every seat is refused (401);
 * - `team admin`: a seller who is an admin of the team;
 * - `owner or team admin`: the room's owner (`transferOwnership`), or a team admin.
 */
export type RouteRule =
  | Action
  | 'public'
  | 'any session'
  | 'seller account'
  | 'own session'
  | 'api key'
  | 'team admin'
  | 'owner or team admin'

/** One try of one route by one subject. */
export interface Attempt {
  stage: Stage
  /** The room of the path. */
  roomId: string
  subject: Subject
  /** Unique to this attempt: for e-mail addresses, titles and domains. */
  tag: string
}

/** The request a person allowed to use the route would make; made anew for every attempt. */
export interface RequestShape {
  /** Path parameters besides :roomId. */
  params?: Record<string, string>
  /** The query string, without `?`. */
  query?: string
  body?: unknown
}

export interface RouteCase {
  method: 'GET' | 'POST'
  /** As registered with Fastify. */
  path: string
  rule: RouteRule
  /**
   * The room of :roomId: the main room; a room of its own for every attempt (`fresh`, for a
   * request that ends the room); or the room open to e-mail domains (`joinable`).
   */
  room?: 'main' | 'fresh' | 'joinable'
  request?: (attempt: Attempt) => Promise<RequestShape>
  /** When the answer to an allowed request is no 2xx, the answer and why. */
  allowedAnswer?: { status: number; why: string }
  /**
   * The request ends sessions: it is sent with a spare session of the person, and after `all`
   * (every session of the person) the seat signs in again.
   */
  endsSession?: 'this' | 'all'
}

/** A route of one room, governed by an action of the permission table in that room. */
export const isRoomRoute = (route: RouteCase): route is RouteCase & { rule: Action } =>
  (ACTIONS as readonly string[]).includes(route.rule)

/** Whether the rule lets this seat use the route. */
export function ruleAllows(rule: RouteRule, seat: Seat): boolean {
  switch (rule) {
    case 'public':
      return true
    case 'any session':
    case 'own session':
      return seat.person !== null
    case 'seller account':
      return seat.person?.kind === 'seller'
    case 'api key':
      return false
    case 'team admin':
      return isTeamAdmin(seat)
    case 'owner or team admin':
      return isTeamAdmin(seat) || (isRole(seat.subject) && can(seat.subject, 'transferOwnership'))
    default:
      return isRole(seat.subject) && can(seat.subject, rule)
  }
}

/**
 * The stage's owner made the first seller account, so is the team's admin; every other seller
 * is a member (team.test.ts holds the first-account rule).
 */
const isTeamAdmin = (seat: Seat): boolean => seat.subject === 'owner'

/** A code mailed to `email` for the open room, asked for as that person would. */
async function joinCode(attempt: Attempt, email: string): Promise<string> {
  const { stage } = attempt
  const asked = await stage.send(
    { address: freshAddress(), cookie: '' },
    'POST',
    `/api/rooms/${attempt.roomId}/join/code`,
    { email },
  )
  if (asked.status !== 200) throw new Error(`asking for a code answered ${asked.status}`)
  return eventually(async () => {
    const mail = (await stage.test.storage.listOutbox(1000)).find((m) => m.to === email)
    const code = /^(\d{6}) /.exec(mail?.subject ?? '')?.[1]
    if (!code) throw new Error(`no code mailed to ${email}`)
    return code
  })
}

/** Every API route, the rule that governs it, and a valid request. */
export const ROUTE_CASES: readonly RouteCase[] = [
  { method: 'GET', path: '/api/templates', rule: 'public' },
  {
    method: 'POST',
    path: '/api/links/redeem',
    rule: 'public',
    async request({ stage }) {
      const { invite } = await stage.newBuyer(stage.main.roomId)
      return { body: { secret: secretOf(invite.url) } }
    },
  },
  {
    method: 'POST',
    path: '/api/setup',
    rule: 'public',
    allowedAnswer: { status: 410, why: 'the first-run setup runs once, before any seller exists' },
    async request({ stage, tag }) {
      const link = await issueLink(stage.test.storage, stage.test.httpUrl, {
        kind: 'setup',
        personId: null,
        roomId: null,
        ttlMs: 60_000,
      })
      return { body: { secret: secretOf(link.url), email: `setup-${tag}@vendor.test`, name: 'Si' } }
    },
  },
  { method: 'GET', path: '/api/session', rule: 'any session' },
  { method: 'POST', path: '/api/signout', rule: 'public', endsSession: 'this' },
  { method: 'GET', path: '/api/rooms', rule: 'any session' },
  {
    method: 'POST',
    path: '/api/rooms',
    rule: 'seller account',
    request: async ({ tag }) => ({ body: { title: `Room of ${tag}` } }),
  },
  { method: 'GET', path: '/api/rooms/:roomId', rule: 'readRoom' },
  { method: 'POST', path: '/api/rooms/:roomId/token', rule: 'readRoom' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/invites',
    rule: 'invite',
    request: async ({ tag }) => ({
      body: { email: `invitee-${tag}@buyer.test`, name: 'Ivy Invitee', role: 'viewer' },
    }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/members/:personId/revoke',
    rule: 'revokeAccess',
    async request({ stage, roomId }) {
      return { params: { personId: (await stage.newBuyer(roomId)).person.id } }
    },
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/members/:personId/role',
    rule: 'changeRoles',
    async request({ stage, roomId }) {
      const { person } = await stage.newBuyer(roomId)
      return { params: { personId: person.id }, body: { role: 'stakeholder' } }
    },
  },
  { method: 'GET', path: '/api/rooms/:roomId/links', rule: 'revokeAccess' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/links/:linkId/revoke',
    rule: 'revokeAccess',
    async request({ stage, roomId }) {
      return { params: { linkId: (await stage.newBuyer(roomId)).invite.link.id } }
    },
  },
  { method: 'POST', path: '/api/rooms/:roomId/close', rule: 'closeRoom', room: 'fresh' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/access',
    rule: 'manageAccess',
    request: async ({ tag }) => ({ body: { mode: 'domain', domains: [`${tag}.buyer.test`] } }),
  },
  { method: 'GET', path: '/api/rooms/:roomId/audit', rule: 'seeAudit' },
  { method: 'GET', path: '/api/rooms/:roomId/export', rule: 'export' },
  { method: 'GET', path: '/api/rooms/:roomId/join', rule: 'public', room: 'joinable' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/join/code',
    rule: 'public',
    room: 'joinable',
    request: async ({ tag }) => ({ body: { email: `asker-${tag}@buyer.test` } }),
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/join/verify',
    rule: 'public',
    room: 'joinable',
    async request(attempt) {
      const email = `joiner-${attempt.tag}@buyer.test`
      return { body: { email, code: await joinCode(attempt, email) } }
    },
  },
  {
    method: 'POST',
    path: '/api/signin',
    rule: 'public',
    request: async ({ tag }) => ({ body: { email: `someone-${tag}@vendor.test` } }),
  },
  { method: 'POST', path: '/api/signout-everywhere', rule: 'own session', endsSession: 'all' },
  { method: 'GET', path: '/api/rooms/:roomId/insights', rule: 'seeInsights' },
  { method: 'GET', path: '/api/rooms/:roomId/events.csv', rule: 'seeInsights' },
  { method: 'GET', path: '/api/rooms/:roomId/document-engagement.csv', rule: 'seeInsights' },
  { method: 'GET', path: '/api/notifications', rule: 'any session' },
  {
    method: 'GET',
    path: '/api/digest/unsubscribe',
    rule: 'public',
    async request({ stage }) {
      const secret = await tokenSecret(stage.test.storage)
      return { query: `t=${encodeURIComponent(unsubscribeToken(secret, stage.bystander.id))}` }
    },
  },
  { method: 'GET', path: '/api/rooms/:roomId/activity', rule: 'readRoom' },
  { method: 'GET', path: '/api/rooms/:roomId/changes', rule: 'readRoom' },
  { method: 'GET', path: '/api/rooms/:roomId/section-reads', rule: 'seeInsights' },
  ...DOCUMENT_ROUTE_CASES,
  ...INTEGRATION_ROUTE_CASES,
  ...GUIDANCE_ROUTE_CASES,
  ...BRAND_ROUTE_CASES,
  ...TEAM_ROUTE_CASES,
  ...WORKSPACE_ROUTE_CASES,
  { method: 'GET', path: '/api/openapi.json', rule: 'public' },
  { method: 'GET', path: '/api/docs', rule: 'public' },
  // Webhooks: the seller team of the instance (the instance is the workspace until issue 15).
  { method: 'GET', path: '/api/webhooks', rule: 'seller account' },
  {
    method: 'POST',
    path: '/api/webhooks',
    rule: 'seller account',
    // A public address (TEST-NET-3): the SSRF guard lets it through without a DNS answer.
    request: async () => ({ body: { url: 'https://203.0.113.10/hook', events: ['room.created'] } }),
  },
  {
    method: 'POST',
    path: '/api/webhooks/:subscriptionId',
    rule: 'seller account',
    request: async (attempt) => ({
      params: await subscriptionFor(attempt),
      body: { events: ['task.completed'] },
    }),
  },
  {
    method: 'POST',
    path: '/api/webhooks/:subscriptionId/rotate',
    rule: 'seller account',
    request: async (attempt) => ({ params: await subscriptionFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/webhooks/:subscriptionId/delete',
    rule: 'seller account',
    request: async (attempt) => ({ params: await subscriptionFor(attempt) }),
  },
  {
    method: 'GET',
    path: '/api/webhooks/:subscriptionId/deliveries',
    rule: 'seller account',
    request: async (attempt) => ({ params: await subscriptionFor(attempt) }),
  },
  {
    method: 'POST',
    path: '/api/webhooks/:subscriptionId/deliveries/:deliveryId/replay',
    rule: 'seller account',
    request: async (attempt) => {
      const { subscriptionId } = await subscriptionFor(attempt, true)
      const [delivery] = await attempt.stage.test.storage.listDeliveries(subscriptionId, {
        limit: 1,
      })
      return { params: { subscriptionId, deliveryId: delivery?.id ?? 'none' } }
    },
  },
  // …and the same under /api/v1 with an API key (webhooks:write), never a session.
  { method: 'GET', path: '/api/v1/webhooks', rule: 'api key' },
  {
    method: 'POST',
    path: '/api/v1/webhooks',
    rule: 'api key',
    request: async () => ({ body: { url: 'https://203.0.113.10/hook', events: ['room.created'] } }),
  },
  ...['', '/rotate', '/delete', '/deliveries'].map(
    (tail): RouteCase => ({
      method: tail === '/deliveries' ? 'GET' : 'POST',
      path: `/api/v1/webhooks/:subscriptionId${tail}`,
      rule: 'api key',
      request: async (attempt) => ({
        params: await subscriptionFor(attempt),
        body: tail === '' ? { events: ['task.completed'] } : undefined,
      }),
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/webhooks/:subscriptionId/deliveries/:deliveryId/replay',
    rule: 'api key',
    request: async (attempt) => ({
      params: { ...(await subscriptionFor(attempt)), deliveryId: 'none' },
    }),
  },
]

/**
 * A webhook subscription of its own for one attempt, disabled so nothing is sent to it (with
 * one delivery in its log when asked).
 */
async function subscriptionFor(
  attempt: Attempt,
  withDelivery = false,
): Promise<{ subscriptionId: string }> {
  const storage = attempt.stage.test.storage
  const subscriptionId = `sub${attempt.tag.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 60)
  await storage.createSubscription({
    id: subscriptionId,
    kind: 'webhook',
    url: 'https://203.0.113.10/hook',
    events: ['room.closed'],
    secret: 'whsec_dGVzdA==',
    createdBy: 'cli',
  })
  if (withDelivery)
    await storage.recordOutboxEvents([
      { id: `evt_${subscriptionId}`, type: 'room.closed', roomId: attempt.roomId, data: {}, at: 1 },
    ])
  await storage.updateSubscription(subscriptionId, { disabledAt: 1 })
  return { subscriptionId }
}

/** `GET /api/rooms/:roomId` — how a route is named in the matrix and in failures. */
export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`

/** The path of a route with its parameters filled in. */
export function pathOf(route: RouteCase, roomId: string, shape: RequestShape): string {
  const params: Record<string, string> = { roomId, ...shape.params }
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${routeKey(route)}: no value for :${name}`)
    return encodeURIComponent(value)
  })
  return shape.query ? `${path}?${shape.query}` : path
}
