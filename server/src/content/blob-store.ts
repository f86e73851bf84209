import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'

/**
 * Where the bytes of the room's files live, behind one interface: files on disk under DATA_DIR
 * (disk-blobs.ts, the default) or S3-compatible object storage when S3_BUCKET is set
 * (s3-blobs.ts), for several instances. Blobs are content-addressed (the key is the SHA-256 of
 * the bytes), so a key never names two contents, a blob is written once, and a copy can be
 * checked against its key. Both drivers pass one contract (blob-store.contract.ts).
 */
export interface BlobStore {
  readonly driver: 'disk' | 's3'
  /** Stores the file at `path` under `key` (its SHA-256); nothing to do when the blob exists. */
  put(key: string, path: string): Promise<void>
  has(key: string): Promise<boolean>
  /** The bytes of a blob as a stream; `BlobNotFound` when there is none. */
  read(key: string): Promise<Readable>
  /**
   * A file on this machine holding the blob, for the tools that need a path (pdfinfo,
   * pdftoppm): the blob itself on disk, a verified cached copy from S3.
   */
  localPath(key: string): Promise<string>
  delete(key: string): Promise<void>
}

export class BlobNotFound extends Error {
  constructor(key: string) {
    super(`No blob ${key}`)
    this.name = 'BlobNotFound'
  }
}

const KEY = /^[0-9a-f]{64}$/

/** Refuses anything but a SHA-256 in hex: a key also names a file, so it must not be a path. */
export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Not a blob key: ${JSON.stringify(key.slice(0, 80))}`)
  return key
}

/** The SHA-256 of a file, read as a stream. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
