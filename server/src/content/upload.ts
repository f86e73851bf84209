import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { Problem } from '../errors.ts'

/** An upload written to a work folder of its own (removed with `discard`). */
export interface ReceivedFile {
  /** The folder of this upload: the file and whatever is made from it. */
  dir: string
  path: string
  size: number
  /** SHA-256 of the bytes: their key in the blob store. */
  key: string
}

export const tooLarge = (maxBytes: number) =>
  new Problem(
    'too-large',
    `Files can be at most ${Math.round(maxBytes / (1024 * 1024))} MB. Compress or split it and upload again.`,
  )

/** A fresh work folder under `tmpRoot`. */
export async function workDir(tmpRoot: string): Promise<string> {
  const dir = join(tmpRoot, `upload-${randomBytes(8).toString('hex')}`)
  await mkdir(dir, { recursive: true })
  return dir
}

/**
 * Streams `source` to a file, hashing and counting as it goes: never the whole file in memory,
 * and past `maxBytes` it stops reading at once with a 413. The source is paused, not destroyed,
 * so the answer can still reach the client (the HTTP route closes the connection after it).
 */
export async function receiveFile(
  source: Readable,
  tmpRoot: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  const dir = await workDir(tmpRoot)
  const path = join(dir, 'original')
  const hash = createHash('sha256')
  let size = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path)
      let ended = false
      const stop = (error: Error) => {
        source.off('data', onData)
        source.pause()
        out.destroy()
        reject(error)
      }
      const onData = (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBytes) return stop(tooLarge(maxBytes))
        hash.update(chunk)
        if (!out.write(chunk)) {
          source.pause()
          out.once('drain', () => source.resume())
        }
      }
      source.on('data', onData)
      source.once('end', () => {
        ended = true
        out.end()
      })
      source.once('error', (error) => stop(error))
      source.once('close', () => {
        if (!ended) stop(new Error('closed early'))
      })
      out.once('error', (error) => stop(error))
      out.once('finish', () => resolve())
    })
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    if (error instanceof Problem) throw error
    throw new Problem('invalid', 'The upload was interrupted before the whole file arrived.')
  }
  if (size === 0) {
    await rm(dir, { recursive: true, force: true })
    throw new Problem('invalid', 'The file is empty.')
  }
  return { dir, path, size, key: hash.digest('hex') }
}

export const discard = (file: { dir: string }) => rm(file.dir, { recursive: true, force: true })

/**
 * Removes work folders a crash left behind (an upload or a download being prepared when the
 * process died), once they are older than `olderThanMs`: a CLI sharing DATA_DIR may be working
 * in a younger one.
 */
export async function sweepWorkFolders(tmpRoot: string, olderThanMs: number): Promise<number> {
  let removed = 0
  const names = await readdir(tmpRoot).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith('upload-')) continue
    const path = join(tmpRoot, name)
    const info = await stat(path).catch(() => null)
    if (info && Date.now() - info.mtimeMs > olderThanMs) {
      await rm(path, { recursive: true, force: true })
      removed++
    }
  }
  return removed
}
