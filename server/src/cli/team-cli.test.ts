import { describe, expect, it } from 'vitest'
import { hashSecret } from '../access/links.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { quorum as runQuorum } from '../testing/cli.ts'
import { tempDir } from '../testing/harness.ts'

/** Runs `quorum … --json` as a user would, in its own process; its parsed answer. */
async function quorum<T>(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; out: T; err: string }> {
  const result = await runQuorum(dataDir, ...args, '--json')
  const out = (result.code === 0 ? JSON.parse(result.stdout) : {}) as T
  return { code: result.code, out, err: result.stderr }
}

describe('quorum team', { timeout: 120_000 }, () => {
  it('adds teammates with their sign-in link, lists them, and removes one, moving their rooms', async () => {
    const dataDir = tempDir()
    const lead = await quorum<{ id: string; url: string }>(
      dataDir,
      'team',
      'add',
      '--email',
      'lead@vendor.test',
      '--name',
      'Lead',
      '--role',
      'admin',
    )
    expect(lead.code).toBe(0)
    expect(Object.keys(lead.out).sort()).toEqual(['id', 'url'])
    expect(lead.out.url).toMatch(/^https:\/\/rooms\.example\.com\/signin\/[\w-]+$/)
    const rep = await quorum<{ id: string; url: string }>(
      dataDir,
      'team',
      'add',
      '--email',
      'rep@vendor.test',
      '--name',
      'Rep',
    )
    const room = await quorum<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'rep@vendor.test',
      '--title',
      'Rep’s deal',
    )

    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    try {
      // The printed link is a working one-time sign-in link for that person.
      const link = await storage.findLinkByHash(hashSecret(rep.out.url.split('/').pop() ?? ''))
      expect(link).toMatchObject({ kind: 'signin', personId: rep.out.id, usedAt: null })
    } finally {
      await storage.close()
    }

    const listed = await quorum<Array<{ email: string; role: string; roomsOwned: number }>>(
      dataDir,
      'team',
      'list',
    )
    expect(listed.out.map((each) => [each.email, each.role, each.roomsOwned])).toEqual([
      ['lead@vendor.test', 'admin', 0],
      ['rep@vendor.test', 'member', 1],
    ])

    const wrongRole = await quorum(
      dataDir,
      'team',
      'add',
      '--email',
      'x@vendor.test',
      '--name',
      'X',
      '--role',
      'boss',
    )
    expect(wrongRole.code).toBe(2)

    const removed = await quorum<{ roomsMoved: string[]; sessionsEnded: number }>(
      dataDir,
      'team',
      'remove',
      '--email',
      'rep@vendor.test',
      '--to',
      'lead@vendor.test',
    )
    expect(removed.code).toBe(0)
    expect(removed.out.roomsMoved).toEqual([room.out.id])
    const after = await quorum<Array<{ email: string; roomsOwned: number }>>(
      dataDir,
      'team',
      'list',
    )
    expect(after.out.map((each) => [each.email, each.roomsOwned])).toEqual([
      ['lead@vendor.test', 1],
    ])
    // No new sign-in link is printed for them.
    const relink = await quorum(dataDir, 'user', 'link', '--email', 'rep@vendor.test')
    expect(relink.code).toBe(1)
  })
})
