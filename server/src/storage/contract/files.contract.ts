import { expect, it } from 'vitest'
import type { NewFileVersion, Storage } from '../storage.ts'
import { type ContractRun, fakeClock, roomFixture, secondRoom } from './harness.ts'

const version = (createdBy: string, at: number, patch: Partial<NewFileVersion> = {}) => ({
  originalKey: 'a'.repeat(64),
  pdfKey: 'a'.repeat(64),
  contentType: 'application/pdf',
  filename: 'pricing.pdf',
  size: 1234,
  pages: 3,
  note: '',
  createdBy,
  createdAt: at,
  ...patch,
})

async function pricing(storage: Storage) {
  const { owner, room } = await roomFixture(storage)
  const file = await storage.createFile({
    id: 'file1',
    roomId: room.id,
    title: 'Pricing',
    policy: 'view',
    version: version(owner.id, 1_000),
  })
  return { owner, room, file }
}

export function filesContract(run: ContractRun): void {
  it('a new file has version 1 with who added it; a title finds it in its room only', () =>
    run.with('files', async (storage) => {
      const { owner, room, file } = await pricing(storage)
      expect(file).toMatchObject({
        id: 'file1',
        roomId: room.id,
        title: 'Pricing',
        policy: 'view',
        attachedKind: null,
        attachedId: null,
        createdAt: 1_000,
        updatedAt: 1_000,
        latest: {
          fileId: 'file1',
          version: 1,
          pages: 3,
          size: 1234,
          filename: 'pricing.pdf',
          createdBy: owner.id,
          createdByName: 'Owner',
          createdAt: 1_000,
        },
      })
      expect(await storage.getFile('file1')).toEqual(file)
      expect(await storage.getFile('nope')).toBeNull()
      expect((await storage.findFileByTitle(room.id, 'Pricing'))?.id).toBe('file1')
      expect(await storage.findFileByTitle(room.id, 'pricing')).toBeNull()
      await secondRoom(storage, owner.id)
      expect(await storage.findFileByTitle('room2', 'Pricing')).toBeNull()
      expect(await storage.listFiles('room2')).toEqual([])
    }))

  it('versions are numbered one after the other, also when added at once; the latest is shown', () =>
    run.with('files', async (storage) => {
      const { owner } = await pricing(storage)
      const v2 = await storage.addFileVersion(
        'file1',
        version(owner.id, 2_000, { note: 'new prices', pages: 4, pdfKey: 'b'.repeat(64) }),
      )
      expect(v2.latest).toMatchObject({ version: 2, note: 'new prices', pages: 4 })
      expect(v2.updatedAt).toBe(2_000)
      const raced = await Promise.all([
        storage.addFileVersion('file1', version(owner.id, 3_000)),
        storage.addFileVersion('file1', version(owner.id, 3_000)),
        storage.addFileVersion('file1', version(owner.id, 3_000)),
      ])
      expect(raced.map((file) => file.latest.version).sort()).toEqual([3, 4, 5])
      const versions = await storage.listFileVersions('file1')
      expect(versions.map((each) => each.version)).toEqual([5, 4, 3, 2, 1])
      expect((await storage.getFileVersion('file1', 2))?.pdfKey).toBe('b'.repeat(64))
      expect(await storage.getFileVersion('file1', 9)).toBeNull()
      expect((await storage.getFile('file1'))?.latest.version).toBe(5)
      await expect(storage.addFileVersion('nope', version(owner.id, 4_000))).rejects.toThrow()
    }))

  it('title, policy and attachment change; the room lists its files most recently changed first', () =>
    run.with('files', async (storage) => {
      const clock = fakeClock(10_000)
      const { owner, room } = await pricing(storage)
      await storage.createFile({
        id: 'file2',
        roomId: room.id,
        title: 'Case study',
        policy: 'download',
        version: version(owner.id, 5_000),
      })
      expect((await storage.listFiles(room.id)).map((file) => file.id)).toEqual(['file2', 'file1'])
      clock.set(20_000)
      const changed = await storage.updateFile('file1', {
        title: 'Pricing 2025',
        policy: 'download',
        attachedTo: { kind: 'task', id: 'task9' },
      })
      expect(changed).toMatchObject({
        title: 'Pricing 2025',
        policy: 'download',
        attachedKind: 'task',
        attachedId: 'task9',
        updatedAt: 20_000,
      })
      expect((await storage.listFiles(room.id)).map((file) => file.id)).toEqual(['file1', 'file2'])
      const detached = await storage.updateFile('file1', { attachedTo: null })
      expect(detached).toMatchObject({
        attachedKind: null,
        attachedId: null,
        title: 'Pricing 2025',
      })
      expect(await storage.updateFile('nope', { title: 'x' })).toBeNull()
    }))

  it('a deleted file leaves its room; every change is in the feed, in order', () =>
    run.with('files', async (storage) => {
      const start = await storage.lastFileChangeSeq()
      const { owner } = await pricing(storage)
      await secondRoom(storage, owner.id)
      await storage.createFile({
        id: 'file2',
        roomId: 'room2',
        title: 'Other',
        policy: 'view',
        version: version(owner.id, 2_000),
      })
      await storage.addFileVersion('file1', version(owner.id, 3_000))
      expect(await storage.deleteFile('file1')).toBe(true)
      expect(await storage.deleteFile('file1')).toBe(false)
      expect(await storage.getFile('file1')).toBeNull()
      expect(await storage.listFiles('room1')).toEqual([])
      expect(await storage.updateFile('file1', { title: 'back' })).toBeNull()
      const changes = await storage.fileChangesSince(start)
      expect(changes.map((change) => change.roomId)).toEqual(['room1', 'room2', 'room1', 'room1'])
      expect(changes.map((change) => change.seq)).toEqual(
        [...changes.map((change) => change.seq)].sort((a, b) => a - b),
      )
      expect(await storage.lastFileChangeSeq()).toBe(changes.at(-1)?.seq)
      expect(await storage.fileChangesSince(changes.at(-1)?.seq ?? 0)).toEqual([])
      // The versions stay on record.
      expect((await storage.listFileVersions('file1')).length).toBe(2)
    }))
}
