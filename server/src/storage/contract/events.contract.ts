import { expect, it } from 'vitest'
import type { EngagementEvent, EngagementKind, EventFilter } from '../events.ts'
import { type ContractRun, roomFixture } from './harness.ts'

function event(personId: string, kind: EngagementKind, at: number): EngagementEvent {
  return {
    roomId: 'room1',
    personId,
    side: 'buyer',
    kind,
    section: null,
    durationMs: null,
    detail: { at },
    at,
  }
}

export function eventsContract(run: ContractRun): void {
  it('events: in time order (ties as recorded), narrowed by time, person and kind', () =>
    run.with('events', async (storage) => {
      await storage.appendEvents([
        event('cfo', 'room.opened', 10),
        event('cfo', 'comment.added', 20),
        event('champion', 'task.added', 20),
        event('champion', 'business-case.edited', 30),
        event('cfo', 'room.left', 40),
      ])
      await storage.appendEvents([])
      await storage.appendEvents([
        { ...event('cfo', 'room.opened', 15), roomId: 'room2' },
        {
          ...event('champion', 'section.viewed', 25),
          side: 'seller',
          section: 'pricing',
          durationMs: 4_000,
          detail: { nested: { list: [1, 'two'] } },
        },
      ])
      const list = async (filter: Omit<EventFilter, 'roomId'>) =>
        (await storage.listEvents({ roomId: 'room1', ...filter })).map(
          (e) => `${e.personId} ${e.kind} ${e.at}`,
        )
      expect(await list({})).toEqual([
        'cfo room.opened 10',
        'cfo comment.added 20',
        'champion task.added 20',
        'champion section.viewed 25',
        'champion business-case.edited 30',
        'cfo room.left 40',
      ])
      // Every field comes back as written.
      const all = await storage.listEvents({ roomId: 'room1' })
      expect(all[0]).toEqual(event('cfo', 'room.opened', 10))
      expect(all[3]).toEqual({
        ...event('champion', 'section.viewed', 25),
        side: 'seller',
        section: 'pricing',
        durationMs: 4_000,
        detail: { nested: { list: [1, 'two'] } },
      })
      expect(await list({ since: 20, before: 40 })).toEqual([
        'cfo comment.added 20',
        'champion task.added 20',
        'champion section.viewed 25',
        'champion business-case.edited 30',
      ])
      expect(await list({ personId: 'cfo', kinds: ['room.opened', 'room.left'] })).toEqual([
        'cfo room.opened 10',
        'cfo room.left 40',
      ])
      expect(await list({ kinds: [] })).toEqual([])
      expect(await storage.listEvents({ roomId: 'room3' })).toEqual([])
      expect(await storage.hasEvents('room1', 'champion')).toBe(true)
      expect(await storage.hasEvents('room2', 'champion')).toBe(false)
      expect(await storage.hasEvents('room1', 'stranger')).toBe(false)
    }))

  it('digest: when a person was last sent one, and whether they opted out', () =>
    run.with('events', async (storage) => {
      const { owner } = await roomFixture(storage)
      const never = { sentAt: null, optOut: false }
      expect(await storage.digestState(owner.id)).toEqual(never)
      expect(await storage.digestState('stranger')).toEqual(never)
      await storage.setDigestState(owner.id, { sentAt: 1_000 })
      expect(await storage.digestState(owner.id)).toEqual({ sentAt: 1_000, optOut: false })
      await storage.setDigestState(owner.id, { optOut: true })
      expect(await storage.digestState(owner.id)).toEqual({ sentAt: 1_000, optOut: true })
      await storage.setDigestState(owner.id, { sentAt: 2_000, optOut: false })
      expect(await storage.digestState(owner.id)).toEqual({ sentAt: 2_000, optOut: false })
      await storage.setDigestState(owner.id, {})
      expect(await storage.digestState(owner.id)).toEqual({ sentAt: 2_000, optOut: false })
    }))
}
