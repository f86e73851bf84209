import { addSeller } from '../access/people.ts'
import type { RouteCase } from './route-table.ts'

/** A new seller on the team, for a request that changes or removes a teammate. */
async function newTeammate(attempt: Parameters<NonNullable<RouteCase['request']>>[0]) {
  const { stage, tag } = attempt
  const { person } = await addSeller(stage.test.storage, stage.test.httpUrl, {
    email: `teammate-${tag}@vendor.test`,
    name: `Teammate ${tag}`,
  })
  return person
}

/** The seller team and its single sign-on (issue 15) in the authorization matrix. */
export const TEAM_ROUTE_CASES: readonly RouteCase[] = [
  { method: 'GET', path: '/api/team', rule: 'seller account' },
  {
    method: 'POST',
    path: '/api/team',
    rule: 'team admin',
    request: async ({ tag }) => ({
      body: { email: `invited-${tag}@vendor.test`, name: 'Invited Teammate' },
    }),
  },
  {
    method: 'POST',
    path: '/api/team/:personId/role',
    rule: 'team admin',
    async request(attempt) {
      return { params: { personId: (await newTeammate(attempt)).id }, body: { role: 'admin' } }
    },
  },
  {
    method: 'POST',
    path: '/api/team/:personId/remove',
    rule: 'team admin',
    async request(attempt) {
      const leaving = await newTeammate(attempt)
      return {
        params: { personId: leaving.id },
        body: { moveRoomsTo: attempt.stage.person('owner').id },
      }
    },
  },
  { method: 'GET', path: '/api/team/sso', rule: 'team admin' },
  {
    method: 'POST',
    path: '/api/team/sso',
    rule: 'team admin',
    allowedAnswer: {
      status: 503,
      why: 'settings are saved only once the issuer answers as an OpenID provider; none runs here (its own test: access/sso.test.ts)',
    },
    request: async () => ({
      body: {
        issuer: 'http://127.0.0.1:9',
        clientId: 'quorum',
        clientSecret: 'secret',
        domains: ['vendor.test'],
        required: false,
      },
    }),
  },
  { method: 'POST', path: '/api/team/sso/remove', rule: 'team admin' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/owner',
    rule: 'owner or team admin',
    room: 'fresh',
    request: async ({ stage }) => ({ body: { personId: stage.person('seller').id } }),
  },
  // Signing in with SSO: open to anyone; with no provider set up, both send the browser back
  // to the sign-in page with the reason (its own test: access/sso.test.ts).
  { method: 'GET', path: '/api/sso', rule: 'public' },
  {
    method: 'GET',
    path: '/api/sso/start',
    rule: 'public',
    allowedAnswer: { status: 302, why: 'a redirect, to the provider or back to the sign-in page' },
  },
  {
    method: 'GET',
    path: '/api/sso/callback',
    rule: 'public',
    allowedAnswer: { status: 302, why: 'a redirect, into Quorum or back to the sign-in page' },
  },
]
