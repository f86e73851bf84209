import { performance } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import { addTask, listMilestones } from '../../../shared/src/room/index.ts'
import { inviteBuyer } from '../access/invites.ts'
import { revokeMember } from '../access/revocation.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient, syncStep1Frame } from '../testing/raw.ts'

interface Socket {
  roomId: string
  personId: string
  email: string
  token: string
  raw: RawClient
  closedAt: number | null
  framesAfterClose: number
}

describe('revocation reaches sockets that are already open', () => {
  it('200 sockets in 20 rooms, 50 revoked from another process: closed within a second, no way back; the rest stay up', async () => {
    const context = await startTestServer()
    const { storage, wsUrl, dataDir } = context
    const sockets: Socket[] = []
    const rooms: string[] = []
    for (let r = 0; r < 20; r++) {
      const cast = await seedCast(storage, `r${r}`)
      rooms.push(cast.roomId)
      for (let p = 0; p < 10; p++) {
        const email = `p${p}-r${r}@buyer.test`
        const { person } = await inviteBuyer(storage, 'http://q.test', {
          roomId: cast.roomId,
          email,
          name: `P${p}`,
          role: 'stakeholder',
          ttlMs: null,
        })
        const token = await tokenFor(storage, cast.roomId, email)
        const raw = await RawClient.open(wsUrl)
        const name = documentName(cast.roomId)
        expect((await raw.authenticate(name, token)).ok).toBe(true)
        raw.send(syncStep1Frame(name, Y.encodeStateVector(new Y.Doc())))
        const socket: Socket = {
          roomId: cast.roomId,
          personId: person.id,
          email,
          token,
          raw,
          closedAt: null,
          framesAfterClose: 0,
        }
        raw.socket.on('message', () => {
          if (socket.closedAt !== null) socket.framesAfterClose++
        })
        raw.socket.on('close', () => {
          socket.closedAt = performance.now()
        })
        sockets.push(socket)
      }
    }
    expect(context.server.sockets.size).toBe(200)

    // The CLI's path: another connection to the same SQLite file, as another process would have.
    const cli = new SqliteStorage(sqliteFile({ dataDir }))
    const revoked = sockets.filter((_, index) => index % 4 === 0)
    const revokedAt = new Map<Socket, number>()
    for (const socket of revoked) {
      await revokeMember(cli, socket.roomId, socket.personId, { id: 'cli', ip: null })
      revokedAt.set(socket, performance.now())
    }
    await cli.close()

    await eventually(
      () => expect(revoked.every((socket) => socket.closedAt !== null)).toBe(true),
      3000,
    )
    const latencies = revoked.map(
      (socket) => (socket.closedAt ?? Number.POSITIVE_INFINITY) - (revokedAt.get(socket) ?? 0),
    )
    expect(Math.max(...latencies)).toBeLessThan(1000)

    // The others are still connected, and still receive edits made now.
    const kept = sockets.filter((socket) => !revoked.includes(socket))
    expect(kept.every((socket) => socket.closedAt === null)).toBe(true)
    const firstRoom = rooms[0] ?? ''
    const writer = connect(
      wsUrl,
      firstRoom,
      await tokenFor(storage, firstRoom, 'sellerr0@vendor.test'),
    )
    await writer.synced
    const before = kept.filter((s) => s.roomId === firstRoom).map((s) => s.raw.messages.length)
    addTask(writer.doc, {
      milestoneId: listMilestones(writer.doc)[0]?.id ?? '',
      title: 'After the revocations',
    })
    await eventually(() => {
      const now = kept.filter((s) => s.roomId === firstRoom).map((s) => s.raw.messages.length)
      expect(now.every((count, index) => count > (before[index] ?? 0))).toBe(true)
    })
    expect(revoked.reduce((sum, socket) => sum + socket.framesAfterClose, 0)).toBe(0)

    // No way back in: the old token is refused at once.
    for (const socket of revoked.slice(0, 10)) {
      const again = await RawClient.open(wsUrl)
      expect(await again.authenticate(documentName(socket.roomId), socket.token)).toEqual({
        ok: false,
        detail: 'not-a-member',
      })
      again.socket.close()
    }
  })

  it('closing (archiving) a room disconnects its buyers and refuses them; the seller team reconnects read-only', async () => {
    const { storage, wsUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const champion = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.champion),
    )
    const seller = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.seller),
      'internal',
    )
    await Promise.all([champion.synced, seller.synced])
    const closes = new Map<string, number[]>([
      ['champion', []],
      ['seller', []],
    ])
    for (const [who, client] of [
      ['champion', champion],
      ['seller', seller],
    ] as const) {
      client.provider.on('close', ({ event }: { event: { code: number } }) =>
        closes.get(who)?.push(event.code),
      )
    }
    const championToken = await tokenFor(storage, cast.roomId, cast.champion)
    const sellerToken = await tokenFor(storage, cast.roomId, cast.seller)
    const { closeRoom } = await import('../access/revocation.ts')
    await closeRoom(storage, cast.roomId, { id: 'cli', ip: null })
    // The buyer's socket ends with "room closed"; the seller's is told to reconnect (its rights
    // changed: an archived room is read-only).
    await eventually(() => {
      expect(closes.get('champion')).toContain(4403)
      expect(closes.get('seller')).toContain(4205)
    }, 2000)
    const raw = await RawClient.open(wsUrl)
    expect(await raw.authenticate(documentName(cast.roomId), championToken)).toMatchObject({
      ok: false,
    })
    const team = await RawClient.open(wsUrl)
    expect(await team.authenticate(documentName(cast.roomId), sellerToken)).toEqual({
      ok: true,
      detail: 'readonly',
    })
  })
})
