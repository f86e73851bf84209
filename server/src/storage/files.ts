import type { AttachmentKind, DocumentPolicy } from '../../../shared/src/room/documents.ts'

/**
 * The room's files (the "documents" of the Documents section): each file has versions, and each
 * version names its bytes in the blob store (content-addressed keys), never holds them. A file's
 * latest version is what buyers see.
 */

export interface FileVersion {
  fileId: string
  version: number
  /** Blob key of the bytes uploaded. */
  originalKey: string
  /** Blob key of the PDF shown and stamped (the original itself for a PDF). */
  pdfKey: string
  /** The type read from the bytes uploaded (office files and images are shown as PDF). */
  contentType: string
  filename: string
  /** Bytes uploaded. */
  size: number
  pages: number
  note: string
  createdBy: string
  /** The name of who added it, as their account says now ('' if gone). */
  createdByName: string
  createdAt: number
}

export type NewFileVersion = Omit<FileVersion, 'fileId' | 'version' | 'createdByName'>

export interface FileRecord {
  id: string
  roomId: string
  title: string
  policy: DocumentPolicy
  attachedKind: AttachmentKind | null
  attachedId: string | null
  createdAt: number
  updatedAt: number
  /** The latest version. */
  latest: FileVersion
}

export interface FilePatch {
  title?: string
  policy?: DocumentPolicy
  /** null detaches. */
  attachedTo?: { kind: AttachmentKind; id: string } | null
}

/** A room whose files changed (a change feed every instance follows to update open rooms). */
export interface FileChange {
  seq: number
  roomId: string
}

export interface FileStore {
  /** A new file with its first version (version 1). */
  createFile(file: {
    id: string
    roomId: string
    title: string
    policy: DocumentPolicy
    version: NewFileVersion
  }): Promise<FileRecord>
  /** Adds the next version (numbered after the latest, also under concurrency). */
  addFileVersion(fileId: string, version: NewFileVersion): Promise<FileRecord>
  /** A file not deleted, or null. */
  getFile(fileId: string): Promise<FileRecord | null>
  /** The room's files not deleted, most recently changed first. */
  listFiles(roomId: string): Promise<FileRecord[]>
  /** The room's file with this title (not deleted), or null. */
  findFileByTitle(roomId: string, title: string): Promise<FileRecord | null>
  /** Every version of a file, newest first. */
  listFileVersions(fileId: string): Promise<FileVersion[]>
  getFileVersion(fileId: string, version: number): Promise<FileVersion | null>
  /** Changes title, policy or attachment; null when there is no such file. */
  updateFile(fileId: string, patch: FilePatch): Promise<FileRecord | null>
  /** Removes a file from its room (its rows and blobs stay for the record); false if none. */
  deleteFile(fileId: string): Promise<boolean>
  /** Rooms whose files changed after `seq`, in order. */
  fileChangesSince(seq: number): Promise<FileChange[]>
  lastFileChangeSeq(): Promise<number>
}
