import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/harness.ts'
import { startS3 } from '../testing/s3.ts'
import { blobStoreContract, temporaryFiles } from './blob-store.contract.ts'
import { diskBlobs } from './disk-blobs.ts'
import { s3Blobs } from './s3-blobs.ts'

blobStoreContract('disk', async () => diskBlobs(join(tempDir(), 'blobs')))
blobStoreContract('S3', async () => s3Blobs(await startS3(), join(tempDir(), 'cache')))

describe('disk blob store', () => {
  it('leaves no temporary file behind, after a success or a failure', async () => {
    const dir = join(tempDir(), 'blobs')
    const store = diskBlobs(dir)
    const source = join(tempDir(), 'a.bin')
    await import('node:fs/promises').then((fs) => fs.writeFile(source, 'abc'))
    const key = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    await store.put(key, source)
    await expect(store.put('e'.repeat(64), join(dir, 'nothing-here'))).rejects.toThrow()
    expect(await temporaryFiles(dir)).toEqual([])
    expect(await store.has(key)).toBe(true)
  })
})
