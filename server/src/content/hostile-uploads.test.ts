import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { addSeller } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import { browserOf, makePdf } from '../testing/documents.ts'
import { startTestServer, tempDir } from '../testing/harness.ts'

const FIXTURES = new URL('./fixtures/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES))
const run = promisify(execFile)

/** A server, a seller signed in, and a room; `env` as the environment would set it. */
async function uploader(env: Record<string, string> = {}) {
  const test = await startTestServer(undefined, env)
  const seller = await addSeller(test.storage, test.httpUrl, {
    email: 's@vendor.test',
    name: 'Sam',
  })
  const room = await createRoom(test.storage, { ownerEmail: 's@vendor.test', title: 'Acme' })
  const browser = await browserOf(test.httpUrl, seller.signIn.url)
  /** Nothing of a refused upload stays: no document, no blob, no work folder. */
  const nothingKept = async () => {
    expect(await test.storage.listFiles(room.id)).toEqual([])
    const leftovers = (dir: string) => {
      try {
        return readdirSync(join(test.dataDir, dir)).filter((name) => name.startsWith('upload-'))
      } catch {
        return []
      }
    }
    expect(leftovers('tmp')).toEqual([])
    let blobs: string[] = []
    try {
      blobs = readdirSync(join(test.dataDir, 'blobs'))
    } catch {}
    expect(blobs).toEqual([])
  }
  /** The server still serves: a good PDF goes through. */
  const stillServes = async () => {
    const good = await browser.upload(room.id, await makePdf(1), 'title=After')
    expect(good.status).toBe(201)
  }
  return { test, roomId: room.id, browser, nothingKept, stillServes }
}

const problemOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error

/** A PDF whose page tree claims 50 million pages. */
async function pageCountBomb(): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  pdf.addPage([100, 100])
  const pages = pdf.catalog.lookup(PDFName.of('Pages'))
  if (!(pages && 'set' in pages)) throw new Error('no page tree')
  ;(pages as { set(key: PDFName, value: PDFNumber): void }).set(
    PDFName.of('Count'),
    PDFNumber.of(50_000_000),
  )
  return Buffer.from(await pdf.save({ useObjectStreams: false }))
}

