import { useEffect, useState } from 'react'
import type { DocumentVersion } from '../../../shared/src/api/documents.ts'
import { documents } from '../../../shared/src/api/index.ts'
import type { RoomDocument } from '../../../shared/src/room/index.ts'
import { ApiError, call, OfflineError } from '../api.ts'
import { useRoom } from '../room-context/context.ts'
import { fileSize, formatMoment } from './format.ts'

/**
 * Every version of a document, newest first (seller team): who added it, when, the note, and a
 * way to make an older one the latest again (as a new version, so nothing is lost).
 */
export function VersionsPanel({ document }: { document: RoomDocument }) {
  const { details } = useRoom()
  const roomId = details.room.id
  const [versions, setVersions] = useState<DocumentVersion[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [restoring, setRestoring] = useState<number | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new latest version lists again
  useEffect(() => {
    let cancelled = false
    call(documents.getDocument, { params: { roomId, documentId: document.id } }).then(
      (detail) => {
        if (!cancelled) setVersions(detail.versions)
      },
      (error: unknown) => {
        if (cancelled) return
        setProblem(
          error instanceof OfflineError
            ? 'Versions are listed when you are online.'
            : error instanceof ApiError
              ? error.message
              : 'The versions could not be loaded.',
        )
      },
    )
    return () => {
      cancelled = true
    }
  }, [roomId, document.id, document.version])

  const restore = async (version: number) => {
    setRestoring(version)
    setProblem(null)
    try {
      await call(documents.restoreVersion, {
        params: { roomId, documentId: document.id },
        body: { version },
      })
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'The version was not restored.')
    } finally {
      setRestoring(null)
    }
  }

  return (
    <section className="versions" aria-label={`Versions of ${document.title}`}>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {!versions && !problem && <p className="muted small">Loading versions…</p>}
      {versions && (
        <ol className="versions__list">
          {versions.map((entry) => (
            <li key={entry.version} className="versions__item">
              <div>
                <strong>Version {entry.version}</strong>
                {entry.version === document.version && (
                  <span className="badge badge--ok">Latest · buyers see this one</span>
                )}
                <div className="muted small">
                  {entry.createdBy || 'Someone'} · {formatMoment(entry.createdAt)} · {entry.pages}{' '}
                  {entry.pages === 1 ? 'page' : 'pages'} · {fileSize(entry.size)}
                  {entry.filename ? ` · ${entry.filename}` : ''}
                </div>
                {entry.note && <p className="versions__note">{entry.note}</p>}
              </div>
              {entry.version !== document.version && (
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={restoring !== null}
                  onClick={() => void restore(entry.version)}
                  aria-label={`Restore version ${entry.version} of ${document.title}`}
                >
                  {restoring === entry.version ? 'Restoring…' : 'Restore'}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
