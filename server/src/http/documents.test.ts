import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { DocumentDetail, DocumentSummary } from '../../../shared/src/api/documents.ts'
import { listDocuments, listTasks } from '../../../shared/src/room/index.ts'
import { OPERATOR } from '../access/change-access.ts'
import { inviteBuyer } from '../access/invites.ts'
import { addSeller } from '../access/people.ts'
import { closeRoom, revokeMemberByEmail } from '../access/revocation.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { browserOf, makePdf } from '../testing/documents.ts'
import { connect, eventually, startTestServer, tempDir, tokenFor } from '../testing/harness.ts'

const run = promisify(execFile)
const OPERATOR_ACTOR = { id: OPERATOR, ip: null }

/** A room with a seller, a champion and a viewer signed in; the champion is named in Greek. */
async function dealRoom(env: Record<string, string> = {}) {
  const test = await startTestServer(undefined, env)
  const { storage, httpUrl } = test
  const seller = await addSeller(storage, httpUrl, { email: 'sam@vendor.test', name: 'Sam Seller' })
  const room = await createRoom(storage, { ownerEmail: 'sam@vendor.test', title: 'Acme' })
  const invite = async (email: string, name: string, role: 'champion' | 'viewer') =>
    (await inviteBuyer(storage, httpUrl, { roomId: room.id, email, name, role, ttlMs: null }))
      .invite.url
  return {
    test,
    roomId: room.id,
    seller: await browserOf(httpUrl, seller.signIn.url),
    champion: await browserOf(
      httpUrl,
      await invite('zoe@acme.test', 'Ζωή Παπαδοπούλου', 'champion'),
    ),
    viewer: await browserOf(httpUrl, await invite('vic@acme.test', 'Vic Viewer', 'viewer')),
  }
}

const pdftotext = async (bytes: Buffer) => {
  const path = join(tempDir(), 'download.pdf')
  writeFileSync(path, bytes)
  return (await run('pdftotext', [path, '-'])).stdout
}

