import { type AttachmentKind, documentsAttachedTo } from '../../../shared/src/room/index.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import './attached.css'

/** The documents placed next to a plan task or milestone, each opening in the viewer. */
export function AttachedDocuments({ kind, id }: { kind: AttachmentKind; id: string }) {
  const { details } = useRoom()
  const attached = useDocValue((doc) => documentsAttachedTo(doc, kind, id), [kind, id])
  if (attached.length === 0) return null
  return (
    <span className="attached-documents">
      {attached.map((document) => {
        const href = `/r/${details.room.id}/documents/${document.id}`
        return (
          <a
            key={document.id}
            className="attached-document"
            href={href}
            title={`Open ${document.title}`}
            onClick={(event) => {
              event.preventDefault()
              navigate(href)
            }}
          >
            <span aria-hidden="true">▤</span>
            {document.title}
          </a>
        )
      })}
    </span>
  )
}
