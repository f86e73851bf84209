import { expect, it } from 'vitest'
import { type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

/** Deal stages and the team's templates. */
export function stagesContract(run: ContractRun): void {
  it('a room starts open; won and lost keep a reason; archived closes it and reopening opens it', () =>
    run.with('stages', async (storage) => {
      fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      expect(await storage.getRoomStage('room1')).toEqual({
        stage: 'open',
        reason: null,
        changedAt: null,
      })
      expect(await storage.getRoomStage('missing')).toBeNull()
      expect(await storage.setRoomStage('missing', 'won', null, 5)).toBe(false)

      expect(await storage.setRoomStage('room1', 'lost', 'Budget frozen', 2_000)).toBe(true)
      expect(await storage.getRoomStage('room1')).toEqual({
        stage: 'lost',
        reason: 'Budget frozen',
        changedAt: 2_000,
      })
      expect((await storage.getRoom('room1'))?.closedAt).toBeNull()

      await storage.setRoomStage('room1', 'archived', null, 3_000)
      expect((await storage.getRoom('room1'))?.closedAt).toBe(3_000)
      // Archiving again keeps the first closing time.
      await storage.setRoomStage('room1', 'archived', null, 4_000)
      expect((await storage.getRoom('room1'))?.closedAt).toBe(3_000)

      await storage.setRoomStage('room1', 'open', null, 5_000)
      expect((await storage.getRoom('room1'))?.closedAt).toBeNull()
      expect(await storage.getRoomStage('room1')).toEqual({
        stage: 'open',
        reason: null,
        changedAt: 5_000,
      })

      // Closing (the older word) is archiving.
      await secondRoom(storage, owner.id)
      await storage.closeRoom('room2', 6_000)
      expect(await storage.getRoomStage('room2')).toEqual({
        stage: 'archived',
        reason: null,
        changedAt: 6_000,
      })

      // The room list filters by stage and says each room's stage.
      const page = (stage: 'open' | 'archived' | null) =>
        storage.listRoomPage({
          personId: owner.id,
          sort: 'title',
          limit: 10,
          offset: 0,
          filter: stage === null ? {} : { stage },
        })
      const archived = await page('archived')
      expect(archived.rooms.map((room) => [room.id, room.stage.stage])).toEqual([
        ['room2', 'archived'],
      ])
      expect(archived.total).toBe(1)
      expect((await page(null)).rooms.map((room) => [room.id, room.stage.stage])).toEqual([
        ['room1', 'open'],
        ['room2', 'archived'],
      ])
    }))

  it('templates: saved by name, their rooms leave the deal lists, one default, deletion', () =>
    run.with('templates', async (storage) => {
      fakeClock(7_000)
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      expect(await storage.listTemplates()).toEqual([])
      expect(await storage.getDefaultTemplate()).toBeNull()

      const saved = await storage.createTemplate({
        id: 'tpl1',
        name: 'Enterprise',
        roomId: 'room2',
        anchorDay: '2026-03-01',
        createdBy: owner.id,
      })
      expect(saved).toEqual({
        id: 'tpl1',
        name: 'Enterprise',
        roomId: 'room2',
        anchorDay: '2026-03-01',
        createdBy: owner.id,
        createdAt: 7_000,
      })
      // A name is the team's: a second template of that name is refused.
      expect(
        await storage.createTemplate({
          id: 'tpl2',
          name: 'Enterprise',
          roomId: 'room1',
          anchorDay: '2026-03-01',
          createdBy: null,
        }),
      ).toBeNull()
      expect(await storage.getTemplate('tpl1')).toEqual(saved)
      expect(await storage.getTemplate('tpl2')).toBeNull()
      expect(await storage.findTemplateByName('Enterprise')).toEqual(saved)
      expect(await storage.findTemplateByName('enterprise ')).toBeNull()
      expect((await storage.listTemplates()).map((template) => template.name)).toEqual([
        'Enterprise',
      ])

      // The template's room is not a deal: gone from every list of rooms.
      expect((await storage.listRooms()).map((room) => room.id)).toEqual(['room1'])
      const page = await storage.listRoomPage({
        personId: owner.id,
        sort: 'activity',
        limit: 10,
        offset: 0,
      })
      expect([page.rooms.map((room) => room.id), page.total]).toEqual([['room1'], 1])
      const instance = await storage.listInstanceRooms({
        limit: 10,
        after: null,
        closed: null,
        ownerId: null,
        activeSince: null,
      })
      expect(instance.map((room) => room.id)).toEqual(['room1'])

      await storage.setDefaultTemplate('pilot')
      expect(await storage.getDefaultTemplate()).toBe('pilot')
      await storage.setDefaultTemplate('Enterprise')
      expect(await storage.getDefaultTemplate()).toBe('Enterprise')
      await storage.setDefaultTemplate(null)
      expect(await storage.getDefaultTemplate()).toBeNull()

      // Deleting the default template leaves no default behind.
      await storage.setDefaultTemplate('Enterprise')
      expect(await storage.deleteTemplate('tpl1')).toBe(true)
      expect(await storage.deleteTemplate('tpl1')).toBe(false)
      expect(await storage.getDefaultTemplate()).toBeNull()
      expect(await storage.listTemplates()).toEqual([])
    }))
}
