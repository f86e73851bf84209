import * as Y from 'yjs'
import type { DocumentStore } from '../documents.ts'
import { bytes, int, type Row } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

/**
 * Appends are awaited before an update is applied (see collaboration/durability.ts), and
 * compaction only drops this instance's own log rows, merging into the stored snapshot rather
 * than replacing it, so two instances holding one room never lose each other's updates.
 */
export function postgresDocuments(database: PostgresDatabase, instanceId: string): DocumentStore {
  return {
    async loadDocument(name) {
      const [snapshot, updates] = await Promise.all([
        database.row('SELECT snapshot FROM documents WHERE name = $1', [name]),
        database.rows('SELECT seq, data FROM document_updates WHERE name = $1 ORDER BY seq', [
          name,
        ]),
      ])
      if (!snapshot && updates.length === 0) return null
      return {
        snapshot: snapshot ? bytes(snapshot.snapshot) : null,
        updates: updates.map((row) => bytes(row.data)),
        lastSeq: updates.length ? int(updates[updates.length - 1] as Row, 'seq') : 0,
      }
    },
    async appendUpdate(name, update) {
      const row = await database.row(
        'INSERT INTO document_updates (name, data, instance_id, created_at) VALUES ($1, $2, $3, $4) RETURNING seq',
        [name, Buffer.from(update), instanceId, Date.now()],
      )
      return int(row as Row, 'seq')
    },
    async compactDocument(name, snapshot, upToSeq) {
      await database.transaction(async (client) => {
        const current = (
          await client.query('SELECT snapshot FROM documents WHERE name = $1 FOR UPDATE', [name])
        ).rows[0] as Row | undefined
        // Fold into what is stored: another instance may have compacted updates this one lacks.
        const merged = new Y.Doc()
        if (current) Y.applyUpdate(merged, bytes(current.snapshot))
        Y.applyUpdate(merged, snapshot)
        const next = Buffer.from(Y.encodeStateAsUpdate(merged))
        merged.destroy()
        await client.query(
          'INSERT INTO documents (name, snapshot, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at',
          [name, next, Date.now()],
        )
        await client.query(
          'DELETE FROM document_updates WHERE name = $1 AND seq <= $2 AND instance_id = $3',
          [name, upToSeq, instanceId],
        )
      })
    },
    async countUpdates(name) {
      return int(
        (await database.row('SELECT COUNT(*) AS n FROM document_updates WHERE name = $1', [
          name,
        ])) as Row,
        'n',
      )
    },
  }
}
