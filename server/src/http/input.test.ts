import { describe, expect, it } from 'vitest'
import { readMeta } from '../../../shared/src/room/index.ts'
import { sellerSignInLink } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import {
  httpSession,
  secretOf,
  seedCast,
  startTestServer,
  type TestServer,
} from '../testing/harness.ts'

/** A browser signed in as the cast's seller (the owner of its room). */
async function signedInSeller(test: TestServer, email: string) {
  const http = httpSession(test.httpUrl)
  const { signIn } = await sellerSignInLink(test.storage, test.httpUrl, email)
  expect((await http('POST', '/api/links/redeem', { secret: secretOf(signIn.url) })).status).toBe(
    200,
  )
  return http
}

interface Malformed {
  /** What is wrong, for the failure list. */
  what: string
  method: 'GET' | 'POST'
  path: string
  body?: unknown
  /** The field the 400 must name. */
  field: string
}

/** Room ids that are no ids: each must be refused by name, on every room route. */
const BAD_ROOM_IDS: Record<string, string> = {
  'a broken %-escape': '%E0%A4%A',
  'a lone %': '%',
  '65 characters': 'r'.repeat(65),
  'a space': 'a%20b',
  'an encoded slash': 'a%2Fb',
  'a NUL': 'a%00',
}
const ROOM_ROUTES: Array<['GET' | 'POST', string]> = [
  ['GET', ''],
  ['POST', '/token'],
  ['GET', '/insights'],
  ['GET', '/events.csv'],
  ['GET', '/activity'],
  ['GET', '/changes'],
  ['GET', '/section-reads'],
]

