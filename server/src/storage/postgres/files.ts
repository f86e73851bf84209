import {
  FILE_SELECT,
  INSERT_VERSION,
  numbered,
  patchColumns,
  toFileChange,
  toFileRecord,
  toFileVersion,
  VERSION_SELECT,
  versionValues,
} from '../file-rows.ts'
import type { FileRecord, FileStore } from '../files.ts'
import { int, type Row } from '../rows.ts'
import type { PostgresDatabase } from './database.ts'

const INSERT_CHANGE = 'INSERT INTO file_changes (room_id, created_at) VALUES ($1, $2)'

export function postgresFiles(database: PostgresDatabase): FileStore {
  const getFile = async (fileId: string): Promise<FileRecord | null> => {
    const row = await database.row(`${FILE_SELECT} WHERE f.id = $1 AND f.deleted_at IS NULL`, [
      fileId,
    ])
    return row ? toFileRecord(row) : null
  }
  const mustGet = async (fileId: string): Promise<FileRecord> => {
    const file = await getFile(fileId)
    if (!file) throw new Error(`No file ${fileId}`)
    return file
  }

  return {
    async createFile(file) {
      await database.transaction(async (client) => {
        await client.query(
          'INSERT INTO files (id, room_id, title, policy, latest_version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)',
          [file.id, file.roomId, file.title, file.policy, file.version.createdAt],
        )
        await client.query(numbered(INSERT_VERSION), versionValues(file.id, 1, file.version))
        await client.query(INSERT_CHANGE, [file.roomId, Date.now()])
      })
      return mustGet(file.id)
    },
    async addFileVersion(fileId, version) {
      await database.transaction(async (client) => {
        // The row lock numbers concurrent versions one after the other.
        const locked = await client.query(
          'SELECT room_id, latest_version FROM files WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
          [fileId],
        )
        const row = locked.rows[0] as Row | undefined
        if (!row) throw new Error(`No file ${fileId}`)
        const next = int(row, 'latest_version') + 1
        await client.query(numbered(INSERT_VERSION), versionValues(fileId, next, version))
        await client.query('UPDATE files SET latest_version = $1, updated_at = $2 WHERE id = $3', [
          next,
          version.createdAt,
          fileId,
        ])
        await client.query(INSERT_CHANGE, [String(row.room_id), Date.now()])
      })
      return mustGet(fileId)
    },
    getFile,
    async listFiles(roomId) {
      const rows = await database.rows(
        `${FILE_SELECT} WHERE f.room_id = $1 AND f.deleted_at IS NULL ORDER BY f.updated_at DESC, f.title`,
        [roomId],
      )
      return rows.map(toFileRecord)
    },
    async findFileByTitle(roomId, title) {
      const row = await database.row(
        `${FILE_SELECT} WHERE f.room_id = $1 AND f.title = $2 AND f.deleted_at IS NULL ORDER BY f.created_at LIMIT 1`,
        [roomId, title],
      )
      return row ? toFileRecord(row) : null
    },
    async listFileVersions(fileId) {
      const rows = await database.rows(
        `${VERSION_SELECT} WHERE v.file_id = $1 ORDER BY v.version DESC`,
        [fileId],
      )
      return rows.map(toFileVersion)
    },
    async getFileVersion(fileId, version) {
      const row = await database.row(`${VERSION_SELECT} WHERE v.file_id = $1 AND v.version = $2`, [
        fileId,
        version,
      ])
      return row ? toFileVersion(row) : null
    },
    async updateFile(fileId, patch) {
      const { set, values } = patchColumns(patch, Date.now())
      const changed = await database.transaction(async (client) => {
        const updated = await client.query(
          numbered(`UPDATE files SET ${set} WHERE id = ? AND deleted_at IS NULL RETURNING room_id`),
          [...values, fileId],
        )
        const row = updated.rows[0] as Row | undefined
        if (!row) return false
        await client.query(INSERT_CHANGE, [String(row.room_id), Date.now()])
        return true
      })
      return changed ? getFile(fileId) : null
    },
    async deleteFile(fileId) {
      return database.transaction(async (client) => {
        const now = Date.now()
        const removed = await client.query(
          'UPDATE files SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL RETURNING room_id',
          [now, fileId],
        )
        const row = removed.rows[0] as Row | undefined
        if (!row) return false
        await client.query(INSERT_CHANGE, [String(row.room_id), now])
        return true
      })
    },
    async fileChangesSince(seq) {
      const rows = await database.rows(
        'SELECT seq, room_id FROM file_changes WHERE seq > $1 ORDER BY seq',
        [seq],
      )
      return rows.map(toFileChange)
    },
    async lastFileChangeSeq() {
      return int(
        (await database.row('SELECT COALESCE(MAX(seq), 0) AS n FROM file_changes')) as Row,
        'n',
      )
    },
  }
}
