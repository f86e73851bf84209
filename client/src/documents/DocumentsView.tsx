import { lazy, Suspense, useEffect } from 'react'
import { listDocuments } from '../../../shared/src/room/index.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { DocumentRow } from './DocumentRow.tsx'
import { useDocumentRights } from './rights.ts'
import { UploadList, UploadZone, useFileDrop } from './UploadPanel.tsx'
import { startUpload } from './uploads.ts'
import './documents.css'

// The viewer loads only when a document opens: the room's first paint does not carry it.
const loadViewer = () => import('./Viewer.tsx')
const Viewer = lazy(loadViewer)

/**
 * The room's Documents section: the deal's files, always their latest version, live from the
 * room document (the server writes the list), and, for the seller team and the champion, the
 * place to add files and new versions. `documentId` opens one in the viewer.
 */
export function DocumentsView({ documentId }: { documentId: string | null }) {
  const { details } = useRoom()
  const rights = useDocumentRights()
  const roomId = details.room.id
  const list = useDocValue(listDocuments)
  // A document is likely to be opened from the list: fetch the viewer while the browser is idle
  // (the room's first paint never waits for it; offline, it is then on this device).
  useEffect(() => {
    const idle = window.setTimeout(() => void loadViewer(), 1500)
    return () => window.clearTimeout(idle)
  }, [])
  const drop = useFileDrop((files) => {
    if (!rights.add) return
    for (const file of files) startUpload(roomId, file)
  })

  if (documentId) {
    return (
      <Suspense
        fallback={
          <div className="loading" role="status">
            Opening the document…
          </div>
        }
      >
        <Viewer key={documentId} documentId={documentId} />
      </Suspense>
    )
  }

  return (
    <div className="documents" {...(rights.add ? drop.handlers : {})}>
      <div className="section-head">
        <div>
          <h2>Documents</h2>
          <p className="muted">
            The deal’s files, always the latest version. Pages are shown with the reader’s name and
            the date on them.
          </p>
        </div>
      </div>
      {rights.add && (
        <>
          <UploadZone roomId={roomId} dragging={drop.dragging} />
          <UploadList roomId={roomId} />
        </>
      )}
      {list.length === 0 ? (
        <div className="empty documents__empty">
          {rights.add ? (
            <p>
              No documents yet. Add the proposal, the pricing or the security questionnaire: the
              buying group reads them here, page by page, without downloading anything.
            </p>
          ) : (
            <p>No documents have been shared in this room yet. They will appear here.</p>
          )}
        </div>
      ) : (
        <ul className="document-list" aria-label="Documents in this room">
          {list.map((document) => (
            <DocumentRow key={document.id} document={document} />
          ))}
        </ul>
      )}
    </div>
  )
}
