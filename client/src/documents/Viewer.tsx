import { useEffect, useRef, useState } from 'react'
import { type DocumentVersion, downloadDocument } from '../../../shared/src/api/documents.ts'
import { fillPath } from '../../../shared/src/api/endpoint.ts'
import { documents } from '../../../shared/src/api/index.ts'
import { getDocument } from '../../../shared/src/room/index.ts'
import { call } from '../api.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { documentPath } from './format.ts'
import { type PageAddress, widthFor } from './page-cache.ts'
import { useDocumentRights } from './rights.ts'
import { usePageImage } from './usePageImage.ts'
import './viewer.css'

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const
/** The widest a page is shown at 100% (CSS pixels); narrower screens fit the page to their width. */
const PAGE_MAX = 900

/** Turns the page from the keyboard, unless someone is typing in a field. */
function usePagingKeys(turn: (to: 'next' | 'previous' | 'first' | 'last') => void) {
  const latest = useRef(turn)
  latest.current = turn
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return
      const target = event.target as HTMLElement | null
      if (target?.closest('input, select, textarea, [contenteditable="true"]')) return
      const to = {
        ArrowRight: 'next',
        PageDown: 'next',
        ArrowLeft: 'previous',
        PageUp: 'previous',
        Home: 'first',
        End: 'last',
      }[event.key] as 'next' | 'previous' | 'first' | 'last' | undefined
      if (!to) return
      event.preventDefault()
      latest.current(to)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/** The width the page area offers, followed as the window or the panel changes size. */
function useStageWidth() {
  const stage = useRef<HTMLElement>(null)
  const [width, setWidth] = useState(PAGE_MAX)
  useEffect(() => {
    const element = stage.current
    if (!element) return
    // The content box: the page fits inside the stage's padding.
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { stage, width }
}

const initialPage = () => {
  const page = Number(new URLSearchParams(window.location.search).get('page'))
  return Number.isSafeInteger(page) && page >= 1 ? page : 1
}

/**
 * A document of the room, page by page: images rendered and watermarked by the server (the file
 * itself never reaches the browser unless downloads are allowed), the page number, zoom, paging
 * by keyboard, buttons and swipes. The page on screen is published in presence, so the server
 * can time each page (collaboration/document-dwell.ts).
 */
export default function Viewer({ documentId }: { documentId: string }) {
  const { connection, details } = useRoom()
  const rights = useDocumentRights()
  const roomId = details.room.id
  const listed = useDocValue((doc) => getDocument(doc, documentId), [documentId])
  const [page, setPage] = useState(initialPage)
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1)
  const [versions, setVersions] = useState<DocumentVersion[]>([])
  const [chosenVersion, setChosenVersion] = useState<number | null>(null)
  const { stage, width: stageWidth } = useStageWidth()

  const exists = listed !== null
  const latest = listed?.version ?? 1
  // The seller team can open an older version; everyone else always sees the latest.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new latest version lists again
  useEffect(() => {
    if (!rights.manage || !exists) return
    let cancelled = false
    call(documents.getDocument, { params: { roomId, documentId } }).then(
      (detail) => !cancelled && setVersions(detail.versions),
      () => undefined,
    )
    return () => {
      cancelled = true
    }
  }, [rights.manage, roomId, documentId, exists, latest])

  const version = chosenVersion !== null && chosenVersion < latest ? chosenVersion : latest
  const older = version !== latest
  const pages = older
    ? (versions.find((entry) => entry.version === version)?.pages ?? 1)
    : Math.max(listed?.pages ?? 1, 1)
  const shown = Math.min(Math.max(page, 1), pages)

  // The page on screen goes into presence (and the address bar, so a reload keeps the place).
  useEffect(() => {
    if (!exists) return
    connection.awareness.setLocalStateField('document', { id: documentId, version, page: shown })
    window.history.replaceState(null, '', documentPath(roomId, documentId, shown))
  }, [connection, exists, documentId, version, shown, roomId])
  useEffect(() => () => connection.awareness.setLocalStateField('document', null), [connection])

  const cssWidth = Math.min(stageWidth, PAGE_MAX) * zoom
  // Sharp on a 2× screen; a 3× phone gets the 2× image (a third of the bytes, the same text).
  const pixels = widthFor(cssWidth * Math.min(window.devicePixelRatio || 1, 2))
  const address = (at: number): PageAddress => ({
    roomId,
    personId: details.me.personId,
    documentId,
    version,
    older,
    page: at,
    width: pixels,
  })
  const image = usePageImage(address(shown), shown < pages ? address(shown + 1) : null)

  const turn = (to: 'next' | 'previous' | 'first' | 'last') =>
    setPage(
      to === 'next'
        ? Math.min(shown + 1, pages)
        : to === 'previous'
          ? Math.max(shown - 1, 1)
          : to === 'first'
            ? 1
            : pages,
    )
  usePagingKeys(turn)
  const swipe = useRef<number | null>(null)

  const back = () => navigate(`/r/${roomId}/documents`)
  if (!listed) {
    return (
      <div className="viewer viewer--missing">
        <p>This document is not in the room any more (it may have been removed).</p>
        <button type="button" className="button button--quiet" onClick={back}>
          Back to all documents
        </button>
      </div>
    )
  }
  const mayDownload = listed.policy === 'download' || rights.manage
  const downloadHref = `${fillPath(downloadDocument.path, { roomId, documentId })}${older ? `?version=${version}` : ''}`
  const zoomIndex = ZOOMS.indexOf(zoom)

  return (
    <section className="viewer" aria-labelledby="viewer-title">
      <div className="viewer__bar">
        <a
          className="viewer__back"
          href={`/r/${roomId}/documents`}
          onClick={(event) => {
            event.preventDefault()
            back()
          }}
        >
          ← All documents
        </a>
        <div className="viewer__heading">
          <h2 id="viewer-title">{listed.title}</h2>
          <span className="badge">v{version}</span>
          {older && <span className="badge badge--overdue">Older version</span>}
          <span className="badge">
            {listed.policy === 'view' ? 'View only' : 'Download allowed'}
          </span>
        </div>
        <div className="viewer__tools">
          {rights.manage && versions.length > 1 && (
            <label className="viewer__version">
              <span className="visually-hidden">Version shown</span>
              <select
                value={version}
                onChange={(event) => setChosenVersion(Number(event.target.value))}
              >
                {versions.map((entry) => (
                  <option key={entry.version} value={entry.version}>
                    Version {entry.version}
                    {entry.version === latest ? ' (latest)' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <nav className="viewer__paging" aria-label="Pages">
            <button
              type="button"
              className="icon-button viewer__turn"
              aria-label="Previous page"
              disabled={shown <= 1}
              onClick={() => turn('previous')}
            >
              ‹
            </button>
            <label className="viewer__page">
              <span>Page</span>
              <input
                type="number"
                min={1}
                max={pages}
                value={shown}
                aria-label="Page number"
                onChange={(event) => {
                  const value = Number(event.target.value)
                  if (Number.isSafeInteger(value) && value >= 1) setPage(Math.min(value, pages))
                }}
              />
              <span>of {pages}</span>
            </label>
            <button
              type="button"
              className="icon-button viewer__turn"
              aria-label="Next page"
              disabled={shown >= pages}
              onClick={() => turn('next')}
            >
              ›
            </button>
          </nav>
          <fieldset className="viewer__zoom">
            <legend className="visually-hidden">Zoom</legend>
            <button
              type="button"
              className="icon-button"
              aria-label="Zoom out"
              disabled={zoomIndex <= 0}
              onClick={() => setZoom(ZOOMS[zoomIndex - 1] ?? zoom)}
            >
              −
            </button>
            <output aria-label="Zoom level">{Math.round(zoom * 100)}%</output>
            <button
              type="button"
              className="icon-button"
              aria-label="Zoom in"
              disabled={zoomIndex >= ZOOMS.length - 1}
              onClick={() => setZoom(ZOOMS[zoomIndex + 1] ?? zoom)}
            >
              +
            </button>
          </fieldset>
          {mayDownload && (
            <a className="button button--quiet" href={downloadHref} download>
              Download PDF
            </a>
          )}
        </div>
      </div>
      {/* Focusable so that a zoomed page can be scrolled from the keyboard. */}
      <section
        className="viewer__stage"
        aria-label="Page"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
        tabIndex={0}
        ref={stage}
        onTouchStart={(event) => {
          swipe.current = zoom <= 1 ? (event.touches[0]?.clientX ?? null) : null
        }}
        onTouchEnd={(event) => {
          const start = swipe.current
          const end = event.changedTouches[0]?.clientX
          swipe.current = null
          if (start === null || end === undefined || Math.abs(end - start) < 60) return
          turn(end < start ? 'next' : 'previous')
        }}
      >
        {image.status === 'failed' ? (
          <div className="viewer__problem" role="alert">
            <p>
              <strong>
                {image.refused ? 'You no longer have access to this document.' : 'Page not shown.'}
              </strong>{' '}
              {image.message}
            </p>
          </div>
        ) : image.url ? (
          <img
            className="viewer__page-image"
            src={image.url}
            alt={`Page ${shown} of ${pages}, ${listed.title}`}
            style={{ width: `${cssWidth}px` }}
            draggable={false}
          />
        ) : null}
        {image.status === 'loading' && (
          <p className="viewer__loading" role="status">
            Loading page {shown}…
          </p>
        )}
      </section>
      <p className="viewer__hint muted small">
        {image.status === 'shown' && image.fromDevice ? 'Shown from this device (offline). ' : ''}
        Turn pages with ← → or Page Up / Page Down.
        {listed.policy === 'view'
          ? ' Pages carry your name and today’s date.'
          : ' Downloads carry your name and today’s date on every page.'}
      </p>
    </section>
  )
}
