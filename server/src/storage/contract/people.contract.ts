import { expect, it } from 'vitest'
import { type ContractRun, fakeClock, roomFixture } from './harness.ts'

export function peopleContract(run: ContractRun): void {
  it('e-mails are stored trimmed and lower-case, unique, and found in any case', () =>
    run.with('people', async (storage) => {
      fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      expect(owner).toEqual({
        id: owner.id,
        email: 'owner@vendor.example',
        name: 'Owner',
        kind: 'seller',
        createdAt: 1_000,
      })
      expect(await storage.findPersonByEmail(' OWNER@vendor.example')).toEqual(owner)
      expect(await storage.findPersonByEmail('someone@vendor.example')).toBeNull()
      expect(await storage.getPerson(owner.id)).toEqual(owner)
      expect(await storage.getPerson('missing')).toBeNull()
      await expect(
        storage.createPerson({ email: 'owner@VENDOR.example', name: 'Twin', kind: 'buyer' }),
      ).rejects.toThrow()
    }))

  it('counts sellers and buyers apart', () =>
    run.with('people', async (storage) => {
      expect(await storage.countPeople('seller')).toBe(0)
      await roomFixture(storage)
      await storage.createPerson({ email: 'b@buyer.example', name: 'B', kind: 'buyer' })
      await storage.createPerson({ email: 'c@buyer.example', name: 'C', kind: 'buyer' })
      expect(await storage.countPeople('seller')).toBe(1)
      expect(await storage.countPeople('buyer')).toBe(2)
    }))

  it('the first seller account is the oldest one', () =>
    run.with('people', async (storage) => {
      const clock = fakeClock(1_000)
      expect(await storage.firstSeller()).toBeNull()
      await storage.createPerson({ email: 'b@buyer.example', name: 'B', kind: 'buyer' })
      clock.set(2_000)
      const { owner } = await roomFixture(storage)
      clock.set(3_000)
      await storage.createPerson({ email: 'late@vendor.example', name: 'L', kind: 'seller' })
      expect(await storage.firstSeller()).toEqual(owner)
    }))
}
