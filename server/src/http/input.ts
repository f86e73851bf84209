import type { IncomingMessage } from 'node:http'
import { checkDate } from '../../../shared/src/room/schema.ts'
import { Problem } from '../errors.ts'

/**
 * Readers of request input (JSON body fields, query parameters, path parameters). Each refuses a
 * malformed value with a 400 whose message names the field, so a client learns what to fix
 * instead of meeting a 404, a 500 or a silently ignored typo.
 */

/** A 400 about one field; the problem JSON carries the field's name as `field` too. */
export class InvalidInput extends Problem {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid', message)
  }
}

/** The latest moment a JavaScript Date can hold. */
const MAX_TIME_MS = 8.64e15

/** Quorum's ids (rooms, people, links) are base 62; `-` and `_` leave room for imported ones. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** A value quoted for an error message, cut short: the message must not echo 60 KB back. */
export const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

const typeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`

/** An id from the path or the query: letters, digits, `-` or `_`, at most 64. */
export function checkId(field: string, value: string, where = 'in the path'): string {
  if (!ID.test(value)) {
    throw new InvalidInput(
      field,
      `"${field}" ${where} must be an id (letters, digits, - or _; at most 64), got ${shown(value)}`,
    )
  }
  return value
}

/** Refuses a body field the route does not read: a typo would otherwise be dropped in silence. */
export function onlyFields(body: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(body).find((name) => !known.includes(name))
  if (unknown !== undefined) {
    const field = unknown.slice(0, 40)
    throw new InvalidInput(
      field,
      `Unknown field "${field}"; this request takes ${known.map((name) => `"${name}"`).join(', ')}`,
    )
  }
}

interface TextOptions {
  /** Longest accepted value, in characters. */
  max: number
  optional?: boolean
}

/** A string field; optional ones may be absent, null or "". */
export function textField(
  body: Record<string, unknown>,
  name: string,
  options: TextOptions & { optional: true },
): string | undefined
export function textField(
  body: Record<string, unknown>,
  name: string,
  options: TextOptions & { optional?: false },
): string
export function textField(
  body: Record<string, unknown>,
  name: string,
  { max, optional = false }: TextOptions,
): string | undefined {
  const value = body[name]
  if (value === undefined || value === null || value === '') {
    if (optional) return undefined
    throw new InvalidInput(name, `"${name}" is required`)
  }
  if (typeof value !== 'string')
    throw new InvalidInput(name, `"${name}" must be a string, not ${typeOf(value)}`)
  if (value.length > max)
    throw new InvalidInput(name, `"${name}" can be at most ${max} characters (got ${value.length})`)
  return value
}

/** Longest e-mail address SMTP allows. */
const MAX_EMAIL = 254
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An e-mail address, trimmed and lower-cased (the form stored and compared). */
export function emailField(body: Record<string, unknown>, name: string): string {
  const value = textField(body, name, { max: MAX_EMAIL + 32 })
    .trim()
    .toLowerCase()
  if (value.length > MAX_EMAIL || !EMAIL.test(value))
    throw new InvalidInput(name, `"${name}" must be an e-mail address (got ${shown(value)})`)
  return value
}

/** A list of e-mail domains (`buyer.com`; a leading @ is forgiven), lower-cased. */
export function domainsField(
  body: Record<string, unknown>,
  name: string,
  { max }: { max: number },
): string[] {
  const value = body[name]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value))
    throw new InvalidInput(name, `"${name}" must be a list of domains, not ${typeOf(value)}`)
  if (value.length > max)
    throw new InvalidInput(name, `"${name}" can hold at most ${max} domains (got ${value.length})`)
  return value.map((entry: unknown, index) => {
    const domain = typeof entry === 'string' ? entry.trim().toLowerCase().replace(/^@/, '') : ''
    if (domain.length > 253 || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
      throw new InvalidInput(
        name,
        `"${name}" must hold domains such as buyer.com; entry ${index + 1} is ${shown(entry)}`,
      )
    return domain
  })
}

/** A field that must be one of `allowed` (absent: undefined, unless it is required). */
export function choiceField<T extends string>(
  body: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  options: { required: true },
): T
export function choiceField<T extends string>(
  body: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  options?: { required?: false },
): T | undefined
export function choiceField<T extends string>(
  body: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
  { required = false }: { required?: boolean } = {},
): T | undefined {
  const value = body[name]
  if (value === undefined || value === null || value === '') {
    if (required)
      throw new InvalidInput(name, `"${name}" is required: one of ${allowed.join(', ')}`)
    return undefined
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInput(
      name,
      `"${name}" must be one of ${allowed.join(', ')} (got ${shown(value)})`,
    )
  }
  return value as T
}

/** An optional calendar date written yyyy-mm-dd (a real day: no February 30th). */
export function dateField(body: Record<string, unknown>, name: string): string | undefined {
  const value = textField(body, name, { max: 10, optional: true })
  if (value === undefined) return undefined
  try {
    checkDate(value)
  } catch (error) {
    const why = error instanceof Error ? error.message : ''
    throw new InvalidInput(name, `"${name}" must be a real date written yyyy-mm-dd. ${why}`)
  }
  return value
}

/**
 * The query string of a request, refusing parameters the route does not read and repeats of
 * parameters that take one value (which one would win is not obvious to the caller).
 */
export class QueryInput {
  private readonly params: URLSearchParams

  constructor(
    request: IncomingMessage,
    known: { single: readonly string[]; repeated?: readonly string[] },
  ) {
    this.params = new URL(request.url ?? '/', 'http://quorum').searchParams
    const names = [...known.single, ...(known.repeated ?? [])]
    for (const name of new Set(this.params.keys())) {
      if (!names.includes(name)) {
        const field = name.slice(0, 40)
        throw new InvalidInput(
          field,
          `Unknown query parameter "${field}"; this request takes ${names.map((each) => `"${each}"`).join(', ')}`,
        )
      }
      if (known.single.includes(name) && this.params.getAll(name).length > 1)
        throw new InvalidInput(name, `The query parameter "${name}" may be given once`)
    }
  }

  /** A single-valued parameter, or null when absent. */
  one(name: string): string | null {
    return this.params.get(name)
  }

  /** Every value of a repeatable parameter. */
  all(name: string): string[] {
    return this.params.getAll(name)
  }

  /** A whole number in [min, max] written in digits, or the fallback when absent. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.one(name)
    if (text === null) return fallback
    const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidInput(
        name,
        `"${name}" must be a whole number from ${min} to ${max} (got ${shown(text)})`,
      )
    }
    return value
  }

  /** A moment as epoch milliseconds (what the API's `at` fields hold), or null when absent. */
  time(name: string): number | null {
    const text = this.one(name)
    if (text === null) return null
    const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN
    if (!(value <= MAX_TIME_MS)) {
      throw new InvalidInput(
        name,
        `"${name}" must be a time in milliseconds since 1970, as in the items' "at" (got ${shown(text)})`,
      )
    }
    return value
  }
}
