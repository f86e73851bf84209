import type * as Y from 'yjs'
import { roots, SCHEMA_VERSION } from './schema.ts'

/**
 * Migrations of the room document, one per schema version, applied on the server when a room
 * is loaded. Each takes a document at version `n - 1` to version `n` and must be idempotent:
 * two instances may migrate the same room at once and their changes merge.
 */
const MIGRATIONS: ReadonlyArray<{ to: number; migrate: (doc: Y.Doc) => void }> = [
  // Version 1 is the first shape; rooms stamped 0 (none yet in the wild) only need the stamp.
  { to: 1, migrate: () => {} },
]

export function roomSchemaVersion(doc: Y.Doc): number {
  const version = roots.meta(doc).get('schemaVersion')
  return typeof version === 'number' ? version : 0
}

/**
 * Brings a room document up to SCHEMA_VERSION. Returns whether anything ran. A document newer
 * than this code is left alone (and reported) rather than rewritten into an older shape.
 */
export function migrateRoom(doc: Y.Doc): { from: number; to: number; migrated: boolean } {
  const from = roomSchemaVersion(doc)
  if (from >= SCHEMA_VERSION) return { from, to: from, migrated: false }
  doc.transact(() => {
    for (const step of MIGRATIONS) {
      if (step.to > from && step.to <= SCHEMA_VERSION) step.migrate(doc)
    }
    roots.meta(doc).set('schemaVersion', SCHEMA_VERSION)
  })
  return { from, to: SCHEMA_VERSION, migrated: true }
}
