import { expect, it } from 'vitest'
import type { CrmLink } from '../crm.ts'
import { type ContractRun, roomFixture, secondRoom } from './harness.ts'

const link = (roomId: string, provider: CrmLink['provider'], externalId: string): CrmLink => ({
  roomId,
  provider,
  externalId,
  name: `Deal ${externalId}`,
  contacts: [{ id: 'c1', email: 'cfo@buyer.example', name: 'Ana Cfo', title: 'CFO', role: '' }],
  linkedBy: 'seller1',
  linkedAt: 5_000,
})

/** Rooms linked to CRM records, and the outbox delivering to a CRM only for linked rooms. */
export function crmContract(run: ContractRun): void {
  it('links: put, read, listed per room and per record, changed, deleted', () =>
    run.with('crm', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      expect(await storage.getCrmLink('room1', 'hubspot')).toBeNull()
      const stored = await storage.putCrmLink(link('room1', 'hubspot', 'deal-7'))
      expect(stored).toEqual(link('room1', 'hubspot', 'deal-7'))
      await storage.putCrmLink(link('room1', 'salesforce', '006A'))
      await storage.putCrmLink(link('room2', 'hubspot', 'deal-7'))
      expect(await storage.getCrmLink('room1', 'hubspot')).toEqual(stored)
      expect((await storage.listCrmLinks('room1')).map((each) => each.provider)).toEqual([
        'hubspot',
        'salesforce',
      ])
      expect((await storage.findCrmLinks('hubspot', 'deal-7')).map((each) => each.roomId)).toEqual([
        'room1',
        'room2',
      ])
      expect(await storage.findCrmLinks('salesforce', 'deal-7')).toEqual([])

      // Linking again replaces the record and what was read of it.
      const relinked = await storage.putCrmLink({
        ...link('room1', 'hubspot', 'deal-8'),
        contacts: [],
        linkedAt: 6_000,
      })
      expect(relinked).toMatchObject({ externalId: 'deal-8', contacts: [], linkedAt: 6_000 })
      expect((await storage.findCrmLinks('hubspot', 'deal-7')).map((each) => each.roomId)).toEqual([
        'room2',
      ])

      expect(await storage.deleteCrmLink('room1', 'hubspot')).toBe(true)
      expect(await storage.deleteCrmLink('room1', 'hubspot')).toBe(false)
      expect(await storage.getCrmLink('room1', 'hubspot')).toBeNull()
    }))

  it('a CRM connection is delivered the events of linked rooms only', () =>
    run.with('crm', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      await storage.createSubscription({
        id: 'hub',
        kind: 'hubspot',
        url: 'https://api.hubapi.example',
        events: ['milestone.signed_off'],
        secret: '{"token":"pat"}',
        createdBy: owner.id,
      })
      await storage.createSubscription({
        id: 'hook',
        kind: 'webhook',
        url: 'https://hooks.example/all',
        events: ['milestone.signed_off'],
        secret: 'whsec_x',
        createdBy: owner.id,
      })
      await storage.putCrmLink(link('room1', 'hubspot', 'deal-1'))
      const event = (roomId: string, n: number) => ({
        id: `evt_${roomId}_${n}`,
        type: 'milestone.signed_off',
        roomId,
        data: { room: { id: roomId } },
        at: 7_000 + n,
      })
      // room1 is linked: the CRM and the webhook; room2 is not: the webhook only.
      expect(await storage.recordOutboxEvents([event('room1', 1), event('room2', 2)])).toBe(3)
      const claimed = await storage.claimDeliveries(8_000, 10, 30_000)
      expect(
        claimed.map(({ subscription, event }) => `${subscription.kind}:${event.roomId}`).sort(),
      ).toEqual(['hubspot:room1', 'webhook:room1', 'webhook:room2'])
    }))
}
