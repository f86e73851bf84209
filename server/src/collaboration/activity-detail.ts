import type * as Y from 'yjs'
import type { QuorumContext } from './context.ts'

/** How much of a message or note an activity event keeps. */
export const EXCERPT_CHARS = 140

/**
 * Who is behind a transaction: the connection's person, or the person a server-side edit is
 * made for (a direct connection with a context: the public API, see server-edit.ts); null when
 * the server itself (a migration, the documents list) or Redis wrote.
 */
export function contextOf(origin: unknown): QuorumContext | null {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return null
  if (origin.source === 'local') {
    const context = (origin as { context?: Partial<QuorumContext> }).context
    return context?.personId ? (context as QuorumContext) : null
  }
  if (origin.source !== 'connection') return null
  const connection = (origin as { connection?: { context?: QuorumContext } }).connection
  return connection?.context?.personId ? connection.context : null
}

/** The start of a text on one line, at most EXCERPT_CHARS long. */
export function excerpt(text: unknown): string {
  const value = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : ''
  return value.length > EXCERPT_CHARS ? `${value.slice(0, EXCERPT_CHARS - 1)}…` : value
}

export function stringOf(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key)
  return typeof value === 'string' ? value : ''
}
