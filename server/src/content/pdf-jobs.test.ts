import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makePdf } from '../testing/documents.ts'
import { tempDir } from '../testing/harness.ts'
import { runPdfJob } from './pdf-jobs.ts'
import { STAMP_FONT } from './room-files.ts'

const limits = { timeoutMs: 60_000, memoryMb: 512 }

describe('pdf-lib jobs in worker threads', () => {
  it('a job past its deadline or on a broken file fails alone; the next job is done by a fresh worker', async () => {
    const dir = tempDir()
    const input = join(dir, 'big.pdf')
    writeFileSync(input, await makePdf(300))
    const stamp = (output: string, timeoutMs: number, from = input) =>
      runPdfJob(
        {
          kind: 'stamp',
          input: from,
          output,
          text: 'Ana · ana@buyer.test',
          footer: 'x',
          fontPath: STAMP_FONT,
        },
        { ...limits, timeoutMs },
      )
    await expect(stamp(join(dir, 'late.pdf'), 1)).rejects.toThrow(/took longer than 1 ms/)
    const broken = join(dir, 'broken.pdf')
    writeFileSync(broken, 'not a pdf at all')
    await expect(stamp(join(dir, 'broken-out.pdf'), 60_000, broken)).rejects.toThrow()
    await stamp(join(dir, 'done.pdf'), 60_000)
    expect(existsSync(join(dir, 'done.pdf'))).toBe(true)
  })
})