function malformedInputs(roomId: string): Malformed[] {
  const cases: Malformed[] = []
  for (const [method, tail] of ROOM_ROUTES) {
    for (const [what, id] of Object.entries(BAD_ROOM_IDS))
      cases.push({
        what: `roomId with ${what}`,
        method,
        path: `/api/rooms/${id}${tail}`,
        field: 'roomId',
      })
  }
  const activity = (query: string, field: string, what: string): Malformed => ({
    what,
    method: 'GET',
    path: `/api/rooms/${roomId}/activity?${query}`,
    field,
  })
  cases.push(
    activity('kind=room.opened', 'kind', 'a kind the timeline does not show'),
    activity(`kind=${'x'.repeat(5000)}`, 'kind', 'an over-long kind'),
    activity('limit=0', 'limit', 'limit below 1'),
    activity('limit=201', 'limit', 'limit above 200'),
    activity('limit=ten', 'limit', 'limit in words'),
    activity('limit=1.5', 'limit', 'a fractional limit'),
    activity('limit=', 'limit', 'an empty limit'),
    activity('limit=%201', 'limit', 'a limit with a space'),
    activity('limit=5&limit=6', 'limit', 'limit given twice'),
    activity('before=yesterday', 'before', 'before in words'),
    activity('before=-1', 'before', 'a negative before'),
    activity('before=1e12', 'before', 'before in exponent notation'),
    activity('before=', 'before', 'an empty before'),
    activity('before=2024-02-30', 'before', 'before as an impossible date'),
    activity('before=99999999999999999', 'before', 'before past the last Date'),
    activity('before=1&before=2', 'before', 'before given twice'),
    activity('person=..%2Fsecrets', 'person', 'a person that is a path'),
    activity(`person=${'p'.repeat(65)}`, 'person', 'an over-long person'),
    activity('person=%E0%A4%A', 'person', 'a person with a broken %-escape'),
    activity('limt=5', 'limt', 'a misspelt parameter'),
  )
  const post = (path: string, body: unknown, field: string, what: string): Malformed => ({
    what,
    method: 'POST',
    path,
    body,
    field,
  })
  cases.push(
    post('/api/links/redeem', {}, 'secret', 'no secret'),
    post('/api/links/redeem', { secret: 42 }, 'secret', 'a number as secret'),
    post('/api/links/redeem', { secret: ['a'] }, 'secret', 'an array as secret'),
    post('/api/links/redeem', { secret: 's'.repeat(201) }, 'secret', 'an over-long secret'),
    post('/api/links/redeem', { secret: 'abc', remember: true }, 'remember', 'an unknown field'),
  )
  const setup = { secret: 'abc', email: 'a@vendor.test', name: 'Alex' }
  cases.push(
    post('/api/setup', { ...setup, secret: { a: 1 } }, 'secret', 'an object as secret'),
    post('/api/setup', { ...setup, email: 'not-an-address' }, 'email', 'an e-mail without @'),
    post('/api/setup', { ...setup, email: 7 }, 'email', 'a number as e-mail'),
    post('/api/setup', { ...setup, email: `${'a'.repeat(250)}@x.io` }, 'email', 'a long e-mail'),
    post('/api/setup', { ...setup, name: '   ' }, 'name', 'a blank name'),
    post('/api/setup', { ...setup, name: 'n'.repeat(201) }, 'name', 'an over-long name'),
    post('/api/setup', { ...setup, name: false }, 'name', 'a boolean as name'),
    post('/api/setup', { ...setup, role: 'admin' }, 'role', 'an unknown field'),
  )
  const room = { title: 'Acme' }
  cases.push(
    post('/api/rooms', {}, 'title', 'no title'),
    post('/api/rooms', { title: '  ' }, 'title', 'a blank title'),
    post('/api/rooms', { title: 12 }, 'title', 'a number as title'),
    post('/api/rooms', { title: 't'.repeat(201) }, 'title', 'an over-long title'),
    post('/api/rooms', { ...room, template: 'enterprise' }, 'template', 'an unknown template'),
    post('/api/rooms', { ...room, template: 3 }, 'template', 'a number as template'),
    post('/api/rooms', { ...room, buyerOrg: ['Acme'] }, 'buyerOrg', 'an array as buyerOrg'),
    post('/api/rooms', { ...room, buyerOrg: 'b'.repeat(201) }, 'buyerOrg', 'a long buyerOrg'),
    post('/api/rooms', { ...room, targetCloseDate: '2024-02-30' }, 'targetCloseDate', 'Feb 30'),
    post(
      '/api/rooms',
      { ...room, targetCloseDate: '2023-02-29' },
      'targetCloseDate',
      'Feb 29 in 2023',
    ),
    post('/api/rooms', { ...room, targetCloseDate: '2026-04-31' }, 'targetCloseDate', 'April 31'),
    post('/api/rooms', { ...room, targetCloseDate: '2026-13-01' }, 'targetCloseDate', 'month 13'),
    post('/api/rooms', { ...room, targetCloseDate: '30/06/2026' }, 'targetCloseDate', 'dd/mm/yyyy'),
    post('/api/rooms', { ...room, targetCloseDate: 20260630 }, 'targetCloseDate', 'a number'),
    post('/api/rooms', { ...room, targetclosedate: '2026-06-30' }, 'targetclosedate', 'a typo'),
  )
  // The access routes (the seller is the owner: allowed to reach every one of them).
  const invite = { email: 'new@acme.test', name: 'Nia', role: 'viewer' }
  const invites = `/api/rooms/${roomId}/invites`
  const access = `/api/rooms/${roomId}/access`
  cases.push(
    post(invites, { ...invite, role: 'admin' }, 'role', 'an unknown role'),
    post(invites, { ...invite, role: undefined }, 'role', 'no role'),
    post(invites, { ...invite, email: 'not-an-address' }, 'email', 'an e-mail without @'),
    post(invites, { ...invite, email: `${'a'.repeat(5000)}@acme.test` }, 'email', 'a 5 KB e-mail'),
    post(invites, { ...invite, name: ' ' }, 'name', 'a blank name'),
    post(invites, { ...invite, name: 'n'.repeat(201) }, 'name', 'an over-long name'),
    post(invites, { ...invite, note: 'hi' }, 'note', 'an unknown field'),
    post(`/api/rooms/${roomId}/members/${roomId}/role`, { role: 'owner' }, 'role', 'owner'),
    post(`/api/rooms/${roomId}/members/${roomId}/role`, {}, 'role', 'no role'),
    post(access, { mode: 'open' }, 'mode', 'an unknown mode'),
    post(access, { mode: 'domain', domains: 'acme.test' }, 'domains', 'domains not a list'),
    post(access, { mode: 'domain', domains: [{ toString: 1 }] }, 'domains', 'an object domain'),
    post(access, { mode: 'domain', domains: ['d'.repeat(300)] }, 'domains', 'a 300-char domain'),
    post(access, { mode: 'domain', domains: ['no spaces.com x'] }, 'domains', 'a bad domain'),
    post(access, { mode: 'domain', domains: Array(51).fill('a.io') }, 'domains', '51 domains'),
    post(access, { mode: 'domain', domains: [] }, 'domains', 'domain mode without domains'),
    post(`/api/rooms/${roomId}/join/code`, { email: 'x' }, 'email', 'a bad e-mail'),
    post(
      `/api/rooms/${roomId}/join/verify`,
      { email: 'a@b.io', code: 'abcdef' },
      'code',
      'letters',
    ),
    post(
      `/api/rooms/${roomId}/join/verify`,
      { email: 'a@b.io', code: '1'.repeat(5000) },
      'code',
      'a long code',
    ),
    post('/api/signin', { email: 'not-an-address' }, 'email', 'an e-mail without @'),
    post('/api/signin', { email: `${'a'.repeat(20000)}@x.io` }, 'email', 'a 20 KB e-mail'),
    post('/api/signin', { email: 'a@b.io', password: 'x' }, 'password', 'an unknown field'),
  )
  return cases
}

