import type Database from 'better-sqlite3'
import {
  FILE_SELECT,
  INSERT_VERSION,
  patchColumns,
  toFileChange,
  toFileRecord,
  toFileVersion,
  VERSION_SELECT,
  versionValues,
} from '../file-rows.ts'
import type { FileRecord, FileStore } from '../files.ts'
import { int, type Row } from '../rows.ts'

export function sqliteFiles(db: Database.Database): FileStore {
  const statements = {
    insertFile: db.prepare(
      'INSERT INTO files (id, room_id, title, policy, latest_version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ),
    insertVersion: db.prepare(INSERT_VERSION),
    insertChange: db.prepare('INSERT INTO file_changes (room_id, created_at) VALUES (?, ?)'),
    file: db.prepare(`${FILE_SELECT} WHERE f.id = ? AND f.deleted_at IS NULL`),
    files: db.prepare(
      `${FILE_SELECT} WHERE f.room_id = ? AND f.deleted_at IS NULL ORDER BY f.updated_at DESC, f.title`,
    ),
    byTitle: db.prepare(
      `${FILE_SELECT} WHERE f.room_id = ? AND f.title = ? AND f.deleted_at IS NULL ORDER BY f.created_at LIMIT 1`,
    ),
    versions: db.prepare(`${VERSION_SELECT} WHERE v.file_id = ? ORDER BY v.version DESC`),
    version: db.prepare(`${VERSION_SELECT} WHERE v.file_id = ? AND v.version = ?`),
    latest: db.prepare(
      'SELECT room_id, latest_version FROM files WHERE id = ? AND deleted_at IS NULL',
    ),
    bumpLatest: db.prepare('UPDATE files SET latest_version = ?, updated_at = ? WHERE id = ?'),
    remove: db.prepare(
      'UPDATE files SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
    ),
    changesSince: db.prepare('SELECT seq, room_id FROM file_changes WHERE seq > ? ORDER BY seq'),
    lastChange: db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM file_changes'),
  }
  const getFile = async (fileId: string): Promise<FileRecord | null> => {
    const row = statements.file.get(fileId) as Row | undefined
    return row ? toFileRecord(row) : null
  }
  const mustGet = async (fileId: string): Promise<FileRecord> => {
    const file = await getFile(fileId)
    if (!file) throw new Error(`No file ${fileId}`)
    return file
  }

  return {
    async createFile(file) {
      db.transaction(() => {
        statements.insertFile.run(
          file.id,
          file.roomId,
          file.title,
          file.policy,
          file.version.createdAt,
          file.version.createdAt,
        )
        statements.insertVersion.run(...versionValues(file.id, 1, file.version))
        statements.insertChange.run(file.roomId, Date.now())
      }).immediate()
      return mustGet(file.id)
    },
    async addFileVersion(fileId, version) {
      db.transaction(() => {
        const row = statements.latest.get(fileId) as Row | undefined
        if (!row) throw new Error(`No file ${fileId}`)
        const next = int(row, 'latest_version') + 1
        statements.insertVersion.run(...versionValues(fileId, next, version))
        statements.bumpLatest.run(next, version.createdAt, fileId)
        statements.insertChange.run(String(row.room_id), Date.now())
      }).immediate()
      return mustGet(fileId)
    },
    getFile,
    async listFiles(roomId) {
      return (statements.files.all(roomId) as Row[]).map(toFileRecord)
    },
    async findFileByTitle(roomId, title) {
      const row = statements.byTitle.get(roomId, title) as Row | undefined
      return row ? toFileRecord(row) : null
    },
    async listFileVersions(fileId) {
      return (statements.versions.all(fileId) as Row[]).map(toFileVersion)
    },
    async getFileVersion(fileId, version) {
      const row = statements.version.get(fileId, version) as Row | undefined
      return row ? toFileVersion(row) : null
    },
    async updateFile(fileId, patch) {
      const { set, values } = patchColumns(patch, Date.now())
      const changed = db
        .transaction(() => {
          const row = statements.latest.get(fileId) as Row | undefined
          if (!row) return false
          db.prepare(`UPDATE files SET ${set} WHERE id = ?`).run(...values, fileId)
          statements.insertChange.run(String(row.room_id), Date.now())
          return true
        })
        .immediate()
      return changed ? getFile(fileId) : null
    },
    async deleteFile(fileId) {
      return db
        .transaction(() => {
          const row = statements.latest.get(fileId) as Row | undefined
          if (!row) return false
          const now = Date.now()
          statements.remove.run(now, now, fileId)
          statements.insertChange.run(String(row.room_id), now)
          return true
        })
        .immediate()
    },
    async fileChangesSince(seq) {
      return (statements.changesSince.all(seq) as Row[]).map(toFileChange)
    },
    async lastFileChangeSeq() {
      return int(statements.lastChange.get() as Row, 'n')
    },
  }
}
