import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'vitest'

const BIN = fileURLToPath(new URL('../../../bin/quorum.js', import.meta.url))
const run = promisify(execFile)

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `quorum …` as an operator would, in its own process, against `dataDir`. */
export async function quorum(dataDir: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: 'https://rooms.example.com' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** `quorum … --json`, which must succeed quietly; its parsed answer. */
export async function quorumJson<T>(dataDir: string, ...args: string[]): Promise<T> {
  const result = await quorum(dataDir, ...args, '--json')
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as T
}