describe('malformed input', () => {
  it('every field of every route answers 400 naming the field, and the server keeps serving', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await signedInSeller(test, cast.seller)
    const roomsBefore = (await seller('GET', '/api/rooms')).json.rooms

    const failures: string[] = []
    for (const input of malformedInputs(cast.roomId)) {
      const reply = await seller(input.method, input.path, input.body)
      const error = reply.json.error as
        | { code?: string; message?: string; field?: string }
        | undefined
      if (
        reply.status !== 400 ||
        error?.code !== 'invalid' ||
        error.field !== input.field ||
        !error.message?.includes(`"${input.field}"`)
      ) {
        failures.push(
          `${input.method} ${input.path.slice(0, 80)} (${input.what}): ${reply.status} ${JSON.stringify(reply.json).slice(0, 200)}`,
        )
      }
    }
    // The digest's unsubscribe link is opened from an e-mail: the page says which part is broken.
    for (const query of ['', '?t=', '?t=nobody.forged', `?t=${'x'.repeat(3000)}`]) {
      const reply = await fetch(`${test.httpUrl}/api/digest/unsubscribe${query}`)
      const page = await reply.text()
      if (reply.status !== 400 || !page.includes('"t"'))
        failures.push(`GET /api/digest/unsubscribe${query.slice(0, 40)}: ${reply.status}`)
    }
    expect(failures).toEqual([])

    // Nothing malformed was stored, and the server still answers.
    expect((await seller('GET', '/api/rooms')).json.rooms).toEqual(roomsBefore)
    const health = await fetch(`${test.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
  })

  it('a room with a real close date is created with it; the valid filters still work', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const seller = await signedInSeller(test, cast.seller)
    const created = await seller('POST', '/api/rooms', {
      title: 'Leap deal',
      template: 'pilot',
      buyerOrg: '',
      targetCloseDate: '2028-02-29',
    })
    expect(created.status).toBe(201)
    const roomId = String(created.json.id)
    const doc = await loadRoomDoc(test.storage, roomId)
    expect(readMeta(doc).targetCloseDate).toBe('2028-02-29')
    doc.destroy()

    const page = await seller(
      'GET',
      `/api/rooms/${roomId}/activity?limit=200&before=${Date.now()}&kind=task.added&kind=task.added&person=${cast.roomId}`,
    )
    expect(page.status).toBe(200)
    expect(page.json.items).toEqual([])
  })
})
