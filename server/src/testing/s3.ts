import S3rver from 's3rver'
import { onTestFinished } from 'vitest'
import type { S3Settings } from '../content/s3-blobs.ts'
import { tempDir } from './harness.ts'

/**
 * A local S3-compatible server (s3rver, in this process, on port 0) with one bucket, closed
 * when the test ends: the S3 blob store is tested against it, as there is no cloud here.
 */
export async function startS3(bucket = 'quorum-test'): Promise<S3Settings & { url: string }> {
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: tempDir('quorum-s3-'),
    configureBuckets: [{ name: bucket }],
  })
  const { port } = await server.run()
  onTestFinished(() => server.close())
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    bucket,
    endpoint: url,
    region: 'us-east-1',
    prefix: 'blobs/',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  }
}
