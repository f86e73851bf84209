import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Action, can, ROLES, type Role } from '../../../shared/src/access.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import { addTask, listMilestones } from '../../../shared/src/room/index.ts'
import { createRoom } from '../collaboration/rooms.ts'
import {
  connect,
  eventually,
  httpSession,
  secretOf,
  startTestServer,
  type TestServer,
  tokenFor,
} from '../testing/harness.ts'
import { RawClient, syncStep1Frame } from '../testing/raw.ts'
import { inviteBuyer } from './invites.ts'
import { addSeller } from './people.ts'

interface Seat {
  role: Role
  email: string
  personId: string
  http: (method: string, path: string, body?: unknown) => Promise<number>
}

/** A room with one person in every role, each signed in through their own link. */
async function roomWithEveryRole(context: TestServer, tag: string) {
  const { storage, httpUrl } = context
  const owner = await addSeller(storage, httpUrl, {
    email: `owner-${tag}@vendor.test`,
    name: 'Owner',
  })
  const teammate = await addSeller(storage, httpUrl, {
    email: `seller-${tag}@vendor.test`,
    name: 'Teammate',
  })
  const room = await createRoom(storage, { ownerEmail: owner.person.email, title: `Room ${tag}` })
  await storage.putMember(room.id, teammate.person.id, 'seller')
  const seats = new Map<Role, Seat>()
  const sit = async (
    role: Role,
    email: string,
    personId: string,
    link: string,
    kind: 'signin' | 'invite',
  ) => {
    const session = httpSession(httpUrl)
    const http = async (method: string, path: string, body?: unknown) =>
      (await session(method, path, body)).status
    expect(
      await http('POST', '/api/links/redeem', { secret: secretOf(link) }),
      `${role} signs in (${kind})`,
    ).toBe(200)
    seats.set(role, { role, email, personId, http })
  }
  await sit('owner', owner.person.email, owner.person.id, owner.signIn.url, 'signin')
  await sit('seller', teammate.person.email, teammate.person.id, teammate.signIn.url, 'signin')
  for (const role of ['champion', 'stakeholder', 'viewer'] as const) {
    const email = `${role}-${tag}@buyer.test`
    const { person, invite } = await inviteBuyer(storage, httpUrl, {
      roomId: room.id,
      email,
      name: role,
      role,
      ttlMs: null,
    })
    await sit(role, email, person.id, invite.url, 'invite')
  }
  return { roomId: room.id, seats }
}

