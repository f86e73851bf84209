import { expect, it } from 'vitest'
import type { LinkKind } from '../access.ts'
import type { Storage } from '../storage.ts'
import { buyer, type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

function link(
  storage: Storage,
  tokenHash: string,
  kind: LinkKind,
  personId: string | null,
  roomId: string | null,
  expiresAt: number | null = null,
) {
  return storage.createLink({ kind, tokenHash, personId, roomId, expiresAt })
}

export function accessContract(run: ContractRun): void {
  it('sessions: found by hash; a revoked session stays revoked at its first time', () =>
    run.with('access', async (storage) => {
      fakeClock(100)
      const { owner } = await roomFixture(storage)
      await storage.createSession('hash1', { personId: owner.id, roomId: 'room1', expiresAt: 1000 })
      expect(await storage.getSession('hash1')).toEqual({
        personId: owner.id,
        roomId: 'room1',
        createdAt: 100,
        expiresAt: 1000,
        revokedAt: null,
      })
      await storage.revokeSession('hash1', 50)
      await storage.revokeSession('hash1', 60)
      expect((await storage.getSession('hash1'))?.revokedAt).toBe(50)
      expect(await storage.getSession('nope')).toBeNull()
    }))

  it("sessions: a person's are revoked for one room or everywhere, each once", () =>
    run.with('access', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      const session = (hash: string, personId: string, roomId: string | null) =>
        storage.createSession(hash, { personId, roomId, expiresAt: 1000 })
      await session('cfo-room1', cfo.id, 'room1')
      await session('cfo-room1-again', cfo.id, 'room1')
      await session('cfo-room2', cfo.id, 'room2')
      await session('owner', owner.id, null)
      expect(await storage.revokeSessions({ personId: cfo.id, roomId: 'room1' }, 7)).toBe(2)
      expect((await storage.getSession('cfo-room2'))?.revokedAt).toBeNull()
      expect(await storage.revokeSessions({ personId: cfo.id }, 8)).toBe(1)
      expect((await storage.getSession('cfo-room1'))?.revokedAt).toBe(7)
      expect((await storage.getSession('cfo-room2'))?.revokedAt).toBe(8)
      expect((await storage.getSession('owner'))?.revokedAt).toBeNull()
      expect(await storage.revokeSessions({ personId: cfo.id }, 9)).toBe(0)
    }))

  it('links: found by hash, used once under concurrency', () =>
    run.with('access', async (storage) => {
      fakeClock(3)
      const { owner } = await roomFixture(storage)
      const invite = await link(storage, 'h1', 'invite', owner.id, 'room1', 99)
      expect(invite).toEqual({
        id: invite.id,
        kind: 'invite',
        personId: owner.id,
        roomId: 'room1',
        createdAt: 3,
        expiresAt: 99,
        usedAt: null,
        revokedAt: null,
      })
      expect(await storage.findLinkByHash('h1')).toEqual(invite)
      expect(await storage.findLinkByHash('nope')).toBeNull()
      const [a, b] = await Promise.all([
        storage.consumeLink(invite.id, 5),
        storage.consumeLink(invite.id, 6),
      ])
      expect([a, b].filter(Boolean)).toHaveLength(1)
      expect((await storage.findLinkByHash('h1'))?.usedAt).toBe(5)
      expect(await storage.consumeLink(invite.id, 7)).toBe(false)
    }))

  it('links: revoked by kind, person and room, never once used or already revoked', () =>
    run.with('access', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      await link(storage, 's1', 'setup', null, null)
      await link(storage, 's2', 'setup', null, null)
      await link(storage, 'cfo-1', 'invite', cfo.id, 'room1')
      await link(storage, 'cfo-2', 'invite', cfo.id, 'room2')
      const used = await link(storage, 'cfo-used', 'invite', cfo.id, 'room1')
      await storage.consumeLink(used.id, 1)
      await link(storage, 'owner-in', 'signin', owner.id, null)

      expect(await storage.revokeLinks({ kind: 'setup' }, 7)).toBe(2)
      expect((await storage.findLinkByHash('s2'))?.revokedAt).toBe(7)
      expect(await storage.revokeLinks({ kind: 'setup' }, 8)).toBe(0)
      expect(
        await storage.revokeLinks({ kind: 'invite', personId: cfo.id, roomId: 'room1' }, 9),
      ).toBe(1)
      expect((await storage.findLinkByHash('cfo-used'))?.revokedAt).toBeNull()
      expect((await storage.findLinkByHash('cfo-2'))?.revokedAt).toBeNull()
      expect(await storage.revokeLinks({ kind: 'invite', personId: cfo.id }, 10)).toBe(1)
      expect((await storage.findLinkByHash('cfo-2'))?.revokedAt).toBe(10)
      expect(await storage.revokeLinks({ kind: 'signin', roomId: 'room1' }, 11)).toBe(0)
      expect((await storage.findLinkByHash('owner-in'))?.revokedAt).toBeNull()
    }))

  it("pending invites: a room's unused, unrevoked, unexpired invites, newest first", () =>
    run.with('access', async (storage) => {
      const clock = fakeClock(1_000)
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const cfo = await buyer(storage, 'cfo')
      const legal = await buyer(storage, 'legal')
      const older = await link(storage, 'older', 'invite', cfo.id, 'room1', null)
      clock.set(2_000)
      const newer = await link(storage, 'newer', 'invite', legal.id, 'room1', 5_000)
      await link(storage, 'expires', 'invite', legal.id, 'room1', 3_000)
      await link(storage, 'elsewhere', 'invite', legal.id, 'room2', null)
      await link(storage, 'signin', 'signin', owner.id, 'room1', null)
      const used = await link(storage, 'used', 'invite', cfo.id, 'room1', null)
      await storage.consumeLink(used.id, 2_000)
      const revoked = await link(storage, 'revoked', 'invite', cfo.id, 'room1', null)

      // One unused link of the room is revoked by id; not from another room, not twice.
      expect(await storage.revokeLinkById(revoked.id, 'room2', 2_500)).toBe(false)
      expect(await storage.revokeLinkById(revoked.id, 'room1', 2_500)).toBe(true)
      expect(await storage.revokeLinkById(revoked.id, 'room1', 2_600)).toBe(false)
      expect((await storage.findLinkByHash('revoked'))?.revokedAt).toBe(2_500)
      expect(await storage.revokeLinkById(used.id, 'room1', 2_500)).toBe(false)

      // Expired when its expiry time is reached.
      expect(await storage.listPendingInvites('room1', 3_000)).toEqual([
        { ...newer, email: legal.email, name: legal.name },
        { ...older, email: cfo.email, name: cfo.name },
      ])
      expect((await storage.listPendingInvites('room1', 2_999)).map((l) => l.id)).toHaveLength(3)
      expect(await storage.listPendingInvites('room3', 0)).toEqual([])
    }))

  it('e-mail codes: the latest for a room and address, counted, failed and used once', () =>
    run.with('access', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      const code = (roomId: string, email: string, createdAt: number) =>
        storage.createEmailCode({
          roomId,
          email,
          codeHash: `hash-${createdAt}`,
          createdAt,
          expiresAt: createdAt + 600,
        })
      expect(await storage.latestEmailCode('room1', 'new@acme.example')).toBeNull()
      const first = await code('room1', 'new@acme.example', 100)
      expect(first).toEqual({
        id: first.id,
        roomId: 'room1',
        email: 'new@acme.example',
        codeHash: 'hash-100',
        createdAt: 100,
        expiresAt: 700,
        attempts: 0,
        usedAt: null,
      })
      const second = await code('room1', 'new@acme.example', 200)
      await code('room2', 'new@acme.example', 300)
      await code('room1', 'other@acme.example', 400)
      expect(await storage.latestEmailCode('room1', 'new@acme.example')).toEqual(second)
      expect(await storage.countEmailCodesSince('new@acme.example', 200)).toBe(2)
      expect(await storage.countEmailCodesSince('new@acme.example', 0)).toBe(3)
      expect(await storage.countEmailCodesSince('nobody@acme.example', 0)).toBe(0)

      expect(await storage.failEmailCode(second.id)).toBe(1)
      expect(await storage.failEmailCode(second.id)).toBe(2)
      const [a, b] = await Promise.all([
        storage.consumeEmailCode(second.id, 250),
        storage.consumeEmailCode(second.id, 260),
      ])
      expect([a, b].filter(Boolean)).toHaveLength(1)
      expect(await storage.latestEmailCode('room1', 'new@acme.example')).toEqual({
        ...second,
        attempts: 2,
        usedAt: 250,
      })
      expect((await storage.latestEmailCode('room1', 'other@acme.example'))?.attempts).toBe(0)
    }))

  it("a room's access mode and domains; a revocation is remembered until forgotten", () =>
    run.with('access', async (storage) => {
      const { owner } = await roomFixture(storage)
      await secondRoom(storage, owner.id)
      await storage.setRoomAccess('room1', 'domain', ['acme.example', 'globex.example'])
      expect(await storage.getRoom('room1')).toMatchObject({
        accessMode: 'domain',
        allowedDomains: ['acme.example', 'globex.example'],
      })
      await storage.setRoomAccess('room1', 'invited', [])
      expect(await storage.getRoom('room1')).toMatchObject({
        accessMode: 'invited',
        allowedDomains: [],
      })

      expect(await storage.isRevoked('room1', owner.id)).toBe(false)
      await storage.setRevoked('room1', owner.id, true, 10)
      await storage.setRevoked('room1', owner.id, true, 20)
      expect(await storage.isRevoked('room1', owner.id)).toBe(true)
      expect(await storage.isRevoked('room2', owner.id)).toBe(false)
      await storage.setRevoked('room1', owner.id, false, 30)
      expect(await storage.isRevoked('room1', owner.id)).toBe(false)
      await storage.setRevoked('room1', owner.id, false, 40)
      expect(await storage.isRevoked('room1', owner.id)).toBe(false)
    }))

  it('access changes: one log in order, for a room, a person, or a person everywhere', () =>
    run.with('access', async (storage) => {
      fakeClock(77)
      const { owner } = await roomFixture(storage)
      expect(await storage.lastAccessChangeSeq()).toBe(0)
      expect(await storage.accessChangesSince(0)).toEqual([])
      const revoked = await storage.recordAccessChange({
        roomId: 'room1',
        personId: owner.id,
        kind: 'revoked',
      })
      const closed = await storage.recordAccessChange({
        roomId: 'room1',
        personId: null,
        kind: 'room-closed',
      })
      const signedOut = await storage.recordAccessChange({
        roomId: null,
        personId: owner.id,
        kind: 'signed-out',
      })
      expect(revoked).toBeGreaterThan(0)
      expect([closed, signedOut]).toEqual([revoked + 1, revoked + 2])
      expect(await storage.lastAccessChangeSeq()).toBe(signedOut)
      expect(await storage.accessChangesSince(revoked)).toEqual([
        { seq: closed, roomId: 'room1', personId: null, kind: 'room-closed', createdAt: 77 },
        { seq: signedOut, roomId: null, personId: owner.id, kind: 'signed-out', createdAt: 77 },
      ])
      expect(await storage.accessChangesSince(signedOut)).toEqual([])
    }))
}
