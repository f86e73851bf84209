import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  listDocuments,
  listMilestones,
  listTasks,
  readMeta,
} from '../../../shared/src/room/index.ts'
import { hashSecret } from '../access/links.ts'
import { tokenSecret, verifyToken } from '../access/tokens.ts'
import { sqliteFile } from '../config.ts'
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts'
import { quorum, quorumJson } from '../testing/cli.ts'
import { makePdf } from '../testing/documents.ts'
import { connect, eventually, startTestServer, tempDir, tokenFor } from '../testing/harness.ts'

const json = quorumJson

// Every test here starts CLI processes one after another, each compiling TypeScript on start:
// minutes, not seconds, on a busy machine.
describe('quorum CLI', { timeout: 120_000 }, () => {
  it('creates a seller, a room from a template, invites and tokens, and lists rooms', async () => {
    const dataDir = tempDir()
    const seller = await json<{ id: string; email: string; url: string }>(
      dataDir,
      'user',
      'add',
      '--email',
      'Alex@Vendor.example',
      '--name',
      'Alex Seller',
    )
    expect(seller.email).toBe('alex@vendor.example')
    expect(seller.url).toMatch(/^https:\/\/rooms\.example\.com\/signin\/[\w-]{32}$/)

    const room = await json<{ id: string; url: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'alex@vendor.example',
      '--title',
      'Acme rollout',
      '--template',
      'pilot',
    )
    expect(Object.keys(room).sort()).toEqual(['id', 'url'])
    expect(room.url).toBe(`https://rooms.example.com/r/${room.id}`)

    const invite = await json<{ id: string; url: string; role: string; expiresAt: string | null }>(
      dataDir,
      'invite',
      '--room',
      room.id,
      '--email',
      'dana@acme.example',
      '--name',
      'Dana Champion',
      '--role',
      'champion',
      '--expires-in',
      '7d',
    )
    expect(invite.url).toMatch(/^https:\/\/rooms\.example\.com\/i\/[\w-]{32}$/)
    expect(invite.role).toBe('champion')
    const week = Date.parse(invite.expiresAt ?? '') - Date.now()
    expect(week).toBeGreaterThan(6.9 * 86_400_000)
    expect(week).toBeLessThanOrEqual(7 * 86_400_000)

    const { token } = await json<{ token: string }>(
      dataDir,
      'token',
      '--room',
      room.id,
      '--email',
      'dana@acme.example',
    )

    const rooms = await json<
      Array<{
        id: string
        title: string
        owner: { email: string }
        members: Array<{ email: string; role: string }>
        lastActivity: string
      }>
    >(dataDir, 'rooms')
    expect(rooms).toHaveLength(1)
    expect(rooms[0]).toMatchObject({
      id: room.id,
      title: 'Acme rollout',
      owner: { email: 'alex@vendor.example' },
    })
    expect(rooms[0]?.members.map((m) => [m.email, m.role])).toEqual([
      ['alex@vendor.example', 'owner'],
      ['dana@acme.example', 'champion'],
    ])
    expect(Number.isNaN(Date.parse(rooms[0]?.lastActivity ?? ''))).toBe(false)

    const text = await quorum(dataDir, 'rooms')
    expect(text.stdout).toContain('Acme rollout')
    expect(text.stdout).toContain('2 members')

    // What the CLI wrote is what the server will serve.
    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    try {
      const verified = verifyToken(await tokenSecret(storage), token)
      expect(verified.ok && verified.claims.roomId).toBe(room.id)
      expect(verified.ok && verified.claims.role).toBe('champion')
      const stored = await storage.loadDocument(documentName(room.id))
      const doc = new Y.Doc()
      if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
      expect(readMeta(doc).title).toBe('Acme rollout')
      expect(listMilestones(doc).map((m) => m.title)).toEqual(['Pilot scope', 'Pilot', 'Decision'])
      expect(listTasks(doc).length).toBeGreaterThanOrEqual(6)
      const secret = invite.url.split('/').pop() ?? ''
      expect((await storage.findLinkByHash(hashSecret(secret)))?.expiresAt).toBe(
        Date.parse(invite.expiresAt ?? ''),
      )
    } finally {
      await storage.close()
    }
  })

  it('explains every mistake on stderr with a non-zero exit, in text and in JSON', async () => {
    const dataDir = tempDir()
    const expectFailure = async (args: string[], code: number, message: string) => {
      const result = await quorum(dataDir, ...args)
      expect(result.code, args.join(' ')).toBe(code)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(message)
    }
    await expectFailure(['bogus'], 2, 'unknown command "bogus"')
    await expectFailure(['user', 'add', '--email', 'a@b.example'], 2, '--name is required')
    await expectFailure(
      ['user', 'add', '--email', 'a@b.example', '--name', 'A', '--colour', 'red'],
      2,
      "Unknown option '--colour'",
    )
    await expectFailure(
      ['user', 'add', '--email', 'not-an-email', '--name', 'A'],
      1,
      '"not-an-email" is not an e-mail address',
    )
    await expectFailure(
      ['room', 'create', '--owner', 'nobody@b.example', '--title', 'T'],
      1,
      'No seller account for nobody@b.example',
    )

    await json(dataDir, 'user', 'add', '--email', 'a@b.example', '--name', 'A')
    await expectFailure(
      ['user', 'add', '--email', 'a@b.example', '--name', 'A'],
      1,
      'already exists',
    )
    await expectFailure(
      ['room', 'create', '--owner', 'a@b.example', '--title', 'T', '--template', 'huge'],
      1,
      'Unknown template "huge"; templates: standard, pilot',
    )
    const room = await json<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'a@b.example',
      '--title',
      'T',
    )
    await expectFailure(
      ['invite', '--room', 'nope', '--email', 'c@d.example', '--name', 'C', '--role', 'viewer'],
      1,
      'No room with id nope',
    )
    await expectFailure(
      ['invite', '--room', room.id, '--email', 'c@d.example', '--name', 'C', '--role', 'owner'],
      1,
      '--role must be champion, stakeholder or viewer',
    )
    await expectFailure(
      [
        'invite',
        '--room',
        room.id,
        '--email',
        'c@d.example',
        '--name',
        'C',
        '--role',
        'viewer',
        '--expires-in',
        'soon',
      ],
      1,
      '--expires-in takes a duration',
    )
    await expectFailure(
      ['invite', '--room', room.id, '--email', 'a@b.example', '--name', 'A', '--role', 'viewer'],
      1,
      'is a seller account',
    )
    await expectFailure(
      ['token', '--room', room.id, '--email', 'stranger@d.example'],
      1,
      'stranger@d.example is not a member of room',
    )

    const failure = await quorum(
      dataDir,
      'token',
      '--room',
      'nope',
      '--email',
      'a@b.example',
      '--json',
    )
    expect(failure.code).toBe(1)
    expect(JSON.parse(failure.stderr)).toEqual({
      error: { code: 'not-found', message: 'No room with id nope' },
    })

    const help = await quorum(dataDir, 'help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('quorum room create --owner E --title T')
  })
})

