import { describe, expect, it } from 'vitest'
import { addSeller } from '../server/src/access/people.ts'
import { PostgresStorage } from '../server/src/storage/postgres/postgres-storage.ts'
import { spawnServer } from '../server/src/testing/child.ts'
import { browserOf, makePdf } from '../server/src/testing/documents.ts'
import { connect, eventually, seedCast, tempDir, tokenFor } from '../server/src/testing/harness.ts'
import { startS3 } from '../server/src/testing/s3.ts'
import type { DocumentSummary } from '../shared/src/api/documents.ts'
import { listDocuments } from '../shared/src/room/index.ts'
import { freshDatabase, freshRedisPrefix, REDIS_URL } from './databases.ts'

describe('documents on several instances (PostgreSQL, Redis, S3)', () => {
  it('a file uploaded through one instance is listed live and its pages served by the other', async () => {
    const databaseUrl = await freshDatabase()
    const storage = await PostgresStorage.open(databaseUrl)
    try {
      const s3 = await startS3()
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_PREFIX: freshRedisPrefix(),
        S3_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.endpoint ?? '',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
      }
      const a = await spawnServer(tempDir(), env)
      const b = await spawnServer(tempDir(), env)
      const urlOf = (server: { port: number }) => `http://127.0.0.1:${server.port}`
      const cast = await seedCast(storage)
      const onB = connect(b.wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.champion))
      await onB.synced

      const seller = await addSeller(storage, urlOf(a), {
        email: 'second@vendor.test',
        name: 'Sue',
      })
      await storage.putMember(cast.roomId, seller.person.id, 'seller')
      const atA = await browserOf(urlOf(a), seller.signIn.url)
      const created = await atA.upload(cast.roomId, await makePdf(4), 'title=Pricing')
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as DocumentSummary

      // B follows the change feed in PostgreSQL: its open room lists the document.
      await eventually(
        () => expect(listDocuments(onB.doc)).toMatchObject([{ id, title: 'Pricing', pages: 4 }]),
        10_000,
      )
      // B has never seen the file: it reads the PDF from S3 to draw page 3.
      const atB = {
        ...atA,
        request: (method: string, path: string) =>
          fetch(`${urlOf(b)}${path}`, { method, headers: { cookie: atA.cookie } }),
      }
      const page = await atB.request('GET', `/api/rooms/${cast.roomId}/documents/${id}/pages/3`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toBe('image/png')
      expect((await storage.listFiles(cast.roomId)).map((file) => file.latest.version)).toEqual([1])
    } finally {
      await storage.close()
    }
  })
})
