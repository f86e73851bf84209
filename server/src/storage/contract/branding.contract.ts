import { expect, it } from 'vitest'
import { buyer, type ContractRun, roomFixture, secondRoom } from './harness.ts'

const KEY_A = 'a'.repeat(64)
const KEY_B = 'b'.repeat(64)

export function brandingContract(run: ContractRun): void {
  it('branding: the workspace brand starts empty, a patch keeps what it leaves out, null clears', () =>
    run.with('branding', async (storage) => {
      expect(await storage.getWorkspaceBrand()).toEqual({
        accent: null,
        mailName: null,
        logoKey: null,
        updatedAt: 0,
      })
      await storage.putWorkspaceBrand({ accent: '#1d4ed8', mailName: 'Vendor Sales' }, 1_000)
      const withLogo = await storage.putWorkspaceBrand({ logoKey: KEY_A }, 2_000)
      expect(withLogo).toEqual({
        accent: '#1d4ed8',
        mailName: 'Vendor Sales',
        logoKey: KEY_A,
        updatedAt: 2_000,
      })
      expect(await storage.getWorkspaceBrand()).toEqual(withLogo)
      await storage.putWorkspaceBrand({ accent: null, logoKey: KEY_B }, 3_000)
      expect(await storage.getWorkspaceBrand()).toEqual({
        accent: null,
        mailName: 'Vendor Sales',
        logoKey: KEY_B,
        updatedAt: 3_000,
      })
    }))

  it('branding: each room has its own buyer logo and welcome note', () =>
    run.with('branding', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      expect(await storage.getRoomBrand('room1')).toEqual({
        roomId: 'room1',
        buyerLogoKey: null,
        welcomeNote: '',
        updatedAt: 0,
      })
      await storage.putRoomBrand('room1', { welcomeNote: 'Welcome, Acme team!' }, 1_000)
      expect(await storage.putRoomBrand('room1', { buyerLogoKey: KEY_A }, 2_000)).toEqual({
        roomId: 'room1',
        buyerLogoKey: KEY_A,
        welcomeNote: 'Welcome, Acme team!',
        updatedAt: 2_000,
      })
      expect((await storage.getRoomBrand('room1')).welcomeNote).toBe('Welcome, Acme team!')
      expect(await storage.getRoomBrand('room2')).toMatchObject({ welcomeNote: '', updatedAt: 0 })
      await storage.putRoomBrand('room1', { buyerLogoKey: null }, 3_000)
      expect(await storage.getRoomBrand('room1')).toMatchObject({
        buyerLogoKey: null,
        welcomeNote: 'Welcome, Acme team!',
      })
    }))

  it('branding: the welcome note is seen once per person and room', () =>
    run.with('branding', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      expect(await storage.hasSeenWelcome('room1', cfo.id)).toBe(false)
      expect(await storage.markWelcomeSeen('room1', cfo.id, 1_000)).toBe(true)
      expect(await storage.markWelcomeSeen('room1', cfo.id, 2_000)).toBe(false)
      expect(await storage.hasSeenWelcome('room1', cfo.id)).toBe(true)
      expect(await storage.hasSeenWelcome('room2', cfo.id)).toBe(false)
      expect(await storage.hasSeenWelcome('room1', owner.id)).toBe(false)
    }))
}