describe('authorization matrix: every role × every action, over HTTP and the socket', () => {
  it('matches the permission table exactly, and no canary leaks', async () => {
    const context = await startTestServer()
    const { storage, wsUrl } = context
    const main = await roomWithEveryRole(context, 'a')
    const other = await roomWithEveryRole(context, 'b')

    // Canaries: a task in room B and a note in room A's internal document.
    const ownerB = other.seats.get('owner')
    const ownerA = main.seats.get('owner')
    if (!ownerA || !ownerB) throw new Error('no owners')
    const writerB = connect(
      wsUrl,
      other.roomId,
      await tokenFor(storage, other.roomId, ownerB.email),
    )
    const internalA = connect(
      wsUrl,
      main.roomId,
      await tokenFor(storage, main.roomId, ownerA.email),
      'internal',
    )
    await Promise.all([writerB.synced, internalA.synced])
    addTask(writerB.doc, {
      milestoneId: listMilestones(writerB.doc)[0]?.id ?? '',
      title: 'CANARY-ROOM-B',
    })
    internalA.doc.getMap('importantSections').set('CANARY-INTERNAL', true)
    await eventually(() =>
      expect(writerB.allAcknowledged() && internalA.allAcknowledged()).toBe(true),
    )

    const mismatches: string[] = []
    const expectAllowed = (role: Role, action: Action, allowed: boolean, how: string) => {
      if (allowed !== can(role, action))
        mismatches.push(`${role} ${action} via ${how}: got ${allowed ? 'allowed' : 'refused'}`)
    }
    const received: Array<{ role: Role; bytes: Buffer }> = []

    for (const role of ROLES) {
      const seat = main.seats.get(role)
      if (!seat) throw new Error(`no ${role}`)
      const base = `/api/rooms/${main.roomId}`
      const ok = (status: number) => status >= 200 && status < 300
      const refusedOrOk = (status: number) => {
        if (!ok(status) && status !== 403) mismatches.push(`${role}: unexpected status ${status}`)
        return ok(status)
      }
      expectAllowed(role, 'readRoom', refusedOrOk(await seat.http('GET', base)), 'GET room')
      expectAllowed(
        role,
        'invite',
        refusedOrOk(
          await seat.http('POST', `${base}/invites`, {
            email: `new-${role}@buyer.test`,
            name: 'New',
            role: 'viewer',
          }),
        ),
        'POST invites',
      )
      const viewer = main.seats.get('viewer')
      expectAllowed(
        role,
        'changeRoles',
        refusedOrOk(
          await seat.http('POST', `${base}/members/${viewer?.personId}/role`, { role: 'viewer' }),
        ),
        'POST role',
      )
      const { person: victim } = await inviteBuyer(storage, context.httpUrl, {
        roomId: main.roomId,
        email: `victim-${role}@buyer.test`,
        name: 'Victim',
        role: 'viewer',
        ttlMs: null,
      })
      expectAllowed(
        role,
        'revokeAccess',
        refusedOrOk(await seat.http('POST', `${base}/members/${victim.id}/revoke`)),
        'POST revoke',
      )
      expectAllowed(
        role,
        'manageAccess',
        refusedOrOk(await seat.http('POST', `${base}/access`, { mode: 'invited' })),
        'POST access',
      )
      expectAllowed(
        role,
        'seeInsights',
        refusedOrOk(await seat.http('GET', `${base}/insights`)),
        'GET insights',
      )
      expectAllowed(
        role,
        'seeAudit',
        refusedOrOk(await seat.http('GET', `${base}/audit`)),
        'GET audit',
      )
      expectAllowed(
        role,
        'export',
        refusedOrOk(await seat.http('GET', `${base}/export`)),
        'GET export',
      )
      // Nobody in room A reaches anything of room B.
      if ((await seat.http('GET', `/api/rooms/${other.roomId}`)) !== 403)
        mismatches.push(`${role} read room B over HTTP`)

      // Over the socket: connect, read, write, awareness, internal document.
      const token = await tokenFor(storage, main.roomId, seat.email)
      const raw = await RawClient.open(wsUrl)
      raw.socket.on('message', (data: Buffer) => received.push({ role, bytes: data }))
      const shared = documentName(main.roomId)
      const sync = async (name: string) => {
        raw.send(syncStep1Frame(name, Y.encodeStateVector(new Y.Doc())))
        await raw.next((message) => message.document === name && message.type === 0)
      }
      const sharedOpen = (await raw.authenticate(shared, token)).ok
      expectAllowed(role, 'readRoom', sharedOpen, 'socket connect')
      if (sharedOpen) await sync(shared)
      const base64 = new Y.Doc()
      const update = (() => {
        const before = Y.encodeStateVector(base64)
        base64.getMap('tasks').set(`task-by-${role}`, new Y.Map())
        return Y.encodeStateAsUpdate(base64, before)
      })()
      expectAllowed(role, 'editPlan', await raw.sendUpdate(shared, update), 'socket write')
      const internalName = documentName(main.roomId, 'internal')
      const internalOpen = (await raw.authenticate(internalName, token)).ok
      expectAllowed(role, 'readInternal', internalOpen, 'socket internal')
      if (internalOpen) await sync(internalName)
      // Room B's documents refuse a room-A token whatever the role.
      if ((await raw.authenticate(documentName(other.roomId), token)).ok)
        mismatches.push(`${role} opened room B with a room-A token`)
      // Presence: every member may publish it (the presence guard decides what it says).
      raw.send(awarenessFrame(shared))
      raw.socket.close()
      await raw.closed
    }

    // The close action, last: on a room of its own per role.
    for (const role of ROLES) {
      const own = await roomWithEveryRole(context, `close-${role}`)
      const seat = own.seats.get(role)
      if (!seat) throw new Error('no seat')
      const status = await seat.http('POST', `/api/rooms/${own.roomId}/close`)
      expectAllowed(role, 'closeRoom', status === 200, 'POST close')
    }

    expect(mismatches).toEqual([])
    const leaked = received.filter(({ role, bytes }) => {
      const text = bytes.toString('latin1')
      return (
        text.includes('CANARY-ROOM-B') ||
        (!can(role, 'readInternal') && text.includes('CANARY-INTERNAL'))
      )
    })
    expect(leaked.map(({ role }) => role)).toEqual([])
    // And the seller team did receive the internal canary (the check can see it).
    expect(
      received.some(
        ({ role, bytes }) =>
          role === 'owner' && bytes.toString('latin1').includes('CANARY-INTERNAL'),
      ),
    ).toBe(true)
  })
})

/** An awareness update for a client id of our own, as a provider would send. */
function awarenessFrame(document: string): Uint8Array {
  const doc = new Y.Doc()
  const bytes = new TextEncoder().encode(JSON.stringify({ user: { name: 'me' } }))
  const out: number[] = []
  const varUint = (n: number) => {
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80)
      n >>>= 7
    }
    out.push(n)
  }
  const name = new TextEncoder().encode(document)
  varUint(name.length)
  out.push(...name)
  varUint(1) // awareness
  const inner: number[] = []
  const innerVarUint = (n: number) => {
    while (n > 0x7f) {
      inner.push((n & 0x7f) | 0x80)
      n >>>= 7
    }
    inner.push(n)
  }
  innerVarUint(1)
  innerVarUint(doc.clientID)
  innerVarUint(1)
  innerVarUint(bytes.length)
  inner.push(...bytes)
  varUint(inner.length)
  out.push(...inner)
  return new Uint8Array(out)
}
