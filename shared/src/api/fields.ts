import * as z from 'zod/mini'
import { checkDate } from '../room/schema.ts'

/**
 * Schemas of request fields (JSON body, query string, path). Each refuses a malformed value with
 * a message that names the field, so a client learns what to fix instead of meeting a 404, a 500
 * or a silently ignored typo. The server turns the first issue into a 400 whose `field` is the
 * issue's path (server/src/http/input.ts). zod/mini keeps what the web app bundles small.
 */

/** The latest moment a JavaScript Date can hold. */
const MAX_TIME_MS = 8.64e15
/** Quorum's ids (rooms, people, links) are base 62; `-` and `_` leave room for imported ones. */
const ID = /^[A-Za-z0-9_-]{1,64}$/
/** Longest e-mail address SMTP allows. */
const MAX_EMAIL = 254
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/

/** A value quoted for an error message, cut short: the message must not echo 60 KB back. */
export const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

const typeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`

/** Absent, null and "" all mean "not given" for optional fields. */
const absent = <T>(value: T | null | '' | undefined): T | undefined =>
  value === null || value === '' ? undefined : value

/** An id (path or query): letters, digits, `-` or `_`; at most 64. */
export function id(field: string, where = 'in the path') {
  const message = (input: unknown) =>
    `"${field}" ${where} must be an id (letters, digits, - or _; at most 64), got ${shown(input ?? '')}`
  return z
    .string({ error: (issue) => message(issue.input) })
    .check(z.regex(ID, { error: (issue) => message(issue.input) }))
}

/** A required string field of at most `max` characters. */
export function text(field: string, max: number) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `"${field}" is required`
          : `"${field}" must be a string, not ${typeOf(issue.input)}`,
    })
    .check(
      z.minLength(1, { error: `"${field}" is required` }),
      z.maxLength(max, {
        error: (issue) =>
          `"${field}" can be at most ${max} characters (got ${String(issue.input).length})`,
      }),
    )
}

/** An optional string field: absent, null or "" read as not given. */
export function optionalText(field: string, max: number) {
  return z.optional(z.pipe(z.transform(absent<string>), z.optional(text(field, max))))
}

/** A name or title: some text besides spaces. */
export function name(field: string, max = 200) {
  return text(field, max).check(
    z.refine((value) => value.trim() !== '', { error: `"${field}" is required` }),
  )
}

/** As `name`, trimmed. */
export function trimmedName(field: string, max = 200) {
  return name(field, max).check(z.overwrite((value) => value.trim()))
}

/** An e-mail address, trimmed and lower-cased (the form stored and compared). */
export function email(field: string) {
  return text(field, MAX_EMAIL + 32).check(
    z.overwrite((value) => value.trim().toLowerCase()),
    z.refine((value) => value.length <= MAX_EMAIL && EMAIL.test(value), {
      error: (issue) => `"${field}" must be an e-mail address (got ${shown(issue.input)})`,
    }),
    z.meta({ format: 'email' }),
  )
}

/** One of `allowed`. */
export function choice<const T extends readonly [string, ...string[]]>(field: string, allowed: T) {
  return z.enum(allowed, {
    error: (issue) =>
      issue.input === undefined || issue.input === null || issue.input === ''
        ? `"${field}" is required: one of ${allowed.join(', ')}`
        : `"${field}" must be one of ${allowed.join(', ')} (got ${shown(issue.input)})`,
  })
}

/** As `choice`, and absent, null or "" read as not given. */
export function optionalChoice<const T extends readonly [string, ...string[]]>(
  field: string,
  allowed: T,
) {
  return z.optional(z.pipe(z.transform(absent<string>), z.optional(choice(field, allowed))))
}

/** An optional calendar date written yyyy-mm-dd (a real day: no February 30th). */
export function optionalDate(field: string) {
  const date = text(field, 10).check(
    z.superRefine((value, context) => {
      try {
        checkDate(value)
      } catch (error) {
        const why = error instanceof Error ? error.message : ''
        context.addIssue({
          code: 'custom',
          message: `"${field}" must be a real date written yyyy-mm-dd. ${why}`,
        })
      }
    }),
    z.meta({ format: 'date' }),
  )
  return z.optional(z.pipe(z.transform(absent<string>), z.optional(date)))
}

/** The code of the mail that lets someone join: six digits. */
export function sixDigits(field: string) {
  return text(field, 12).check(
    z.overwrite((value) => value.trim()),
    z.regex(/^\d{6}$/, { error: `"${field}" is the 6 digits from the e-mail` }),
  )
}

/** A list of e-mail domains (`buyer.com`; a leading @ is forgiven), lower-cased; absent: []. */
export function domains(field: string, max: number) {
  const entry = z
    .string({
      error: (issue) =>
        `"${field}" must hold domains such as buyer.com; entry ${Number(issue.path?.at(-1) ?? 0) + 1} is ${shown(issue.input)}`,
    })
    .check(z.overwrite((value) => value.trim().toLowerCase().replace(/^@/, '')))
  const list = z
    .array(entry, {
      error: (issue) => `"${field}" must be a list of domains, not ${typeOf(issue.input)}`,
    })
    .check(
      z.maxLength(max, {
        error: (issue) =>
          `"${field}" can hold at most ${max} domains (got ${Array.isArray(issue.input) ? issue.input.length : 0})`,
      }),
      z.superRefine((domains, context) => {
        domains.forEach((domain, index) => {
          if (domain.length > 253 || !DOMAIN.test(domain))
            context.addIssue({
              code: 'custom',
              message: `"${field}" must hold domains such as buyer.com; entry ${index + 1} is ${shown(domain)}`,
            })
        })
      }),
    )
  return z.optional(
    z.pipe(
      z.transform((value: string[] | null) => value ?? []),
      list,
    ),
  )
}

/** A query parameter that takes one value (which one would win is not obvious to the caller). */
function single(field: string, what: string) {
  return z.string({
    error: (issue) =>
      Array.isArray(issue.input)
        ? `The query parameter "${field}" may be given once`
        : `"${field}" must be ${what}`,
  })
}

/** A whole number in [min, max] written in digits. */
export function queryInteger(field: string, min: number, max: number) {
  const what = `a whole number from ${min} to ${max}`
  const refusal = (issue: { input?: unknown }) =>
    `"${field}" must be ${what} (got ${shown(issue.input)})`
  const digits = single(field, what).check(
    z.regex(/^\d{1,16}$/, { error: refusal }),
    z.refine(
      (text) => {
        const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN
        return Number.isSafeInteger(value) && value >= min && value <= max
      },
      { error: refusal },
    ),
  )
  return z.optional(z.pipe(digits, z.transform(Number)))
}

/** A moment as epoch milliseconds (what the API's `at` fields hold). */
export function queryTime(field: string) {
  const what = `a time in milliseconds since 1970, as in the items' "at"`
  const refusal = (issue: { input?: unknown }) =>
    `"${field}" must be ${what} (got ${shown(issue.input)})`
  const digits = single(field, what).check(
    z.regex(/^\d{1,16}$/, { error: refusal }),
    z.refine((text) => Number(text) <= MAX_TIME_MS, { error: refusal }),
  )
  return z.optional(z.pipe(digits, z.transform(Number)))
}

/** An id given once in the query. */
export function queryId(field: string) {
  return z.optional(z.pipe(single(field, 'an id'), id(field, 'in the query')))
}

/** A parameter that may be repeated (`?kind=a&kind=b`), each value one of `allowed`. */
export function queryList<const T extends readonly [string, ...string[]]>(
  field: string,
  allowed: T,
) {
  const known = z.enum(allowed, {
    error: (issue) =>
      `Unknown ${field} ${shown(issue.input)} in "${field}". ${field[0]?.toUpperCase()}${field.slice(1)}s: ${allowed.join(', ')}.`,
  })
  return z.optional(
    z.pipe(
      z.transform((value: string | string[]) => (Array.isArray(value) ? value : [value])),
      z.array(known),
    ),
  )
}
