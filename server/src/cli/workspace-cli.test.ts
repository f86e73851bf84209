import { describe, expect, it } from 'vitest'
import { listStakeholders, listTasks, readMeta } from '../../../shared/src/room/index.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { quorum, quorumJson } from '../testing/cli.ts'
import { tempDir } from '../testing/harness.ts'

const json = quorumJson

// Each CLI process compiles TypeScript on start: minutes on a busy machine.
describe('quorum CLI: stages, clones and templates', { timeout: 120_000 }, () => {
  it('room stage, room clone and template save print their contract; room create takes a saved template', async () => {
    const dataDir = tempDir()
    await json(dataDir, 'user', 'add', '--email', 'alex@vendor.example', '--name', 'Alex')
    const room = await json<{ id: string }>(
      dataDir,
      ...[
        'room',
        'create',
        '--owner',
        'alex@vendor.example',
        '--title',
        'Acme',
        '--template',
        'pilot',
      ],
    )

    const lost = await quorum(
      dataDir,
      'room',
      'stage',
      '--room',
      room.id,
      '--stage',
      'lost',
      '--json',
    )
    expect(lost.code).toBe(1)
    expect(lost.stderr).toContain('a reason is required')
    expect(
      await json(
        dataDir,
        'room',
        'stage',
        '--room',
        room.id,
        '--stage',
        'lost',
        '--reason',
        'No budget',
      ),
    ).toEqual({ id: room.id, stage: 'lost', reason: 'No budget' })
    expect(await json(dataDir, 'room', 'stage', '--room', room.id, '--stage', 'archived')).toEqual({
      id: room.id,
      stage: 'archived',
      reason: null,
    })
    const bad = await quorum(dataDir, 'room', 'stage', '--room', room.id, '--stage', 'paused')
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'quorum: "stage" is one of open, won, lost or archived.\n',
    ])

    const clone = await json<{ id: string; url: string }>(
      dataDir,
      ...['room', 'clone', '--room', room.id, '--title', 'Globex'],
    )
    expect(Object.keys(clone).sort()).toEqual(['id', 'url'])
    expect(clone.url).toBe(`https://rooms.example.com/r/${clone.id}`)

    const template = await json<{ id: string; name: string }>(
      dataDir,
      ...['template', 'save', '--room', room.id, '--name', 'Pilot plus'],
    )
    expect(Object.keys(template).sort()).toEqual(['id', 'name'])
    expect(template.name).toBe('Pilot plus')

    const fromTemplate = await json<{ id: string }>(
      dataDir,
      ...[
        'room',
        'create',
        '--owner',
        'alex@vendor.example',
        '--title',
        'Initech',
        '--template',
        'Pilot plus',
      ],
    )
    const listed = await json<Array<{ id: string; title: string; closed: boolean }>>(
      dataDir,
      'rooms',
    )
    expect(listed.map((each) => [each.title, each.closed]).sort()).toEqual([
      ['Acme', true],
      ['Globex', false],
      ['Initech', false],
    ])

    // What the CLI wrote is what the server serves.
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    try {
      expect(await storage.getRoomStage(room.id)).toMatchObject({ stage: 'archived' })
      const source = await loadRoomDoc(storage, room.id)
      const cloned = await loadRoomDoc(storage, clone.id)
      const made = await loadRoomDoc(storage, fromTemplate.id)
      expect(readMeta(cloned).title).toBe('Globex')
      const titles = (doc: typeof source) => listTasks(doc).map((task) => task.title)
      expect(titles(cloned)).toEqual(titles(source))
      expect(titles(made)).toEqual(titles(source))
      expect(listStakeholders(cloned)).toEqual([])
      expect((await storage.listMembers(clone.id)).map((m) => m.email)).toEqual([
        'alex@vendor.example',
      ])
    } finally {
      await storage.close()
    }
  })
})
