import { useRef, useState } from 'react'
import { documents } from '../../../shared/src/api/index.ts'
import type { RoomDocument } from '../../../shared/src/room/index.ts'
import { listMilestones, listTasks } from '../../../shared/src/room/index.ts'
import { ApiError, call } from '../api.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { documentPath, formatMoment } from './format.ts'
import { useDocumentRights } from './rights.ts'
import { ACCEPTED } from './UploadPanel.tsx'
import { startUpload } from './uploads.ts'
import { VersionsPanel } from './VersionsPanel.tsx'

/** The plan items a document can be placed next to, as select options. */
function usePlanPlaces() {
  return useDocValue((doc) =>
    listMilestones(doc).map((milestone) => ({
      milestone,
      tasks: listTasks(doc, milestone.id),
    })),
  )
}

/** Where a document is placed, in words ("Security review" or a task's title). */
export function usePlaceLabel(document: RoomDocument): string | null {
  return useDocValue(
    (doc) => {
      if (!document.attachedKind || !document.attachedId) return null
      const list = document.attachedKind === 'task' ? listTasks(doc) : listMilestones(doc)
      return list.find((item) => item.id === document.attachedId)?.title ?? null
    },
    [document.attachedKind, document.attachedId],
  )
}

/** One document of the room: its title opens it; the seller team and champion keep it. */
export function DocumentRow({ document }: { document: RoomDocument }) {
  const { details, canEdit } = useRoom()
  const rights = useDocumentRights()
  const roomId = details.room.id
  const places = usePlanPlaces()
  const place = usePlaceLabel(document)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [showVersions, setShowVersions] = useState(false)
  const [note, setNote] = useState('')
  const [addingVersion, setAddingVersion] = useState(false)
  const [copied, setCopied] = useState(false)
  const versionInput = useRef<HTMLInputElement>(null)
  const href = documentPath(roomId, document.id)
  const params = { roomId, documentId: document.id }

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true)
    setProblem(null)
    try {
      await action()
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error.message
          : 'The change did not reach the server. Check the connection and try again.',
      )
    } finally {
      setBusy(false)
    }
  }

  // A link to paste into the business case (or a message): it opens the document in the room.
  const copyLink = async () => {
    const url = `${window.location.origin}${href}`
    try {
      await navigator.clipboard.writeText(url)
      setCopied(true)
      window.setTimeout(() => setCopied(false), 2500)
    } catch {
      // No clipboard (a page over plain http on a LAN address): show the link to copy by hand.
      window.prompt('Copy the link to this document', url)
    }
  }

  return (
    <li className="document">
      <div className="document__main">
        <span className="document__icon" aria-hidden="true">
          <span>{document.pages}p</span>
        </span>
        <div className="document__text">
          <a
            className="document__title"
            href={href}
            onClick={(event) => {
              event.preventDefault()
              navigate(href)
            }}
          >
            {document.title}
          </a>
          <div className="document__meta muted small">
            <span>v{document.version}</span>
            <span>
              {document.pages} {document.pages === 1 ? 'page' : 'pages'}
            </span>
            <span className={`pill pill--${document.policy}`}>
              {document.policy === 'view' ? 'View only' : 'Download allowed'}
            </span>
            {document.updatedAt > 0 && <span>Updated {formatMoment(document.updatedAt)}</span>}
            {place && (
              <span>
                Next to <strong>{place}</strong>
              </span>
            )}
          </div>
        </div>
      </div>
      {(rights.add || canEdit) && (
        <div className="document__actions">
          {copied && (
            <span className="muted small" role="status">
              Link copied
            </span>
          )}
          {canEdit && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => void copyLink()}
              aria-label={`Copy link to ${document.title}`}
              title="A link to paste in the business case or a message"
            >
              Copy link
            </button>
          )}
          {rights.manage && (
            <label className="document__field">
              <span className="visually-hidden">Download policy of {document.title}</span>
              <select
                value={document.policy}
                disabled={busy}
                onChange={(event) => {
                  const policy = event.target.value === 'download' ? 'download' : 'view'
                  void act(() => call(documents.setDocumentPolicy, { params, body: { policy } }))
                }}
              >
                <option value="view">View only</option>
                <option value="download">Download allowed</option>
              </select>
            </label>
          )}
          {rights.add && (
            <>
              <label className="document__field">
                <span className="visually-hidden">Place {document.title} next to</span>
                <select
                  value={
                    document.attachedKind ? `${document.attachedKind}:${document.attachedId}` : ''
                  }
                  disabled={busy}
                  onChange={(event) => {
                    const [kind, id] = event.target.value.split(':')
                    void act(() =>
                      call(documents.attachDocument, {
                        params,
                        body:
                          kind === 'task' || kind === 'milestone'
                            ? { kind, id: id ?? '' }
                            : { kind: 'none' },
                      }),
                    )
                  }}
                >
                  <option value="">Not placed in the plan</option>
                  {places.map(({ milestone, tasks }) => (
                    <optgroup key={milestone.id} label={milestone.title}>
                      <option value={`milestone:${milestone.id}`}>
                        Milestone: {milestone.title}
                      </option>
                      {tasks.map((task) => (
                        <option key={task.id} value={`task:${task.id}`}>
                          {task.title}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button button--quiet"
                aria-expanded={addingVersion}
                onClick={() => setAddingVersion((open) => !open)}
              >
                New version
              </button>
            </>
          )}
          {rights.manage && (
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={showVersions}
              onClick={() => setShowVersions((open) => !open)}
            >
              Versions
            </button>
          )}
        </div>
      )}
      {addingVersion && (
        <form
          className="document__version-form"
          aria-label={`New version of ${document.title}`}
          onSubmit={(event) => {
            event.preventDefault()
            versionInput.current?.click()
          }}
        >
          <input
            aria-label="What changed in this version"
            placeholder="What changed (optional), e.g. “Volume discount added”"
            value={note}
            maxLength={500}
            onChange={(event) => setNote(event.target.value)}
          />
          <button type="submit" className="button">
            Choose the file…
          </button>
          <input
            ref={versionInput}
            type="file"
            accept={ACCEPTED}
            className="visually-hidden"
            tabIndex={-1}
            aria-label={`File for the new version of ${document.title}`}
            onChange={(event) => {
              const file = event.target.files?.[0]
              event.target.value = ''
              if (!file) return
              startUpload(roomId, file, { documentId: document.id, note })
              setNote('')
              setAddingVersion(false)
            }}
          />
        </form>
      )}
      {problem && (
        <p className="form-error document__problem" role="alert">
          {problem}
        </p>
      )}
      {showVersions && rights.manage && <VersionsPanel document={document} />}
    </li>
  )
}