describe('quorum CLI beside a running server', { timeout: 120_000 }, () => {
  it('a room and invite made by the CLI open at once on the running server', async () => {
    const dataDir = tempDir()
    const server = await startTestServer(dataDir)
    await json(dataDir, 'user', 'add', '--email', 'a@vendor.example', '--name', 'A')
    const room = await json<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'a@vendor.example',
      '--title',
      'Live',
    )
    await json(
      dataDir,
      'invite',
      '--room',
      room.id,
      '--email',
      'b@buyer.example',
      '--name',
      'B',
      '--role',
      'stakeholder',
    )
    const { token } = await json<{ token: string }>(
      dataDir,
      'token',
      '--room',
      room.id,
      '--email',
      'b@buyer.example',
    )
    const client = connect(server.wsUrl, room.id, token)
    await client.synced
    expect(readMeta(client.doc).title).toBe('Live')
    expect(listMilestones(client.doc)).toHaveLength(5)
  })
})

describe('quorum audit verify', { timeout: 120_000 }, () => {
  it('passes on an untouched log and names the row someone edited or removed', async () => {
    const dataDir = tempDir()
    await json(dataDir, 'user', 'add', '--email', 'a@vendor.example', '--name', 'A')
    const room = await json<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'a@vendor.example',
      '--title',
      'T',
    )
    for (const name of ['b', 'c', 'd']) {
      await json(
        dataDir,
        'invite',
        '--room',
        room.id,
        '--email',
        `${name}@buyer.example`,
        '--name',
        name,
        '--role',
        'viewer',
      )
    }
    await json(dataDir, 'revoke', '--room', room.id, '--email', 'c@buyer.example')
    const intact = await json<{ ok: boolean; checked: number }>(dataDir, 'audit', 'verify')
    expect(intact).toEqual({ ok: true, checked: 4, brokenAt: null })

    const storage = new SqliteStorage(sqliteFile({ dataDir }))
    storage.db
      .prepare("UPDATE audit_log SET subject = 'someone-else@buyer.example' WHERE seq = 2")
      .run()
    await storage.close()
    const edited = await quorum(dataDir, 'audit', 'verify')
    expect(edited.code).toBe(1)
    expect(edited.stderr).toContain('tampered with at row 2: its content does not match its hash')

    const again = new SqliteStorage(sqliteFile({ dataDir }))
    again.db.prepare("UPDATE audit_log SET subject = 'c@buyer.example' WHERE seq = 2").run()
    expect((await quorum(dataDir, 'audit', 'verify')).code).toBe(0)
    again.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()
    await again.close()
    const removed = await quorum(dataDir, 'audit', 'verify')
    expect(removed.code).toBe(1)
    expect(removed.stderr).toContain('at row 4: does not link to the row before it')
  })

  it('revokes and closes from the shell, and lists the outbox', async () => {
    const dataDir = tempDir()
    await json(dataDir, 'user', 'add', '--email', 'a@vendor.example', '--name', 'A')
    const room = await json<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'a@vendor.example',
      '--title',
      'T',
    )
    const invite = await json<{ id: string }>(
      dataDir,
      'invite',
      '--room',
      room.id,
      '--email',
      'b@buyer.example',
      '--name',
      'B',
      '--role',
      'viewer',
    )
    expect(await json(dataDir, 'revoke', '--room', room.id, '--link', invite.id)).toEqual({
      revoked: 'link',
      room: room.id,
      link: invite.id,
    })
    expect(
      (await quorum(dataDir, 'revoke', '--room', room.id, '--link', invite.id)).stderr,
    ).toContain('No unused invite link')
    expect((await quorum(dataDir, 'revoke', '--room', room.id)).stderr).toContain(
      'give either --email or --link',
    )
    expect(await json(dataDir, 'room', 'close', '--room', room.id)).toEqual({
      closed: true,
      room: room.id,
    })
    expect(
      (await quorum(dataDir, 'token', '--room', room.id, '--email', 'a@vendor.example')).code,
    ).toBe(0)
    expect(await json(dataDir, 'outbox')).toEqual([])
    const actions = (
      await json<Array<{ action: string }>>(dataDir, 'audit', '--room', room.id)
    ).map((entry) => entry.action)
    expect(actions).toEqual(['invite.created', 'link.revoked', 'room.closed'])
  })
})

