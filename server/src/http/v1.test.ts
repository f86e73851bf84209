import { describe, expect, it } from 'vitest'
import type { ApiScope } from '../../../shared/src/api/apikeys.ts'
import { listStakeholders, listTasks } from '../../../shared/src/room/index.ts'
import { addSeller } from '../access/people.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { createApiKey } from '../integrations/api-keys.ts'
import { browserOf } from '../testing/documents.ts'
import {
  connect,
  eventually,
  seedCast,
  startTestServer,
  type TestServer,
  tokenFor,
} from '../testing/harness.ts'

type Json = Record<string, unknown> & {
  error?: { code: string; message: string; field?: string }
}

/** An integrator's client: every request with `Authorization: Bearer <key>` and nothing else. */
function apiClient(test: TestServer, key: string | null) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${test.httpUrl}${path}`, {
      method,
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return {
      status: response.status,
      headers: response.headers,
      json: (await response.json()) as Json,
    }
  }
}

async function keyFor(
  test: TestServer,
  scopes: readonly ApiScope[],
  createdBy: string | null = null,
) {
  const { key, secret } = await createApiKey(test.storage, {
    name: `Key ${scopes.join(' ')}`,
    scopes,
    createdBy,
    ip: null,
  })
  return { id: key.id, api: apiClient(test, secret) }
}

describe('the public REST API (/api/v1)', () => {
  it('takes a key with the scope each operation names; a revoked key is refused at the next request', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const reader = await keyFor(test, ['rooms:read'])

    const listed = await reader.api('GET', '/api/v1/rooms')
    expect(listed.status).toBe(200)
    expect((listed.json.rooms as Array<{ id: string }>).map((room) => room.id)).toEqual([
      cast.roomId,
    ])
    expect((await test.storage.getApiKey(reader.id))?.lastUsedAt).toBeGreaterThan(0)

    const write = await reader.api('POST', '/api/v1/rooms', { title: 'Not allowed' })
    expect(write.status).toBe(403)
    expect(write.json.error).toMatchObject({ code: 'forbidden' })
    expect(write.json.error?.message).toContain('rooms:write')
    expect((await reader.api('GET', `/api/v1/rooms/${cast.roomId}/events`)).status).toBe(403)
    expect(await test.storage.listRooms()).toHaveLength(1)

    // No key, a wrong key, or a seller's session cookie alone: 401 in the problem shape.
    const none = await apiClient(test, null)('GET', '/api/v1/rooms')
    expect(none.status).toBe(401)
    expect(none.json.error?.message).toContain('Authorization: Bearer')
    expect((await apiClient(test, 'qk_not-a-key')('GET', '/api/v1/rooms')).status).toBe(401)
    const { signIn } = await addSeller(test.storage, test.httpUrl, {
      email: 'sam2@vendor.test',
      name: 'Sam Two',
    })
    const seller = await browserOf(test.httpUrl, signIn.url)
    expect((await seller.request('GET', '/api/v1/rooms')).status).toBe(401)

    // Revoked on the Integrations page: the very next request is refused.
    expect((await seller.request('POST', `/api/apikeys/${reader.id}/revoke`)).status).toBe(200)
    const after = await reader.api('GET', '/api/v1/rooms')
    expect(after.status).toBe(401)
    expect(after.json.error?.message).toContain('revoked')
  })

  it('rooms: created from a template with buyer and close date, listed a page at a time with filters, read with plan, consensus and health, closed', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { api } = await keyFor(test, ['rooms:read', 'rooms:write'])

    const made = await api('POST', '/api/v1/rooms', {
      title: 'Globex pilot',
      template: 'pilot',
      buyerOrg: 'Globex',
      closeDate: '2027-03-31',
    })
    expect(made.status).toBe(201)
    expect(Object.keys(made.json).sort()).toEqual(['id', 'url'])
    expect(made.json.url).toBe(`http://localhost:0/r/${made.json.id}`)
    const second = await api('POST', '/api/v1/rooms', { title: 'Initech' })
    expect(second.status).toBe(201)
    const bad = await api('POST', '/api/v1/rooms', { title: 'X', closeDate: '2027-02-30' })
    expect(bad.status).toBe(400)
    expect(bad.json.error?.field).toBe('closeDate')

    // Newest first, two a page, the cursor leading to the rest.
    const first = await api('GET', '/api/v1/rooms?limit=2')
    const ids = (answer: { json: Json }) =>
      (answer.json.rooms as Array<{ id: string }>).map((room) => room.id)
    expect(ids(first)).toEqual([second.json.id, made.json.id])
    expect(typeof first.json.next).toBe('string')
    const rest = await api('GET', `/api/v1/rooms?limit=2&cursor=${first.json.next}`)
    expect(ids(rest)).toEqual([cast.roomId])
    expect(rest.json.next).toBeNull()
    expect((await api('GET', '/api/v1/rooms?cursor=nonsense')).json.error?.field).toBe('cursor')
    expect(ids(await api('GET', `/api/v1/rooms?owner=${encodeURIComponent(cast.seller)}`))).toEqual(
      [second.json.id, made.json.id, cast.roomId],
    )
    expect(ids(await api('GET', '/api/v1/rooms?owner=nobody%40vendor.test'))).toEqual([])

    const detail = await api('GET', `/api/v1/rooms/${made.json.id}`)
    expect(detail.status).toBe(200)
    const room = detail.json.room as Record<string, unknown>
    expect(room).toMatchObject({
      id: made.json.id,
      title: 'Globex pilot',
      template: 'pilot',
      buyerOrg: 'Globex',
      closeDate: '2027-03-31',
      owner: { email: cast.seller },
      members: 1,
      closedAt: null,
    })
    expect((room.health as { score: number }).score).toBeGreaterThanOrEqual(0)
    const plan = detail.json.plan as {
      milestones: Array<{ title: string; tasks: unknown[] }>
      progress: { total: number }
    }
    expect(plan.milestones).toHaveLength(3)
    expect(plan.progress.total).toBe(plan.milestones.reduce((sum, m) => sum + m.tasks.length, 0))
    expect(detail.json.consensus).toMatchObject({ businessCase: { agree: 0 }, objections: [] })
    expect((await api('GET', '/api/v1/rooms/nosuchroom')).status).toBe(404)

    const closed = await api('POST', `/api/v1/rooms/${made.json.id}/close`)
    expect(closed.status).toBe(200)
    expect((await test.storage.getRoom(String(made.json.id)))?.closedAt).toBe(closed.json.closedAt)
    expect(ids(await api('GET', '/api/v1/rooms?status=closed'))).toEqual([made.json.id])
    expect(ids(await api('GET', '/api/v1/rooms'))).toEqual([second.json.id, cast.roomId])
    expect((await api('POST', `/api/v1/rooms/${made.json.id}/close`)).status).toBe(409)
    const audit = await test.storage.listAudit({ roomId: String(made.json.id), limit: 10 })
    expect(audit.map((entry) => [entry.action, entry.actor?.startsWith('apikey:')])).toEqual([
      ['room.closed', true],
    ])
  })

  it('members: invited with a role (the link mailed), listed, revoked — the revoked person’s open room closes', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { api } = await keyFor(test, ['rooms:read', 'rooms:write'])
    const invited = await api('POST', `/api/v1/rooms/${cast.roomId}/members`, {
      email: 'Procurement@Acme.test',
      name: 'Pat Procurement',
      role: 'stakeholder',
    })
    expect(invited.status).toBe(201)
    expect(invited.json).toMatchObject({ role: 'stakeholder', outcome: 'invited' })
    expect(String(invited.json.url)).toMatch(/\/i\/[\w-]+$/)
    await eventually(async () => {
      const mail = (await test.storage.listOutbox(10)).find((m) => m.to === 'procurement@acme.test')
      expect(mail?.body).toContain(String(invited.json.url))
    })
    const members = await api('GET', `/api/v1/rooms/${cast.roomId}/members`)
    const list = members.json.members as Array<{ email: string; role: string; personId: string }>
    expect(list.map((member) => [member.email, member.role])).toContainEqual([
      'procurement@acme.test',
      'stakeholder',
    ])
    const wrongRole = await api('POST', `/api/v1/rooms/${cast.roomId}/members`, {
      email: 'x@acme.test',
      name: 'X',
      role: 'owner',
    })
    expect(wrongRole.json.error?.field).toBe('role')

    const champion = list.find((member) => member.email === cast.champion)
    const client = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.champion),
    )
    await client.synced
    const closes: number[] = []
    client.provider.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code))
    const revoked = await api(
      'POST',
      `/api/v1/rooms/${cast.roomId}/members/${champion?.personId}/revoke`,
    )
    expect(revoked.status).toBe(200)
    // Removed: their open room closes (4403) within a second, on every instance.
    await eventually(() => expect(closes).toContain(4403))
    expect(await test.storage.getMember(cast.roomId, champion?.personId ?? '')).toBeNull()
    const owner = list.find((member) => member.role === 'owner')
    expect(
      (await api('POST', `/api/v1/rooms/${cast.roomId}/members/${owner?.personId}/revoke`)).status,
    ).toBe(409)
  })

  it('plan: a task changed through the API shows live in an open room, is stored, and is in the room’s events', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { api } = await keyFor(test, ['rooms:read', 'rooms:write', 'events:read'])
    const owner = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await owner.synced
    const plan = await api('GET', `/api/v1/rooms/${cast.roomId}/plan`)
    const milestones = plan.json.milestones as Array<{
      tasks: Array<{ id: string; status: string }>
    }>
    const task = milestones[0]?.tasks[0]
    expect(task?.status).toBe('todo')
    const stakeholder = listStakeholders(owner.doc)[0]
    const changed = await api('POST', `/api/v1/rooms/${cast.roomId}/tasks/${task?.id}`, {
      status: 'done',
      dueDate: '2027-01-15',
      ownerId: stakeholder?.id ?? null,
    })
    expect(changed.status).toBe(200)
    expect(changed.json).toMatchObject({ id: task?.id, status: 'done', dueDate: '2027-01-15' })
    expect(changed.json.doneAt).toBeGreaterThan(0)
    // Live in the room someone has open, and stored.
    await eventually(() => {
      const live = listTasks(owner.doc).find((each) => each.id === task?.id)
      expect(live).toMatchObject({
        status: 'done',
        dueDate: '2027-01-15',
        ownerId: stakeholder?.id,
      })
    })
    const stored = listTasks(await loadRoomDoc(test.storage, cast.roomId)).find(
      (each) => each.id === task?.id,
    )
    expect(stored?.status).toBe('done')
    // Cleared with null; refused for a stakeholder or a task that does not exist.
    const cleared = await api('POST', `/api/v1/rooms/${cast.roomId}/tasks/${task?.id}`, {
      dueDate: null,
    })
    expect(cleared.json.dueDate).toBeNull()
    const noOwner = await api('POST', `/api/v1/rooms/${cast.roomId}/tasks/${task?.id}`, {
      ownerId: 'nobody',
    })
    expect([noOwner.status, noOwner.json.error?.field]).toEqual([400, 'ownerId'])
    expect(
      (await api('POST', `/api/v1/rooms/${cast.roomId}/tasks/nosuchtask`, { status: 'done' }))
        .status,
    ).toBe(404)

    // The completion is the room's activity, read through the events API.
    await eventually(async () => {
      const events = await api('GET', `/api/v1/rooms/${cast.roomId}/events?kind=task.completed`)
      expect(events.json.events).toEqual([
        expect.objectContaining({
          kind: 'task.completed',
          side: 'seller',
          detail: expect.objectContaining({ taskId: task?.id }),
        }),
      ])
    })
  })

  it('events: in the order recorded, a page at a time with a cursor, by kind and time; the last cursor gives only what is new', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { api } = await keyFor(test, ['events:read'])
    const event = (kind: 'room.opened' | 'comment.added' | 'section.viewed', at: number) => ({
      roomId: cast.roomId,
      personId: 'p1',
      side: 'buyer' as const,
      kind,
      section: kind === 'section.viewed' ? 'pricing' : null,
      durationMs: kind === 'section.viewed' ? 5_000 : null,
      detail: {},
      at,
    })
    await test.storage.appendEvents([
      event('room.opened', 1_000),
      event('section.viewed', 2_000),
      event('comment.added', 3_000),
      event('room.opened', 4_000),
      event('section.viewed', 5_000),
    ])
    const seen: Array<{ kind: string; at: number }> = []
    let cursor = ''
    for (let page = 0; page < 10; page++) {
      const answer = await api(
        'GET',
        `/api/v1/rooms/${cast.roomId}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(answer.status).toBe(200)
      const events = answer.json.events as Array<{ kind: string; at: number }>
      seen.push(...events)
      cursor = String(answer.json.next)
      if (events.length < 2) break
    }
    expect(seen.map((each) => each.at)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000])
    const ats = async (query: string) =>
      (
        (await api('GET', `/api/v1/rooms/${cast.roomId}/events?${query}`)).json.events as Array<{
          at: number
        }>
      ).map((each) => each.at)
    expect(await ats('kind=room.opened&kind=comment.added')).toEqual([1_000, 3_000, 4_000])
    expect(await ats('since=2000&until=5000')).toEqual([2_000, 3_000, 4_000])
    const unknown = await api('GET', `/api/v1/rooms/${cast.roomId}/events?kind=room.burned`)
    expect([unknown.status, unknown.json.error?.field]).toEqual([400, 'kind'])

    // Later, the last cursor gives only what happened since.
    await test.storage.appendEvents([event('comment.added', 6_000)])
    const fresh = await api('GET', `/api/v1/rooms/${cast.roomId}/events?cursor=${cursor}`)
    expect((fresh.json.events as Array<{ at: number }>).map((each) => each.at)).toEqual([6_000])
  })

  it('is rate-limited per key: past the limit 429 with Retry-After, while another key goes on', async () => {
    const test = await startTestServer(undefined, { API_RATE_LIMIT: '3' })
    const busy = await keyFor(test, ['rooms:read'])
    const calm = await keyFor(test, ['rooms:read'])
    for (let request = 0; request < 3; request++)
      expect((await busy.api('GET', '/api/v1/rooms')).status).toBe(200)
    const refused = await busy.api('GET', '/api/v1/rooms')
    expect(refused.status).toBe(429)
    expect(refused.json.error?.code).toBe('rate-limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await calm.api('GET', '/api/v1/rooms')).status).toBe(200)
  })
})
