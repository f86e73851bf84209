import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  consensusKeys,
  listMilestones,
  listTasks,
  markConsensus,
  roots,
  stakeholderOfMember,
  updateMeta,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { inviteBuyer } from '../access/invites.ts'
import { browserOf } from '../testing/documents.ts'
import {
  connect,
  eventually,
  seedCast,
  startTestServer,
  type TestServer,
  tempDir,
  tokenFor,
} from '../testing/harness.ts'
import { createApiKey } from './api-keys.ts'

const run = promisify(execFile)

/** What poppler reads in a PDF: its text and its page size in points. */
async function readPdf(bytes: Buffer): Promise<{ text: string; size: string }> {
  const file = join(tempDir(), 'room.pdf')
  writeFileSync(file, bytes)
  const text = (await run('pdftotext', ['-layout', file, '-'])).stdout
  const info = (await run('pdfinfo', [file])).stdout
  return { text: text.replace(/\s+/g, ' '), size: /Page size:\s+(.*)/.exec(info)?.[1] ?? '' }
}

async function exportPdf(test: TestServer, key: string, roomId: string, paper: string) {
  return fetch(`${test.httpUrl}/api/v1/rooms/${roomId}/export.pdf?paper=${paper}`, {
    headers: { authorization: `Bearer ${key}` },
  })
}

describe('the printable room', () => {
  it('has the business case, the plan with owners and dates, consensus and stakeholders; export.pdf prints it on A4 and Letter', async () => {
    const test = await startTestServer()
    const cast = await seedCast(test.storage)
    const champion = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.champion),
    )
    const seller = connect(
      test.wsUrl,
      cast.roomId,
      await tokenFor(test.storage, cast.roomId, cast.seller),
    )
    await Promise.all([champion.synced, seller.synced])
    const championId = (await test.storage.findPersonByEmail(cast.champion))?.id ?? ''
    await eventually(() => expect(stakeholderOfMember(seller.doc, championId)).not.toBeNull())
    const card = stakeholderOfMember(seller.doc, championId)?.id ?? ''
    const task = listTasks(seller.doc)[0]
    const milestone = listMilestones(seller.doc)[0]
    updateMeta(seller.doc, {
      buyerOrg: 'Acme Ltd',
      sellerOrg: 'Vendor Inc',
      targetCloseDate: '2027-06-30',
    })
    updateTask(seller.doc, task?.id ?? '', {
      title: 'Security questionnaire <signed>',
      dueDate: '2027-03-12',
      ownerId: card,
    })
    seller.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [
        new Y.XmlText('Η απόφαση: save 1.2M a year & cut onboarding to 3 weeks'),
      ])
      roots.businessCase(seller.doc).push([paragraph])
    })
    markConsensus(
      champion.doc,
      consensusKeys.milestone(milestone?.id ?? ''),
      championId,
      'concern',
      'Legal needs the DPA first',
    )
    await eventually(() =>
      expect(seller.allAcknowledged() && champion.allAcknowledged()).toBe(true),
    )

    // The page the champion prints from the web app.
    const { invite } = await inviteBuyer(test.storage, test.httpUrl, {
      roomId: cast.roomId,
      email: cast.champion,
      name: 'champion',
      role: 'champion',
      ttlMs: null,
    })
    const browser = await browserOf(test.httpUrl, invite.url)
    const page = await browser.request('GET', `/api/rooms/${cast.roomId}/print?paper=letter`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('@page { size: letter;')
    expect(html).toContain('Security questionnaire &lt;signed&gt;')
    expect(html).not.toMatch(/<script/i)

    const { secret } = await createApiKey(test.storage, {
      name: 'Print',
      scopes: ['rooms:read'],
      createdBy: null,
      ip: null,
    })
    const a4 = await exportPdf(test, secret, cast.roomId, 'a4')
    expect(a4.status).toBe(200)
    expect(a4.headers.get('content-type')).toBe('application/pdf')
    const printed = await readPdf(Buffer.from(await a4.arrayBuffer()))
    expect(printed.size).toMatch(/\(A4\)/)
    for (const words of [
      'Acme rollout',
      'Acme Ltd ↔ Vendor Inc',
      '30 Jun 2027',
      'Business case',
      'Η απόφαση: save 1.2M a year & cut onboarding to 3 weeks',
      'Security questionnaire <signed>',
      '12 Mar 2027',
      'Consensus and sign-off',
      'Legal needs the DPA first',
      'Stakeholders',
      'champion',
    ])
      expect(printed.text).toContain(words)

    const letter = await exportPdf(test, secret, cast.roomId, 'letter')
    expect((await readPdf(Buffer.from(await letter.arrayBuffer()))).size).toMatch(/612 x 792/)
    const audit = await test.storage.listAudit({ roomId: cast.roomId, limit: 100 })
    expect(
      audit.filter((entry) => entry.action === 'room.exported').map((entry) => entry.detail),
    ).toEqual([
      { format: 'pdf', paper: 'a4' },
      { format: 'pdf', paper: 'letter' },
    ])
  })

  it('without Chromium, export.pdf answers 503 saying what is missing', async () => {
    const test = await startTestServer(undefined, { CHROMIUM_PATH: '/nonexistent/chromium' })
    const cast = await seedCast(test.storage)
    const { secret } = await createApiKey(test.storage, {
      name: 'Print',
      scopes: ['rooms:read'],
      createdBy: null,
      ip: null,
    })
    const answer = await exportPdf(test, secret, cast.roomId, 'a4')
    expect(answer.status).toBe(503)
    const problem = (await answer.json()) as { error: { code: string; message: string } }
    expect(problem.error.code).toBe('unavailable')
    expect(problem.error.message).toContain('CHROMIUM_PATH')
  })
})
