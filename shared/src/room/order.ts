/**
 * Fractional order keys. Every item in a collection carries a string key; the collection is
 * shown sorted by key (ties broken by id). Moving an item rewrites only its own key, so two
 * people moving the same item at once end with the item in one place, never two.
 *
 * Keys are base-62 fractions 0.d1d2d3… written without the leading "0."; a key never ends in
 * the digit 0, so there is always room between two distinct keys.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const BASE = DIGITS.length

function digitAt(key: string, index: number): number {
  const char = key[index]
  return char === undefined ? 0 : DIGITS.indexOf(char)
}

/** The key half-way between `low` (or the start) and `high` (or the end). */
function midpoint(low: string, high: string | null): string {
  if (high !== null) {
    let shared = 0
    while (shared < high.length && digitAt(low, shared) === digitAt(high, shared)) shared++
    if (shared > 0) {
      return high.slice(0, shared) + midpoint(low.slice(shared), high.slice(shared))
    }
  }
  const lowDigit = digitAt(low, 0)
  const highDigit = high === null ? BASE : digitAt(high, 0)
  if (highDigit - lowDigit > 1) {
    return DIGITS[Math.round((lowDigit + highDigit) / 2)] as string
  }
  if (high !== null && high.length > 1) return high.slice(0, 1)
  return (DIGITS[lowDigit] as string) + midpoint(low.slice(1), null)
}

function isValidKey(key: string): boolean {
  return /^[0-9A-Za-z]*[1-9A-Za-z]$/.test(key)
}

/**
 * A key that sorts strictly after `before` and strictly before `after`; `null` stands for the
 * start or the end of the list. Invalid neighbours (a peer wrote garbage) are treated as absent.
 */
export function orderBetween(before: string | null, after: string | null): string {
  const low = before !== null && isValidKey(before) ? before : ''
  let high = after !== null && isValidKey(after) ? after : null
  if (high !== null && high <= low) high = null
  return midpoint(low, high)
}

/** `count` ascending keys for a fresh list (used when seeding from a template). */
export function initialOrders(count: number): string[] {
  const keys: string[] = []
  let previous: string | null = null
  for (let i = 0; i < count; i++) {
    previous = orderBetween(previous, null)
    keys.push(previous)
  }
  return keys
}

/** Sort by order key, then by id so that two items given the same key concurrently stay stable. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
