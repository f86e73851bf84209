import { parseArgs } from 'node:util'
import { Problem } from '../errors.ts'

export type Flags = Record<string, string | boolean | undefined>

/** Parses `--name value` flags for one command; unknown flags are a clear error, not ignored. */
export function parseFlags(argv: string[], allowed: readonly string[]): Flags {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  }
  for (const name of allowed) options[name] = { type: 'string' }
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new UsageError(message ?? 'Bad arguments')
  }
}

export class UsageError extends Error {}

export function required(flags: Flags, name: string): string {
  const value = flags[name]
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required`)
  return value
}

export function optional(flags: Flags, name: string): string | undefined {
  const value = flags[name]
  return typeof value === 'string' ? value : undefined
}

const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** "30m", "12h", "7d", "2w" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+)\s*([smhdw])$/.exec(text.trim())
  const amount = Number(match?.[1])
  const unit = UNITS[match?.[2] ?? '']
  if (!match || !unit || amount <= 0) {
    throw new Problem(
      'invalid',
      `--${flag} takes a duration such as 30m, 12h, 7d or 2w (got "${text}")`,
    )
  }
  return amount * unit
}