describe('quorum file add / quorum files', { timeout: 120_000 }, () => {
  it('adds a PDF to a room, a new version under the same title, lists them; a running server shows them in the room', async () => {
    const dataDir = tempDir()
    await json(dataDir, 'user', 'add', '--email', 'alex@vendor.example', '--name', 'Alex Seller')
    const room = await json<{ id: string }>(
      dataDir,
      'room',
      'create',
      '--owner',
      'alex@vendor.example',
      '--title',
      'Acme',
    )
    const test = await startTestServer(dataDir)
    const client = connect(
      test.wsUrl,
      room.id,
      await tokenFor(test.storage, room.id, 'alex@vendor.example'),
    )
    await client.synced

    const pdf = join(dataDir, 'Pricing 2025.pdf')
    writeFileSync(pdf, await makePdf(3))
    const added = await json<{ id: string; version: number; pages: number }>(
      dataDir,
      'file',
      'add',
      '--room',
      room.id,
      '--path',
      pdf,
      '--policy',
      'download',
    )
    expect(Object.keys(added).sort()).toEqual(['id', 'pages', 'version'])
    expect(added).toMatchObject({ version: 1, pages: 3 })
    writeFileSync(pdf, await makePdf(5))
    const again = await json<{ id: string; version: number; pages: number }>(
      dataDir,
      'file',
      'add',
      '--room',
      room.id,
      '--path',
      pdf,
      '--title',
      'Pricing 2025',
    )
    expect(again).toEqual({ id: added.id, version: 2, pages: 5 })
    const deck = await json<{ id: string; version: number; pages: number }>(
      dataDir,
      'file',
      'add',
      '--room',
      room.id,
      '--path',
      fileURLToPath(new URL('../content/fixtures/deck.pptx', import.meta.url)),
      '--title',
      'Deck',
    )
    expect(deck).toMatchObject({ version: 1, pages: 3 })

    const listed = await json<unknown[]>(dataDir, 'files', '--room', room.id)
    expect(listed).toEqual([
      { id: deck.id, title: 'Deck', version: 1, pages: 3, policy: 'view' },
      { id: added.id, title: 'Pricing 2025', version: 2, pages: 5, policy: 'download' },
    ])
    // The server follows what the CLI stored: the open room lists both.
    await eventually(() =>
      expect(listDocuments(client.doc).map((entry) => [entry.title, entry.version])).toEqual([
        ['Deck', 1],
        ['Pricing 2025', 2],
      ]),
    )

    const refused = await quorum(
      dataDir,
      'file',
      'add',
      '--room',
      room.id,
      '--path',
      join(dataDir, 'quorum.sqlite'),
      '--json',
    )
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'unsupported-type' } })
    const badPolicy = await quorum(
      dataDir,
      'file',
      'add',
      '--room',
      room.id,
      '--path',
      pdf,
      '--policy',
      'public',
    )
    expect(badPolicy.code).toBe(2)
    // Seven runs of the CLI, each a process, one of them converting a deck with LibreOffice.
  }, 120_000)
})
