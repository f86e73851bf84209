import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/harness.ts'
import { receiveFile, sweepWorkFolders } from './upload.ts'

describe('receiving uploads', () => {
  it('hashes and stores a stream, refuses an empty one, and sweeps folders a crash left', async () => {
    const root = tempDir()
    const file = await receiveFile(Readable.from([Buffer.from('abc')]), root, 10)
    expect(file).toMatchObject({
      size: 3,
      key: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    })
    await expect(receiveFile(Readable.from([]), root, 10)).rejects.toThrow(/empty/)
    await expect(receiveFile(Readable.from([Buffer.alloc(11)]), root, 10)).rejects.toThrow(
      /at most/,
    )
    // An old folder (a crash two hours ago) goes; a fresh one (someone uploading now) stays.
    const old = join(root, 'upload-old')
    mkdirSync(old)
    writeFileSync(join(old, 'original'), 'half')
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    utimesSync(old, twoHoursAgo, twoHoursAgo)
    expect(await sweepWorkFolders(root, 60 * 60 * 1000)).toBe(1)
    expect(readdirSync(root)).toEqual([file.dir.split('/').pop()])
  })
})