describe('documents over HTTP', () => {
  it('a seller uploads a PDF; everyone lists it; buyers get watermarked page images, never the file', async () => {
    const { roomId, seller, champion, viewer } = await dealRoom()
    const original = await makePdf(3, 'ORIGINAL-BYTES-MARKER')
    const created = await seller.upload(roomId, original, 'title=Pricing&filename=pricing.pdf')
    expect(created.status).toBe(201)
    const summary = (await created.json()) as DocumentSummary
    expect(summary).toMatchObject({
      title: 'Pricing',
      version: 1,
      pages: 3,
      policy: 'view',
      contentType: 'application/pdf',
      filename: 'pricing.pdf',
      size: original.length,
      updatedBy: 'Sam Seller',
      attachedTo: null,
    })

    const listed = await viewer.request('GET', `/api/rooms/${roomId}/documents`)
    expect(((await listed.json()) as { documents: DocumentSummary[] }).documents).toEqual([summary])

    const pagePath = `/api/rooms/${roomId}/documents/${summary.id}/pages/2`
    const pages: Buffer[] = []
    for (const who of [champion, viewer]) {
      const page = await who.request('GET', pagePath)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('image/png')
      expect(page.headers.get('cache-control')).toBe('private, no-store')
      const bytes = Buffer.from(await page.arrayBuffer())
      expect((await sharp(bytes).metadata()).width).toBe(960)
      expect(bytes.includes('ORIGINAL-BYTES-MARKER')).toBe(false)
      expect(bytes.includes('%PDF')).toBe(false)
      pages.push(bytes)
    }
    // Each viewer's copy carries their own watermark.
    expect(pages[0]?.equals(pages[1] ?? Buffer.alloc(0))).toBe(false)
    const small = await viewer.request('GET', `${pagePath}?width=480`)
    expect((await sharp(Buffer.from(await small.arrayBuffer())).metadata()).width).toBe(480)
    expect((await viewer.request('GET', `${pagePath}?width=333`)).status).toBe(400)
    expect(
      (await viewer.request('GET', `/api/rooms/${roomId}/documents/${summary.id}/pages/4`)).status,
    ).toBe(404)

    // View only: no download for buyers, and no route gives the original bytes.
    const refused = await champion.request(
      'GET',
      `/api/rooms/${roomId}/documents/${summary.id}/download`,
    )
    expect(refused.status).toBe(403)
    expect(await refused.text()).toMatch(/viewed in the room, not downloaded/)
  })

  it('a download is the PDF stamped with the viewer’s name, e-mail and date on every page, audited', async () => {
    const { test, roomId, seller, champion } = await dealRoom()
    const created = await seller.upload(
      roomId,
      await makePdf(2),
      'title=Case%20study&policy=download',
    )
    const { id } = (await created.json()) as DocumentSummary
    const download = await champion.request('GET', `/api/rooms/${roomId}/documents/${id}/download`)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/pdf')
    expect(download.headers.get('content-disposition')).toContain(
      "filename*=UTF-8''Case%20study.pdf",
    )
    const text = await pdftotext(Buffer.from(await download.arrayBuffer()))
    const today = new Date().toISOString().slice(0, 10)
    // Every page (pdftotext separates pages with a form feed) names her, in Greek letters.
    const pages = text.split('\f').filter((page) => page.trim() !== '')
    expect(pages).toHaveLength(2)
    for (const page of pages) {
      expect(page).toContain('Ζωή Παπαδοπούλου')
      expect(page).toContain('zoe@acme.test')
      expect(page).toContain(today)
    }
    const audit = await test.storage.listAudit({ roomId, limit: 100 })
    expect(audit.some((row) => row.action === 'document.downloaded' && row.subject === id)).toBe(
      true,
    )
    const events = await test.storage.listEvents({ roomId, kinds: ['document.downloaded'] })
    expect(events).toMatchObject([{ side: 'buyer', detail: { documentId: id, version: 1 } }])
  })

  it('versions: a new version keeps one document; buyers see the latest, the seller team every version and restores one', async () => {
    const { test, roomId, seller, champion } = await dealRoom()
    const v1 = (await (
      await seller.upload(roomId, await makePdf(1), 'title=Pricing')
    ).json()) as DocumentSummary
    const v2 = await champion.upload(roomId, await makePdf(4), 'note=New%20prices', v1.id)
    expect(v2.status).toBe(201)
    expect(await v2.json()).toMatchObject({
      id: v1.id,
      version: 2,
      pages: 4,
      updatedBy: 'Ζωή Παπαδοπούλου',
    })

    const forBuyer = (await (
      await champion.request('GET', `/api/rooms/${roomId}/documents/${v1.id}`)
    ).json()) as DocumentDetail
    expect(forBuyer.versions.map((version) => version.version)).toEqual([2])
    expect(
      (await champion.request('GET', `/api/rooms/${roomId}/documents/${v1.id}/pages/1?version=1`))
        .status,
    ).toBe(403)
    const forSeller = (await (
      await seller.request('GET', `/api/rooms/${roomId}/documents/${v1.id}`)
    ).json()) as DocumentDetail
    expect(forSeller.versions.map((version) => [version.version, version.note])).toEqual([
      [2, 'New prices'],
      [1, ''],
    ])
    expect(
      (await seller.request('GET', `/api/rooms/${roomId}/documents/${v1.id}/pages/1?version=1`))
        .status,
    ).toBe(200)

    const restored = await seller.request(
      'POST',
      `/api/rooms/${roomId}/documents/${v1.id}/restore`,
      { version: 1 },
    )
    expect(await restored.json()).toMatchObject({ version: 3, pages: 1 })
    expect(
      (
        await champion.request('POST', `/api/rooms/${roomId}/documents/${v1.id}/restore`, {
          version: 1,
        })
      ).status,
    ).toBe(403)

    // "Pricing updated to v3" reaches the timeline.
    const activity = await champion.request(
      'GET',
      `/api/rooms/${roomId}/activity?kind=document.version-added`,
    )
    const items = ((await activity.json()) as { items: Array<{ detail: { version: number } }> })
      .items
    expect(items.map((item) => item.detail.version)).toEqual([3, 2, 1])
    expect(await test.storage.listFiles(roomId)).toHaveLength(1)
  })

  it('the room document lists documents live, and only the server writes that list', async () => {
    const { test, roomId, seller } = await dealRoom()
    const client = connect(
      test.wsUrl,
      roomId,
      await tokenFor(test.storage, roomId, 'zoe@acme.test'),
    )
    await client.synced
    expect(listDocuments(client.doc)).toEqual([])
    const { id } = (await (
      await seller.upload(roomId, await makePdf(2), 'title=Proposal')
    ).json()) as DocumentSummary
    await eventually(() =>
      expect(listDocuments(client.doc)).toMatchObject([
        { id, title: 'Proposal', version: 1, pages: 2, policy: 'view' },
      ]),
    )
    const task = listTasks(client.doc)[0]
    if (!task) throw new Error('the template has tasks')
    const attached = await seller.request('POST', `/api/rooms/${roomId}/documents/${id}/attach`, {
      kind: 'task',
      id: task.id,
    })
    expect(await attached.json()).toMatchObject({ attachedTo: { kind: 'task', id: task.id } })
    expect(
      (
        await seller.request('POST', `/api/rooms/${roomId}/documents/${id}/attach`, {
          kind: 'milestone',
          id: 'nope',
        })
      ).status,
    ).toBe(404)
    await seller.request('POST', `/api/rooms/${roomId}/documents/${id}/policy`, {
      policy: 'download',
    })
    await eventually(() =>
      expect(listDocuments(client.doc)).toMatchObject([
        { id, policy: 'download', attachedKind: 'task', attachedId: task.id },
      ]),
    )
    await seller.request('POST', `/api/rooms/${roomId}/documents/${id}/delete`)
    await eventually(() => expect(listDocuments(client.doc)).toEqual([]))
  })

  it('revoked people get no page, no download and no list, at once; a closed room is read-only for the team', async () => {
    const { test, roomId, seller, champion } = await dealRoom()
    const { id } = (await (
      await seller.upload(roomId, await makePdf(1), 'policy=download')
    ).json()) as DocumentSummary
    const page = `/api/rooms/${roomId}/documents/${id}/pages/1`
    const download = `/api/rooms/${roomId}/documents/${id}/download`
    expect((await champion.request('GET', page)).status).toBe(200)
    // Revoking ends the person's sessions in the room: every request is refused from then on.
    await revokeMemberByEmail(test.storage, roomId, 'zoe@acme.test', OPERATOR_ACTOR)
    for (const path of [page, download, `/api/rooms/${roomId}/documents`])
      expect((await champion.request('GET', path)).status).toBe(401)
    expect((await seller.request('GET', page)).status).toBe(200)
    await closeRoom(test.storage, roomId, OPERATOR_ACTOR)
    // Closing is archiving: the seller team still reads everything and changes nothing.
    for (const path of [page, download])
      expect((await seller.request('GET', path)).status).toBe(200)
    expect((await seller.upload(roomId, await makePdf(1), 'policy=download')).status).toBe(409)
  })
})
