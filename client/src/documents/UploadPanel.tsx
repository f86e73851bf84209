import { type DragEvent, useId, useRef, useState } from 'react'
import { fileSize } from './format.ts'
import { cancelUpload, dismissUpload, startUpload, type Upload, useUploads } from './uploads.ts'

/** What the file picker offers (the server decides from the bytes anyway). */
export const ACCEPTED =
  '.pdf,.png,.jpg,.jpeg,.webp,.docx,.pptx,.xlsx,application/pdf,image/png,image/jpeg,image/webp'

function UploadRow({ upload }: { upload: Upload }) {
  const { state } = upload
  const percent =
    state.phase === 'sending' && upload.size > 0
      ? Math.min(100, Math.round((state.sent / upload.size) * 100))
      : state.phase === 'sending'
        ? 0
        : 100
  const busy = state.phase === 'sending' || state.phase === 'processing'
  const status =
    state.phase === 'sending'
      ? `Uploading · ${percent}%`
      : state.phase === 'processing'
        ? 'Preparing the pages…'
        : state.phase === 'done'
          ? `Added as “${state.document.title}”, version ${state.document.version} · ${state.document.pages} ${state.document.pages === 1 ? 'page' : 'pages'}`
          : state.phase === 'cancelled'
            ? 'Cancelled'
            : state.message
  return (
    <li className={`upload upload--${state.phase}`}>
      <div className="upload__head">
        <span className="upload__name">
          {upload.documentId ? 'New version: ' : ''}
          {upload.name}
        </span>
        <span className="muted small">{fileSize(upload.size)}</span>
      </div>
      {busy && (
        <div
          className={`upload__bar${state.phase === 'processing' ? ' upload__bar--working' : ''}`}
          role="progressbar"
          aria-label={`Upload of ${upload.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={status}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
      )}
      <div className="upload__foot">
        <span
          className={`small${state.phase === 'failed' ? ' form-error' : ' muted'}`}
          role={state.phase === 'failed' ? 'alert' : undefined}
        >
          {status}
        </span>
        {busy ? (
          <button
            type="button"
            className="button button--quiet upload__action"
            onClick={() => cancelUpload(upload.key)}
            aria-label={`Cancel upload of ${upload.name}`}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button button--quiet upload__action"
            onClick={() => dismissUpload(upload.key)}
            aria-label={`Dismiss ${upload.name}`}
          >
            Dismiss
          </button>
        )}
      </div>
    </li>
  )
}

/** This room's uploads in flight and just finished, each with its progress and a cancel. */
export function UploadList({ roomId }: { roomId: string }) {
  const uploads = useUploads(roomId)
  if (uploads.length === 0) return null
  return (
    <ul className="uploads" aria-label="Uploads">
      {uploads.map((upload) => (
        <UploadRow key={upload.key} upload={upload} />
      ))}
    </ul>
  )
}

/**
 * Where files come in: a drop zone with a file picker, several files at once. Dropping anywhere
 * on the Documents section works too (DocumentsView passes the drop here).
 */
export function UploadZone({ roomId, dragging }: { roomId: string; dragging: boolean }) {
  const input = useRef<HTMLInputElement>(null)
  const hint = useId()
  return (
    <div className={`dropzone${dragging ? ' dropzone--over' : ''}`}>
      <p className="dropzone__text">
        <strong>Drop files here</strong> or{' '}
        <button
          type="button"
          className="button button--quiet"
          onClick={() => input.current?.click()}
          aria-describedby={hint}
        >
          Choose files…
        </button>
      </p>
      <p className="muted small" id={hint}>
        PDF, PNG, JPEG, WebP, Word, PowerPoint or Excel. Office files are turned into PDF pages. New
        documents are view only until you allow downloads.
      </p>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED}
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Add files to the room"
        onChange={(event) => {
          for (const file of event.target.files ?? []) startUpload(roomId, file)
          event.target.value = ''
        }}
      />
    </div>
  )
}

/** Drag-and-drop over an area: whether files are over it, and what to do when they land. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false)
  const depth = useRef(0)
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')
  return {
    dragging,
    handlers: {
      onDragEnter: (event: DragEvent) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        depth.current++
        setDragging(true)
      },
      onDragOver: (event: DragEvent) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
      },
      onDragLeave: () => {
        depth.current = Math.max(0, depth.current - 1)
        if (depth.current === 0) setDragging(false)
      },
      onDrop: (event: DragEvent) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        depth.current = 0
        setDragging(false)
        onFiles([...event.dataTransfer.files])
      },
    },
  }
}
