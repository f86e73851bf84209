import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/harness.ts'
import { BlobNotFound, type BlobStore, hashFile } from './blob-store.ts'

/** A file in a fresh folder and its key. */
function sample(content: string | Buffer): { path: string; key: string } {
  const path = join(tempDir(), 'sample.bin')
  writeFileSync(path, content)
  return { path, key: createHash('sha256').update(content).digest('hex') }
}

/**
 * What every blob store does (disk-blobs.ts, s3-blobs.ts). `open` makes a fresh, empty store
 * for one test; `listTemporary` lists names in it that are not blobs (half-written files).
 */
export function blobStoreContract(name: string, open: () => Promise<BlobStore>): void {
  describe(`${name} blob store`, () => {
    it('stores a file under its SHA-256 and gives the same bytes back, as a stream and as a file', async () => {
      const store = await open()
      const { path, key } = sample('%PDF-1.7 pricing')
      expect(await hashFile(path)).toBe(key)
      expect(await store.has(key)).toBe(false)
      await store.put(key, path)
      expect(await store.has(key)).toBe(true)
      expect(await text(await store.read(key))).toBe('%PDF-1.7 pricing')
      const local = await store.localPath(key)
      expect(readFileSync(local, 'utf8')).toBe('%PDF-1.7 pricing')
      // A second put of the same content is nothing to do.
      await store.put(key, path)
      expect(await text(await store.read(key))).toBe('%PDF-1.7 pricing')
    })

    it('keeps large blobs whole (several MB)', async () => {
      const store = await open()
      const content = Buffer.alloc(6 * 1024 * 1024 + 17, 7)
      content.write('start', 0)
      content.write('end', content.length - 3)
      const { path, key } = sample(content)
      await store.put(key, path)
      expect(await hashFile(await store.localPath(key))).toBe(key)
    })

    it('a missing blob is BlobNotFound; a deleted one is gone', async () => {
      const store = await open()
      const { path, key } = sample('short-lived')
      await expect(store.read(key)).rejects.toBeInstanceOf(BlobNotFound)
      await expect(store.localPath(key)).rejects.toBeInstanceOf(BlobNotFound)
      await store.put(key, path)
      await store.delete(key)
      expect(await store.has(key)).toBe(false)
      await expect(store.read(key)).rejects.toBeInstanceOf(BlobNotFound)
    })

    it('refuses a key that is not a SHA-256 (a key also names a file)', async () => {
      const store = await open()
      const { path } = sample('x')
      await expect(store.put('../../etc/passwd', path)).rejects.toThrow(/Not a blob key/)
      await expect(store.has('A'.repeat(64))).rejects.toThrow(/Not a blob key/)
    })

    it('a put that fails half-way leaves nothing under the key', async () => {
      const store = await open()
      const key = 'f'.repeat(64)
      await expect(store.put(key, join(tempDir(), 'missing.bin'))).rejects.toThrow()
      expect(await store.has(key)).toBe(false)
    })
  })
}

/** Names under `dir` that a crash could have left half-written (none should remain). */
export async function temporaryFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { recursive: true })) {
    if (String(entry).endsWith('.tmp')) found.push(String(entry))
  }
  return found
}
