import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller, sellerSignInLink } from '../access/people.ts'
import { browserOf } from '../testing/documents.ts'
import { seedCast, startTestServer, tempDir } from '../testing/harness.ts'
import { hashKey } from './api-keys.ts'

const BIN = fileURLToPath(new URL('../../../bin/quorum.js', import.meta.url))
const run = promisify(execFile)

/** `quorum … --json` as an operator runs it, against `dataDir`. */
async function quorum(dataDir: string, ...args: string[]): Promise<unknown> {
  const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--json'], {
    env: { ...process.env, DATA_DIR: dataDir },
  })
  expect(stderr).toBe('')
  return JSON.parse(stdout)
}

describe('API keys', () => {
  it('a seller makes a key on the Integrations page: shown once, kept hashed, listed with scopes and maker; buyers cannot; any seller revokes it', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const { signIn } = await addSeller(test.storage, test.httpUrl, {
      email: 'second@vendor.test',
      name: 'Second Seller',
    })
    const second = await browserOf(test.httpUrl, signIn.url)
    const made = await second.request('POST', '/api/apikeys', {
      name: '  HubSpot sync ',
      scopes: ['rooms:read', 'events:read'],
    })
    expect(made.status).toBe(201)
    const answer = (await made.json()) as { id: string; key: string; info: Record<string, unknown> }
    expect(answer.key).toMatch(/^qk_[\w-]{43}$/)
    expect(answer.info).toMatchObject({
      id: answer.id,
      name: 'HubSpot sync',
      prefix: answer.key.slice(0, 9),
      scopes: ['rooms:read', 'events:read'],
      createdBy: { name: 'Second Seller' },
      lastUsedAt: null,
      revokedAt: null,
    })
    // Only its hash is stored; the key is in no row and in no later answer.
    const rows = JSON.stringify(test.storage.db.prepare('SELECT * FROM api_keys').all())
    expect(rows).not.toContain(answer.key)
    expect(rows).toContain(hashKey(answer.key))
    const listed = await (await second.request('GET', '/api/apikeys')).text()
    expect(listed).not.toContain(answer.key)
    expect(JSON.parse(listed).keys.map((key: { id: string }) => key.id)).toEqual([answer.id])

    // A scope that does not exist is refused, naming the field.
    const unknown = await second.request('POST', '/api/apikeys', {
      name: 'x',
      scopes: ['rooms:delete'],
    })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { field: string } }).error.field).toBe('scopes')

    // A buyer's session manages no keys, even with the key's id.
    const { invite } = await inviteBuyer(test.storage, test.httpUrl, {
      roomId: cast.roomId,
      email: 'cfo@acme.test',
      name: 'Cleo CFO',
      role: 'champion',
      ttlMs: null,
    })
    const buyer = await browserOf(test.httpUrl, invite.url)
    expect((await buyer.request('GET', '/api/apikeys')).status).toBe(403)
    expect((await buyer.request('POST', `/api/apikeys/${answer.id}/revoke`)).status).toBe(403)
    expect((await test.storage.getApiKey(answer.id))?.revokedAt).toBeNull()

    // The room's owner (another seller of the same Quorum) revokes it.
    const ownerLink = await sellerSignInLink(test.storage, test.httpUrl, cast.seller)
    const owner = await browserOf(test.httpUrl, ownerLink.signIn.url)
    expect((await owner.request('POST', `/api/apikeys/${answer.id}/revoke`)).status).toBe(200)
    const after = (await (await owner.request('GET', '/api/apikeys')).json()) as {
      keys: Array<{ revokedAt: number | null }>
    }
    expect(after.keys[0]?.revokedAt).toBeGreaterThan(0)
    const audit = await test.storage.listAudit({ limit: 100 })
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['apikey.created', 'apikey.revoked']),
    )
  })

  it('quorum apikey create prints { id, key } (every scope unless --scopes), revoke prints { id, revoked }', async () => {
    const dataDir = tempDir()
    const made = (await quorum(dataDir, 'apikey', 'create', '--name', 'CRM')) as Record<
      string,
      string
    >
    expect(Object.keys(made).sort()).toEqual(['id', 'key'])
    const scoped = (await quorum(
      dataDir,
      'apikey',
      'create',
      '--name',
      'Reader',
      '--scopes',
      'rooms:read,events:read',
    )) as Record<string, string>
    const revoked = await quorum(dataDir, 'apikey', 'revoke', '--id', made.id ?? '')
    expect(revoked).toEqual({ id: made.id, revoked: true })
    const listed = (await quorum(dataDir, 'apikeys')) as Array<Record<string, unknown>>
    expect(listed.map((key) => [key.name, key.scopes, key.revokedAt === null])).toEqual([
      ['Reader', ['rooms:read', 'events:read'], true],
      ['CRM', ['rooms:read', 'rooms:write', 'events:read', 'webhooks:write'], false],
    ])
    expect(JSON.stringify(listed)).not.toContain(scoped.key)
    await expect(
      quorum(dataDir, 'apikey', 'create', '--name', 'Bad', '--scopes', 'rooms:delete'),
    ).rejects.toThrow(/Scopes are rooms:read, rooms:write, events:read, webhooks:write/)
  })
})
