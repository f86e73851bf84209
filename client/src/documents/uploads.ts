import { useSyncExternalStore } from 'react'
import {
  type DocumentSummary,
  UPLOAD_MEDIA_TYPES,
  uploadDocument,
  uploadVersion,
} from '../../../shared/src/api/documents.ts'
import { fillPath, type ProblemAnswer } from '../../../shared/src/api/endpoint.ts'

/**
 * Files on their way into a room: one XMLHttpRequest each (fetch cannot report upload
 * progress), the file as the raw body and its metadata in the query. The list lives outside
 * React so uploads carry on, and stay visible, while someone moves between sections.
 */

export type UploadState =
  | { phase: 'sending'; sent: number }
  /** Every byte is on the server; it is checking, converting or rendering the file. */
  | { phase: 'processing' }
  | { phase: 'done'; document: DocumentSummary }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' }

export interface Upload {
  key: string
  roomId: string
  name: string
  size: number
  /** The document a new version is for; null for a new document. */
  documentId: string | null
  state: UploadState
}

const uploads = new Map<string, Upload>()
const requests = new Map<string, XMLHttpRequest>()
const listeners = new Set<() => void>()
let snapshot: Upload[] = []
let counter = 0

function changed(): void {
  snapshot = [...uploads.values()]
  for (const listener of listeners) listener()
}

function setState(key: string, state: UploadState): void {
  const upload = uploads.get(key)
  if (!upload) return
  uploads.set(key, { ...upload, state })
  changed()
}

/** The media type the request declares: the file's own when the server takes it. */
function mediaTypeOf(file: File): string {
  return (UPLOAD_MEDIA_TYPES as readonly string[]).includes(file.type)
    ? file.type
    : 'application/octet-stream'
}

/** The server's message for a refused upload, written for people. */
function problemMessage(request: XMLHttpRequest): string {
  try {
    const problem = (JSON.parse(request.responseText) as Partial<ProblemAnswer>).error
    if (problem?.message) return problem.message
  } catch {
    // Not JSON: a proxy or the network answered.
  }
  if (request.status === 413) return 'This file is larger than the server accepts.'
  return `The upload failed (the server answered ${request.status}).`
}

/**
 * Sends one file: a new document of the room, or (with `documentId`) a new version of one.
 * Progress, the server's answer or its refusal land in the list.
 */
export function startUpload(
  roomId: string,
  file: File,
  options: { documentId?: string; note?: string } = {},
): string {
  const key = `upload-${++counter}`
  const documentId = options.documentId ?? null
  const path =
    documentId === null
      ? fillPath(uploadDocument.path, { roomId })
      : fillPath(uploadVersion.path, { roomId, documentId })
  const query = new URLSearchParams({ filename: file.name })
  if (options.note?.trim()) query.set('note', options.note.trim())
  uploads.set(key, {
    key,
    roomId,
    name: file.name,
    size: file.size,
    documentId,
    state: { phase: 'sending', sent: 0 },
  })
  changed()

  const request = new XMLHttpRequest()
  requests.set(key, request)
  request.open('POST', `${path}?${query}`)
  request.setRequestHeader('Content-Type', mediaTypeOf(file))
  request.setRequestHeader('Accept', 'application/json')
  request.setRequestHeader('X-Quorum-CSRF', '1')
  request.upload.onprogress = (event) => {
    if (event.lengthComputable) setState(key, { phase: 'sending', sent: event.loaded })
  }
  request.upload.onload = () => setState(key, { phase: 'processing' })
  request.onload = () => {
    requests.delete(key)
    if (request.status === 201) {
      try {
        setState(key, {
          phase: 'done',
          document: JSON.parse(request.responseText) as DocumentSummary,
        })
        return
      } catch {
        setState(key, { phase: 'failed', message: 'The server’s answer could not be read.' })
        return
      }
    }
    setState(key, { phase: 'failed', message: problemMessage(request) })
  }
  request.onerror = () => {
    requests.delete(key)
    setState(key, {
      phase: 'failed',
      message: navigator.onLine
        ? 'The connection to the server was lost during the upload. Try again.'
        : 'You are offline. Files can be added once you are back online.',
    })
  }
  request.onabort = () => {
    requests.delete(key)
    setState(key, { phase: 'cancelled' })
  }
  request.send(file)
  return key
}

/** Stops an upload in flight; the server keeps nothing of it. */
export function cancelUpload(key: string): void {
  requests.get(key)?.abort()
}

/** Takes a finished, failed or cancelled upload off the list. */
export function dismissUpload(key: string): void {
  if (requests.has(key)) return
  uploads.delete(key)
  changed()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The uploads of one room, oldest first. */
export function useUploads(roomId: string): Upload[] {
  const all = useSyncExternalStore(subscribe, () => snapshot)
  return all.filter((upload) => upload.roomId === roomId)
}
