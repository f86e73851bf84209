import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { audit, verifyAudit } from '../../access/audit.ts'
import type { Storage } from '../../storage/storage.ts'
import { readReleaseData } from './release-data.ts'
import { expectTeamAfterUpgrade } from './team-upgrade.ts'

/** The releases whose databases today's drivers must open: one folder of fixtures each. */
export const RELEASES = ['0.1.0'] as const

export function fixturePath(release: string, file: string): string {
  return new URL(`./fixtures/${release}/${file}`, import.meta.url).pathname
}

/**
 * A database made by an earlier release, opened (and migrated) by today's driver: every read
 * answers what that release read, and writing goes on from where it stopped.
 */
export async function expectReleaseUpgrades(
  storage: Storage,
  release: string,
  driver: 'sqlite' | 'postgres',
): Promise<void> {
  const recorded: unknown = JSON.parse(
    readFileSync(fixturePath(release, `${driver}-reads.json`), 'utf8'),
  )
  const reads = JSON.parse(JSON.stringify(await readReleaseData(storage))) as unknown
  expect(reads).toEqual(recorded)
  await expectTeamAfterUpgrade(storage)

  // The audit chain still verifies and grows; sequences continue after the kept rows.
  expect(await verifyAudit(storage)).toMatchObject({ ok: true, checked: 3 })
  await audit(storage, {
    roomId: null,
    actor: 'cli',
    action: 'upgrade.checked',
    subject: null,
    detail: {},
    ip: null,
  })
  expect(await verifyAudit(storage)).toMatchObject({ ok: true, checked: 4 })
  const lastChange = await storage.lastAccessChangeSeq()
  expect(
    await storage.recordAccessChange({ roomId: null, personId: 'p', kind: 'signed-out' }),
  ).toBeGreaterThan(lastChange)
  const rooms = await storage.listRooms()
  const [room] = rooms
  if (!room) throw new Error('the fixture has rooms')
  // Deal stages (issue 15): the release's open rooms are open, its closed rooms archived.
  const stages = await Promise.all(
    rooms.map(async (each) => (await storage.getRoomStage(each.id))?.stage),
  )
  expect(stages).toEqual(rooms.map((each) => (each.closedAt === null ? 'open' : 'archived')))
  expect(stages).toContain('archived')
  // Every open room of the release is due for its first summary.
  const open = rooms.filter((each) => each.closedAt === null).map((each) => each.id)
  expect((await storage.claimDueRooms(Date.now(), 1_000, 60_000)).sort()).toEqual(open.sort())
  const document = await storage.loadDocument(`room.${room.id}`)
  const seq = await storage.appendUpdate(`room.${room.id}`, new Uint8Array([0, 0]))
  expect(seq).toBeGreaterThan(document?.lastSeq ?? 0)

  // Issue 15: no brand yet, and the team's room list filters the release's rooms by title.
  expect(await storage.getWorkspaceBrand()).toMatchObject({ accent: null, logoKey: null })
  expect(await storage.getRoomBrand(room.id)).toMatchObject({ welcomeNote: '' })
  const words = room.title.split(/\s+/)[0] ?? room.title
  const found = await storage.listRoomPage({
    personId: room.ownerId,
    sort: 'close-date',
    limit: 50,
    offset: 0,
    filter: { search: words, ownerId: room.ownerId },
  })
  expect(found.rooms.map((each) => each.id)).toContain(room.id)
}
