import type Database from 'better-sqlite3'
import type { DocumentStore, StoredDocument } from '../documents.ts'
import { bytes, int, type Row } from '../rows.ts'

/** SQL shared with room creation, which writes a room's first snapshots. */
export const UPSERT_SNAPSHOT =
  'INSERT INTO documents (name, snapshot, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at'

/** SQLite's documents also answer synchronously, inside Yjs's update event (see durability.ts). */
export interface SqliteDocumentStore extends DocumentStore {
  loadDocumentSync(name: string): StoredDocument | null
  appendUpdateSync(name: string, update: Uint8Array): number
  compactDocumentSync(name: string, snapshot: Uint8Array, upToSeq: number): void
}

export function sqliteDocuments(db: Database.Database): SqliteDocumentStore {
  const statements = {
    snapshot: db.prepare('SELECT snapshot FROM documents WHERE name = ?'),
    updates: db.prepare('SELECT seq, data FROM document_updates WHERE name = ? ORDER BY seq'),
    append: db.prepare('INSERT INTO document_updates (name, data, created_at) VALUES (?, ?, ?)'),
    upsertSnapshot: db.prepare(UPSERT_SNAPSHOT),
    dropUpdates: db.prepare('DELETE FROM document_updates WHERE name = ? AND seq <= ?'),
    countUpdates: db.prepare('SELECT COUNT(*) AS n FROM document_updates WHERE name = ?'),
  }

  const loadDocumentSync = (name: string): StoredDocument | null => {
    const snapshotRow = statements.snapshot.get(name) as Row | undefined
    const updateRows = statements.updates.all(name) as Row[]
    if (!snapshotRow && updateRows.length === 0) return null
    return {
      snapshot: snapshotRow ? bytes(snapshotRow.snapshot) : null,
      updates: updateRows.map((row) => bytes(row.data)),
      lastSeq: updateRows.length ? int(updateRows[updateRows.length - 1] as Row, 'seq') : 0,
    }
  }

  const appendUpdateSync = (name: string, update: Uint8Array): number =>
    Number(statements.append.run(name, update, Date.now()).lastInsertRowid)

  const compactDocumentSync = (name: string, snapshot: Uint8Array, upToSeq: number): void => {
    db.transaction(() => {
      statements.upsertSnapshot.run(name, snapshot, Date.now())
      statements.dropUpdates.run(name, upToSeq)
    })()
  }

  return {
    loadDocumentSync,
    appendUpdateSync,
    compactDocumentSync,
    async loadDocument(name) {
      return loadDocumentSync(name)
    },
    async appendUpdate(name, update) {
      return appendUpdateSync(name, update)
    },
    async compactDocument(name, snapshot, upToSeq) {
      compactDocumentSync(name, snapshot, upToSeq)
    },
    async countUpdates(name) {
      return int(statements.countUpdates.get(name) as Row, 'n')
    },
  }
}
