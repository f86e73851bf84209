import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { DocumentSummary } from '../../../shared/src/api/documents.ts'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { browserOf, makePdf } from '../testing/documents.ts'
import { startTestServer } from '../testing/harness.ts'
import { startS3 } from '../testing/s3.ts'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

async function seller(env: Record<string, string> = {}) {
  const test = await startTestServer(undefined, env)
  const account = await addSeller(test.storage, test.httpUrl, {
    email: 's@vendor.test',
    name: 'Sam',
  })
  const room = await createRoom(test.storage, { ownerEmail: 's@vendor.test', title: 'Acme' })
  return { test, roomId: room.id, browser: await browserOf(test.httpUrl, account.signIn.url) }
}

/** Uploads `bytes` and reads its first page back as an image; returns the summary. */
async function uploadAndShow(
  who: Awaited<ReturnType<typeof seller>>,
  bytes: Buffer,
  filename: string,
): Promise<DocumentSummary> {
  const answer = await who.browser.upload(who.roomId, bytes, `filename=${filename}`)
  expect(answer.status, `${filename}: ${answer.status}`).toBe(201)
  const summary = (await answer.json()) as DocumentSummary
  const page = await who.browser.request(
    'GET',
    `/api/rooms/${who.roomId}/documents/${summary.id}/pages/1?width=480`,
  )
  expect(page.status).toBe(200)
  expect((await sharp(Buffer.from(await page.arrayBuffer())).metadata()).width).toBe(480)
  return summary
}

describe('every kind of file becomes pages', () => {
  it('Word, PowerPoint and Excel files are converted by LibreOffice; the deck keeps its 3 slides', async () => {
    const who = await seller()
    const docx = await uploadAndShow(who, fixture('questionnaire.docx'), 'questionnaire.docx')
    expect(docx).toMatchObject({
      title: 'questionnaire',
      pages: 1,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    })
    const pptx = await uploadAndShow(who, fixture('deck.pptx'), 'deck.pptx')
    expect(pptx).toMatchObject({ pages: 3, contentType: expect.stringContaining('presentationml') })
    const xlsx = await uploadAndShow(who, fixture('prices.xlsx'), 'prices.xlsx')
    expect(xlsx).toMatchObject({ pages: 1, contentType: expect.stringContaining('spreadsheetml') })
  })

  it('PNG, JPEG and WebP images are one page each', async () => {
    const who = await seller()
    const picture = sharp({
      create: { width: 640, height: 400, channels: 3, background: '#d04010' },
    })
    for (const [format, type] of [
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
      ['webp', 'image/webp'],
    ] as const) {
      const bytes = await picture.clone().toFormat(format).toBuffer()
      expect(await uploadAndShow(who, bytes, `chart.${format}`)).toMatchObject({
        pages: 1,
        contentType: type,
      })
    }
  })

  it('with S3_BUCKET set, the bytes go to the S3-compatible store, not DATA_DIR', async () => {
    const s3 = await startS3()
    const who = await seller({
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint ?? '',
      S3_REGION: s3.region,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    })
    expect(who.test.server.files.blobs.driver).toBe('s3')
    const summary = await uploadAndShow(who, await makePdf(2), 'proposal.pdf')
    expect(summary.pages).toBe(2)
    expect(readdirSync(who.test.dataDir)).not.toContain('blobs')
    const [file] = await who.test.storage.listFiles(who.roomId)
    expect(await who.test.server.files.blobs.has(file?.latest.originalKey ?? '')).toBe(true)
    // Page 2 was never drawn here: the PDF is fetched from S3 to draw it.
    const page = await who.browser.request(
      'GET',
      `/api/rooms/${who.roomId}/documents/${summary.id}/pages/2`,
    )
    expect(page.status).toBe(200)
    expect(readdirSync(join(who.test.dataDir, 'cache', 'blobs'))).toContain(file?.latest.pdfKey)
  })
})