describe('hostile and broken uploads', () => {
  it('over MAX_UPLOAD_MB: refused while streaming (413 before the rest is sent), and by its Content-Length at once', async () => {
    const { test, roomId, browser, nothingKept, stillServes } = await uploader({
      MAX_UPLOAD_MB: '1',
    })
    // 8 MiB sent in 64 KiB chunks without a length: the answer comes long before the end.
    const chunk = Buffer.alloc(64 * 1024, 0x25)
    const answer = await new Promise<{ status: number; sent: number; body: string }>(
      (resolve, reject) => {
        let sent = 0
        const upload = request(
          `${test.httpUrl}/api/rooms/${roomId}/documents`,
          {
            method: 'POST',
            headers: {
              cookie: browser.cookie,
              'x-quorum-csrf': '1',
              'content-type': 'application/pdf',
              'transfer-encoding': 'chunked',
            },
          },
          (response) => {
            let body = ''
            response.on('data', (data: Buffer) => {
              body += data.toString()
            })
            response.on('end', () => resolve({ status: response.statusCode ?? 0, sent, body }))
          },
        )
        upload.on('error', reject)
        const write = () => {
          while (sent < 8 * 1024 * 1024) {
            sent += chunk.length
            if (!upload.write(chunk)) return void upload.once('drain', write)
          }
          upload.end()
        }
        write()
      },
    )
    expect(answer.status).toBe(413)
    expect(answer.body).toMatch(/at most 1 MB/)
    expect(answer.sent).toBeLessThan(8 * 1024 * 1024)
    const declared = await browser.upload(roomId, Buffer.alloc(2 * 1024 * 1024, 0x25))
    expect(declared.status).toBe(413)
    await nothingKept()
    await stillServes()
  })

  it('the type is read from the bytes: an HTML page named .pdf is refused (415); a PNG sent as PDF is taken as an image; a pixel bomb is not', async () => {
    const { roomId, browser, nothingKept, test } = await uploader()
    const fake = await browser.upload(
      roomId,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'filename=invoice.pdf',
    )
    expect(fake.status).toBe(415)
    expect((await problemOf(fake)).message).toMatch(/PDF, an image .* or an office file/)
    const zip = await browser.upload(roomId, Buffer.from('PK\u0003\u0004 not an office file'))
    expect(zip.status).toBe(415)
    await nothingKept()
    const sharp = (await import('sharp')).default
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#3366cc' },
    })
      .png()
      .toBuffer()
    // A decompression bomb: 64 megapixels in a few hundred KB of PNG.
    const bomb = await sharp({
      create: { width: 8000, height: 8000, channels: 3, background: '#ffffff' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer()
    const refused = await browser.upload(roomId, bomb, 'filename=bomb.png')
    expect(refused.status).toBe(422)
    expect((await problemOf(refused)).message).toMatch(/at most 60 megapixels/)
    await nothingKept()
    const image = await browser.upload(roomId, png, 'filename=chart.pdf')
    expect(image.status).toBe(201)
    expect(await image.json()).toMatchObject({ contentType: 'image/png', pages: 1 })
    expect(await test.storage.listFiles(roomId)).toHaveLength(1)
  })

  it('a truncated, an encrypted and a page-count-bomb PDF are refused with a message; nothing is kept', async () => {
    const { roomId, browser, nothingKept, stillServes } = await uploader()
    const whole = await makePdf(3)
    const cases: Array<[string, Buffer, RegExp]> = [
      ['truncated', whole.subarray(0, Math.floor(whole.length * 0.6)), /incomplete/],
      ['encrypted', fixture('encrypted.pdf'), /encrypted or password-protected/],
      ['page-count bomb', await pageCountBomb(), /cannot be read/],
      ['too many pages', await makePdf(501), /501 pages; documents can have at most 500/],
      [
        'garbage after the header',
        Buffer.from('%PDF-1.7\n\u0000\u0001garbage\n%%EOF\n'),
        /cannot be read|no pages/,
      ],
    ]
    for (const [name, bytes, message] of cases) {
      const answer = await browser.upload(roomId, bytes, `title=${encodeURIComponent(name)}`)
      expect(answer.status, name).toBe(422)
      expect((await problemOf(answer)).message, name).toMatch(message)
    }
    await nothingKept()
    await stillServes()
  })

  it('a LibreOffice conversion past OFFICE_TIMEOUT_MS is killed with its children: 422, nothing kept, the server goes on', async () => {
    const { test, roomId, browser, nothingKept, stillServes } = await uploader({
      OFFICE_TIMEOUT_MS: '300',
    })
    const answer = await browser.upload(roomId, fixture('deck.pptx'), 'filename=deck.pptx')
    expect(answer.status).toBe(422)
    expect((await problemOf(answer)).message).toMatch(/took longer than 300 ms, so it was stopped/)
    // No LibreOffice process of this server's is left running.
    const { stdout } = await run('ps', ['-eo', 'args'])
    expect(stdout.split('\n').filter((line) => line.includes(test.dataDir))).toEqual([])
    await nothingKept()
    await stillServes()
  })

  it('office files beyond a short line for LibreOffice are asked to come back (503)', async () => {
    // A "LibreOffice" that never finishes: each conversion holds its turn until its time limit.
    const stuck = join(tempDir(), 'soffice')
    writeFileSync(stuck, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 })
    const { roomId, browser, stillServes } = await uploader({
      SOFFICE_PATH: stuck,
      OFFICE_TIMEOUT_MS: '1500',
    })
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => browser.upload(roomId, fixture('questionnaire.docx'))),
    )
    const statuses = answers.map((answer) => answer.status).sort()
    // One converting and four waiting, each stopped at its limit; the sixth not taken.
    expect(statuses).toEqual([422, 422, 422, 422, 422, 503])
    const busy = answers.find((answer) => answer.status === 503)
    expect((await problemOf(busy ?? (answers[0] as Response))).message).toMatch(
      /Try again in a minute/,
    )
    await stillServes()
  })

  it('without LibreOffice, an office file answers 503 saying so, and PDFs still work', async () => {
    const { roomId, browser, stillServes } = await uploader({
      SOFFICE_PATH: '/nonexistent/soffice',
    })
    const answer = await browser.upload(roomId, fixture('questionnaire.docx'))
    expect(answer.status).toBe(503)
    expect((await problemOf(answer)).message).toMatch(/need LibreOffice/)
    await stillServes()
  })
})
