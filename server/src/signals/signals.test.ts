import { describe, expect, it } from 'vitest'
import { documentName } from '../../../shared/src/protocol.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { awarenessFrame, RawClient } from '../testing/raw.ts'

type PresenceState = { user?: { id?: string; name?: string }; section?: string }

describe('trusted presence (raw frames from a read-only buyer)', () => {
  it('refuses forged, phantom and nulling frames; real clients keep their presence, two ids in one frame included', async () => {
    const { storage, wsUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const name = documentName(cast.roomId)
    const seller = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.seller))
    const observer = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.champion),
    )
    await Promise.all([seller.synced, observer.synced])
    seller.provider.awareness?.setLocalStateField('user', { name: 'Sam Seller', color: '#2f6fdf' })
    const victimId = seller.doc.clientID
    const states = () =>
      observer.provider.awareness?.getStates() ?? new Map<number, PresenceState>()
    await eventually(() =>
      expect((states().get(victimId) as PresenceState | undefined)?.user?.name).toBe('Sam Seller'),
    )

    const viewer = await RawClient.open(wsUrl)
    expect(
      (await viewer.authenticate(name, await tokenFor(storage, cast.roomId, cast.viewer))).ok,
    ).toBe(true)
    const ownId = 4242
    // Its own first frame: accepted, but the name it claims is replaced by who it really is.
    viewer.send(
      awarenessFrame(name, [
        {
          clientId: ownId,
          clock: 1,
          state: { user: { id: 'cfo', name: 'The CFO' }, section: 'overview' },
        },
      ]),
    )
    await eventually(() =>
      expect((states().get(ownId) as PresenceState | undefined)?.user?.name).toBe('viewer'),
    )

    // Forge the seller's entry, add a phantom, null the seller: all dropped.
    viewer.send(
      awarenessFrame(name, [
        { clientId: victimId, clock: 999, state: { user: { name: 'Hacker' } } },
      ]),
    )
    viewer.send(
      awarenessFrame(name, [
        { clientId: 777777, clock: 1, state: { user: { name: 'Phantom CFO' } } },
      ]),
    )
    viewer.send(awarenessFrame(name, [{ clientId: victimId, clock: 1000, state: null }]))
    // A last, legitimate frame from the same socket: once it shows, the earlier ones were handled.
    viewer.send(awarenessFrame(name, [{ clientId: ownId, clock: 2, state: { section: 'plan' } }]))
    await eventually(() =>
      expect((states().get(ownId) as PresenceState | undefined)?.section).toBe('plan'),
    )

    expect((states().get(victimId) as PresenceState | undefined)?.user?.name).toBe('Sam Seller')
    expect(states().has(777777)).toBe(false)
    const names = [...states().values()].map((state) => (state as PresenceState).user?.name)
    expect(names.filter((n) => n === 'Hacker' || n === 'Phantom CFO' || n === 'The CFO')).toEqual(
      [],
    )

    // A real client sending two ids in its first frame keeps both, stamped as itself.
    const stakeholder = await RawClient.open(wsUrl)
    expect(
      (await stakeholder.authenticate(name, await tokenFor(storage, cast.roomId, cast.stakeholder)))
        .ok,
    ).toBe(true)
    stakeholder.send(
      awarenessFrame(name, [
        { clientId: 5001, clock: 1, state: { section: 'plan' } },
        { clientId: 5002, clock: 1, state: { section: 'business-case' } },
      ]),
    )
    await eventually(() => {
      expect((states().get(5001) as PresenceState | undefined)?.user?.name).toBe('stakeholder')
      expect((states().get(5002) as PresenceState | undefined)?.user?.name).toBe('stakeholder')
    })
  })
})

describe('engagement events', () => {
  it('attributes dwell by the server clock: 3 s on A, idle, 2 s on B; a lying clock changes nothing', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const name = documentName(cast.roomId)
    const raw = await RawClient.open(wsUrl)
    expect(
      (await raw.authenticate(name, await tokenFor(storage, cast.roomId, cast.stakeholder))).ok,
    ).toBe(true)
    const id = 9001
    let clock = 0
    const show = (state: Record<string, unknown>) =>
      raw.send(awarenessFrame(name, [{ clientId: id, clock: ++clock, state }]))
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    // The waits below are the scenario itself (time spent on a section), not waits for a condition.
    show({ section: 'plan', active: true, since: 0, dwellMs: 9_999_999 })
    await pause(3000)
    show({ section: 'plan', active: false })
    await pause(1000)
    show({ section: 'business-case', active: true, at: Date.now() - 3_600_000 })
    await pause(2000)
    raw.socket.close()
    await raw.closed
    await eventually(async () => {
      const viewed = (await storage.listEvents({ roomId: cast.roomId })).filter(
        (e) => e.kind === 'section.viewed',
      )
      expect(viewed.map((e) => e.section)).toEqual(['plan', 'business-case'])
    })
    const events = await storage.listEvents({ roomId: cast.roomId })
    const viewed = events.filter((e) => e.kind === 'section.viewed')
    const person = await storage.findPersonByEmail(cast.stakeholder)
    expect(viewed.every((e) => e.personId === person?.id && e.side === 'buyer')).toBe(true)
    expect(viewed[0]?.durationMs).toBeGreaterThan(2700)
    expect(viewed[0]?.durationMs).toBeLessThan(3300)
    expect(viewed[1]?.durationMs).toBeGreaterThan(1800)
    expect(viewed[1]?.durationMs).toBeLessThan(2200)
    expect(events.map((e) => e.kind)).toEqual([
      'stakeholder.first-seen',
      'room.opened',
      'section.viewed',
      'section.viewed',
      'room.left',
    ])
    expect(server.bus).toBeDefined()
  })

  it('seller-team views and edits never count as buyer engagement', async () => {
    const { storage, wsUrl, server } = await startTestServer()
    const cast = await seedCast(storage)
    const seller = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.seller))
    await seller.synced
    const serverSection = () => {
      const document = server.collaboration.hocuspocus.documents.get(documentName(cast.roomId))
      return (document?.awareness.getStates().get(seller.doc.clientID) as PresenceState | undefined)
        ?.section
    }
    for (const section of ['business-case', 'plan']) {
      seller.provider.awareness?.setLocalStateField('section', section)
      await eventually(() => expect(serverSection()).toBe(section))
    }
    seller.destroy()
    await eventually(async () =>
      expect(
        (await storage.listEvents({ roomId: cast.roomId })).some((e) => e.kind === 'room.left'),
      ).toBe(true),
    )
    const events = await storage.listEvents({ roomId: cast.roomId })
    expect(events.filter((e) => e.kind === 'section.viewed').map((e) => e.section)).toEqual([
      'business-case',
      'plan',
    ])
    expect(events.filter((e) => e.side === 'buyer')).toEqual([])
  })
})
