import type { DocumentEngagement } from '../../../shared/src/api/signals.ts'
import { useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { duration } from '../ui/dates.ts'
import { colorFor } from '../ui/people.ts'
import './document-insights.css'

const percent = (share: number) => `${Math.round(share * 100)}%`

/** Time on each page, one stacked bar per page, one colour per reader. */
function PageChart({ document }: { document: DocumentEngagement }) {
  const max = Math.max(0, ...document.msByPage)
  const width = 100 / Math.max(document.pages, 1)
  const summary = document.msByPage
    .map((ms, index) => `page ${index + 1}: ${ms > 0 ? duration(ms) : 'not read'}`)
    .join(', ')
  return (
    <svg
      className="page-chart"
      viewBox="0 0 100 40"
      preserveAspectRatio="none"
      role="img"
      aria-label={`Time per page of ${document.title}, all buyers: ${summary}`}
    >
      <title>{`Time per page: ${summary}`}</title>
      {document.msByPage.map((_, index) => {
        let y = 40
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered by their position
          <g key={index}>
            <rect
              className="page-chart__slot"
              x={index * width + 0.3}
              y={0}
              width={Math.max(width - 0.6, 0.2)}
              height={40}
            />
            {document.readers.map((reader) => {
              const ms = reader.msByPage[index] ?? 0
              if (ms === 0 || max === 0) return null
              const height = (ms / max) * 38
              y -= height
              return (
                <rect
                  key={reader.personId}
                  x={index * width + 0.3}
                  y={y}
                  width={Math.max(width - 0.6, 0.2)}
                  height={height}
                  fill={colorFor(reader.personId)}
                />
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}

function DocumentCard({ document }: { document: DocumentEngagement }) {
  const { details } = useRoom()
  const headingId = `insight-document-${document.documentId}`
  const href = `/r/${details.room.id}/documents/${document.documentId}`
  return (
    <article className="doc-insight" aria-labelledby={headingId}>
      <header className="doc-insight__head">
        <h3 id={headingId}>
          <a
            href={href}
            onClick={(event) => {
              event.preventDefault()
              navigate(href)
            }}
          >
            {document.title}
          </a>
        </h3>
        <span className="muted small">
          v{document.version} · {document.pages} {document.pages === 1 ? 'page' : 'pages'} ·{' '}
          {document.readers.length} {document.readers.length === 1 ? 'reader' : 'readers'} ·{' '}
          {document.opens} {document.opens === 1 ? 'opening' : 'openings'} · {document.downloads}{' '}
          {document.downloads === 1 ? 'download' : 'downloads'}
          {document.readers.length > 0 && ` · ${percent(document.completion)} read on average`}
        </span>
      </header>
      {document.readers.length === 0 ? (
        <p className="muted small">No buyer has opened it yet.</p>
      ) : (
        <>
          <PageChart document={document} />
          <p className="muted small doc-insight__legend">
            {document.readers.map((reader) => (
              <span key={reader.personId}>
                <span
                  className="legend"
                  style={{ background: colorFor(reader.personId) }}
                  aria-hidden="true"
                />
                {reader.name}
              </span>
            ))}
          </p>
          <div className="table-scroll">
            <table className="people-table">
              <caption className="visually-hidden">Time per page of {document.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Reader</th>
                  <th scope="col">Read</th>
                  <th scope="col">Version</th>
                  {document.msByPage.map((_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered by their position
                    <th scope="col" key={index}>
                      p. {index + 1}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {document.readers.map((reader) => (
                  <tr key={reader.personId}>
                    <th scope="row">{reader.name}</th>
                    <td>
                      {percent(reader.completion)}{' '}
                      <span className="muted small">
                        ({reader.pagesSeen}/{document.pages})
                      </span>
                    </td>
                    <td>
                      v{reader.version}
                      {reader.version < document.version && (
                        <span className="muted small"> (older)</span>
                      )}
                    </td>
                    {reader.msByPage.map((ms, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered by their position
                      <td key={index}>{ms > 0 ? duration(ms) : '—'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </article>
  )
}

/** How the buying group read each document: page by page, per person, and how far they got. */
export default function DocumentInsights({ documents }: { documents: DocumentEngagement[] }) {
  const { details } = useRoom()
  return (
    <section className="card insights__wide" aria-labelledby="documents-heading">
      <div className="doc-insights__head">
        <h2 id="documents-heading">Documents</h2>
        {documents.length > 0 && (
          <a
            className="button button--quiet"
            href={`/api/rooms/${details.room.id}/document-engagement.csv`}
            download
          >
            Export reading per page (CSV)
          </a>
        )}
      </div>
      {documents.length === 0 ? (
        <p className="muted">
          No documents in this room yet. Files added under Documents show here with the time each
          buyer spent on each page.
        </p>
      ) : (
        documents.map((document) => <DocumentCard key={document.documentId} document={document} />)
      )}
    </section>
  )
}
