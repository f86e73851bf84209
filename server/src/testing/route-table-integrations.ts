import { listTasks } from '../../../shared/src/room/index.ts'
import { tokenSecret } from '../access/tokens.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { createApiKey } from '../integrations/api-keys.ts'
import { feedUrls, roomFeed } from '../integrations/calendar.ts'
import type { RouteCase } from './route-table.ts'

/** The integrations' routes (issue 14) in the authorization matrix: keys, /api/v1, calendar, print. */
export const INTEGRATION_ROUTE_CASES: readonly RouteCase[] = [
  // The public API's keys (issue 14): the seller team's, on the Integrations page.
  { method: 'GET', path: '/api/apikeys', rule: 'seller account' },
  {
    method: 'POST',
    path: '/api/apikeys',
    rule: 'seller account',
    request: async ({ tag }) => ({ body: { name: `Key of ${tag}`, scopes: ['rooms:read'] } }),
  },
  {
    method: 'POST',
    path: '/api/apikeys/:keyId/revoke',
    rule: 'seller account',
    async request({ stage, tag }) {
      const { key } = await createApiKey(stage.test.storage, {
        name: `Key of ${tag}`,
        scopes: ['rooms:read'],
        createdBy: null,
        ip: null,
      })
      return { params: { keyId: key.id } }
    },
  },
  // The public REST API takes a key, never a session (its own tests: http/v1*.test.ts).
  { method: 'GET', path: '/api/v1/rooms', rule: 'api key' },
  {
    method: 'POST',
    path: '/api/v1/rooms',
    rule: 'api key',
    request: async () => ({ body: { title: 'Via API' } }),
  },
  { method: 'GET', path: '/api/v1/rooms/:roomId', rule: 'api key' },
  { method: 'POST', path: '/api/v1/rooms/:roomId/close', rule: 'api key' },
  { method: 'GET', path: '/api/v1/rooms/:roomId/members', rule: 'api key' },
  {
    method: 'POST',
    path: '/api/v1/rooms/:roomId/members',
    rule: 'api key',
    request: async ({ tag }) => ({ body: { email: `api-${tag}@buyer.test`, name: 'Api Invitee' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/rooms/:roomId/members/:personId/revoke',
    rule: 'api key',
    async request({ stage, roomId }) {
      return { params: { personId: (await stage.newBuyer(roomId)).person.id } }
    },
  },
  { method: 'GET', path: '/api/v1/rooms/:roomId/plan', rule: 'api key' },
  {
    method: 'POST',
    path: '/api/v1/rooms/:roomId/tasks/:taskId',
    rule: 'api key',
    async request({ stage, roomId }) {
      const task = listTasks(await loadRoomDoc(stage.test.storage, roomId))[0]?.id ?? 'no-task'
      return { params: { taskId: task }, body: { status: 'done' } }
    },
  },
  { method: 'GET', path: '/api/v1/rooms/:roomId/events', rule: 'api key' },
  // Calendar feeds: made by a member; read by anyone with the secret address (a calendar app).
  {
    method: 'POST',
    path: '/api/rooms/:roomId/calendar',
    rule: 'readRoom',
    request: async () => ({ body: { mine: true } }),
  },
  {
    method: 'GET',
    path: '/api/calendar/:feedId/:file',
    rule: 'public',
    async request({ stage }) {
      const storage = stage.test.storage
      const feed = await roomFeed(storage, stage.person('owner').id, stage.main.roomId, false)
      const { url } = feedUrls('', await tokenSecret(storage), feed)
      const [, , , feedId = '', file = ''] = url.split('/')
      return { params: { feedId, file } }
    },
  },
  // The printable room, as a page and printed to PDF (headless Chromium).
  {
    method: 'GET',
    path: '/api/rooms/:roomId/print',
    rule: 'export',
    request: async () => ({ query: 'paper=letter' }),
  },
  { method: 'GET', path: '/api/rooms/:roomId/print.pdf', rule: 'export' },
  { method: 'GET', path: '/api/v1/rooms/:roomId/export.pdf', rule: 'api key' },
  // CRM connections (made by the seller team; none is connected in the matrix, so the allowed
  // requests are refused for what they lack, after the caller was let through).
  { method: 'GET', path: '/api/crm', rule: 'seller account' },
  {
    method: 'POST',
    path: '/api/crm/:provider',
    rule: 'seller account',
    request: async () => ({ params: { provider: 'hubspot' }, body: {} }),
    allowedAnswer: { status: 400, why: 'HubSpot needs a token, and none is given' },
  },
  {
    method: 'POST',
    path: '/api/crm/:provider/disconnect',
    rule: 'seller account',
    request: async () => ({ params: { provider: 'salesforce' } }),
    allowedAnswer: { status: 404, why: 'Salesforce is not connected' },
  },
  {
    method: 'POST',
    path: '/api/crm/:provider/rooms',
    rule: 'seller account',
    request: async () => ({ params: { provider: 'hubspot' }, body: { externalId: '1001' } }),
    allowedAnswer: { status: 409, why: 'HubSpot is not connected' },
  },
  { method: 'GET', path: '/api/rooms/:roomId/crm', rule: 'seeInsights' },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/crm/:provider',
    rule: 'seeInsights',
    request: async () => ({ params: { provider: 'hubspot' }, body: { externalId: '1001' } }),
    allowedAnswer: { status: 409, why: 'HubSpot is not connected' },
  },
  {
    method: 'POST',
    path: '/api/rooms/:roomId/crm/:provider/unlink',
    rule: 'seeInsights',
    request: async () => ({ params: { provider: 'salesforce' } }),
  },
]
