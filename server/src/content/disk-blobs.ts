import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { access, copyFile, mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { BlobNotFound, type BlobStore, checkKey } from './blob-store.ts'

/**
 * Blobs as files under `dir` (DATA_DIR/blobs), two levels by the key's first characters so no
 * folder grows huge. A blob is copied to a temporary name in its final folder and renamed, so a
 * crash never leaves a half-written file under a real key.
 */
export function diskBlobs(dir: string): BlobStore {
  const pathOf = (key: string) => join(dir, checkKey(key).slice(0, 2), key)
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    )

  return {
    driver: 'disk',
    async put(key, source) {
      const target = pathOf(key)
      if (await exists(target)) return
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true })
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`
      try {
        await copyFile(source, temporary)
        await rename(temporary, target)
      } finally {
        await rm(temporary, { force: true })
      }
    },
    has: async (key) => exists(pathOf(key)),
    async read(key): Promise<Readable> {
      const path = pathOf(key)
      if (!(await exists(path))) throw new BlobNotFound(key)
      return createReadStream(path)
    },
    async localPath(key) {
      const path = pathOf(key)
      if (!(await exists(path))) throw new BlobNotFound(key)
      return path
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
