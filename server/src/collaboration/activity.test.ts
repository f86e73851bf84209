import { describe, expect, it } from 'vitest'
import { roots } from '../../../shared/src/room/index.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'

describe('a room’s last activity', () => {
  it('moves when someone edits the room (room lists sort by it), not when they only open it', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const lastActivity = async () => (await test.storage.getRoom(cast.roomId))?.lastActivityAt
    const created = await lastActivity()
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await seller.synced
    expect(await lastActivity()).toBe(created)

    // A clock tick later, so the edit's time differs from the room's creation.
    await eventually(() => expect(Date.now()).toBeGreaterThan(created ?? Number.POSITIVE_INFINITY))
    const edited = Date.now()
    roots.meta(seller.doc).set('title', 'Acme rollout, phase two')
    await eventually(() => expect(seller.allAcknowledged()).toBe(true))
    await eventually(async () => expect(await lastActivity()).toBeGreaterThanOrEqual(edited))
  })
})
