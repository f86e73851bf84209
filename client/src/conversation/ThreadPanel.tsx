import { Fragment, useEffect, useRef, useState } from 'react'
import { isRole } from '../../../shared/src/access.ts'
import {
  addThread,
  anchoredText,
  editMessage,
  reply,
  setThreadResolved,
} from '../../../shared/src/room/index.ts'
import { mayEditMessage } from '../../../shared/src/room/write-rules.ts'
import { useRoom } from '../room-context/context.ts'
import { Avatar } from '../ui/Avatar.tsx'
import { Composer } from './Composer.tsx'
import { anchorKey, docOf, type RoomThread, type ThreadTarget, useAllThreads } from './model.ts'

const time = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** A body with each "@Name" of a mentioned member set apart. */
export function MessageBody({ body, names }: { body: string; names: string[] }) {
  if (names.length === 0) return <>{body}</>
  const pattern = new RegExp(
    `(${names.map((name) => `@${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('|')})`,
    'g',
  )
  return (
    <>
      {body.split(pattern).map((part, index) =>
        part.startsWith('@') && names.includes(part.slice(1)) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one body never reorder
          <mark key={index} className="mention">
            {part}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  )
}

function Thread({ thread }: { thread: RoomThread }) {
  const { connection, details, memberById, canEdit } = useRoom()
  const [editing, setEditing] = useState<string | null>(null)
  const [replying, setReplying] = useState(false)
  const doc = docOf(connection, thread)
  const me = details.me.personId
  const writer = { personId: me, role: isRole(details.me.role) ? details.me.role : 'viewer' }
  const quote = thread.anchor.kind === 'text' ? anchoredText(doc, thread.anchor) : null
  const nameOf = (personId: string) => memberById.get(personId)?.name ?? 'Someone who left'

  return (
    <article
      className={`thread${thread.resolved ? ' thread--resolved' : ''}`}
      aria-label={`Thread started by ${nameOf(thread.messages[0]?.authorId ?? '')}`}
      data-thread-id={thread.id}
    >
      {thread.internal && <span className="badge badge--private">Seller team only</span>}
      {quote !== null && (
        <blockquote className="thread__quote">
          {quote || <span className="muted">The commented text was deleted.</span>}
        </blockquote>
      )}
      <ol className="thread__messages">
        {thread.messages.map((message) => (
          <li key={message.id} className="message">
            <Avatar id={message.authorId} name={nameOf(message.authorId)} size={24} />
            <div className="message__main">
              <div className="message__meta">
                <strong>{nameOf(message.authorId)}</strong>{' '}
                <time className="muted small" dateTime={new Date(message.createdAt).toISOString()}>
                  {time.format(message.createdAt)}
                </time>
                {message.editedAt !== null && <span className="muted small"> · edited</span>}
              </div>
              {editing === message.id ? (
                <Composer
                  label="Edit your comment"
                  placeholder=""
                  submitLabel="Save"
                  initial={message.body}
                  autoFocus
                  onCancel={() => setEditing(null)}
                  onSubmit={(body) => {
                    editMessage(doc, thread.id, message.id, body)
                    setEditing(null)
                  }}
                />
              ) : (
                <p className="message__body">
                  <MessageBody
                    body={message.body}
                    names={message.mentions
                      .map((id) => memberById.get(id)?.name ?? '')
                      .filter(Boolean)}
                  />
                </p>
              )}
              {mayEditMessage(writer, message.authorId) && editing !== message.id && (
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => setEditing(message.id)}
                >
                  Edit
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {canEdit && (
        <div className="thread__actions">
          {replying ? (
            <Composer
              label="Reply"
              placeholder="Reply…"
              submitLabel="Reply"
              autoFocus
              onCancel={() => setReplying(false)}
              onSubmit={(body, mentions) => {
                reply(doc, thread.id, { authorId: me, body, mentions })
                setReplying(false)
              }}
            />
          ) : (
            <>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setReplying(true)}
              >
                Reply
              </button>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setThreadResolved(doc, thread.id, !thread.resolved)}
              >
                {thread.resolved ? 'Reopen' : 'Resolve'}
              </button>
            </>
          )}
        </div>
      )}
    </article>
  )
}

/** The comments on one item, or one thread, in a panel beside the room. */
export function ThreadPanel({
  target,
  onTarget,
  onClose,
}: {
  target: ThreadTarget
  onTarget: (target: ThreadTarget) => void
  onClose: () => void
}) {
  const { connection, details, canEdit } = useRoom()
  const threads = useAllThreads()
  const [internal, setInternal] = useState(false)
  const [showResolved, setShowResolved] = useState(false)
  const panel = useRef<HTMLElement>(null)
  const sellerTeam = connection.internalDoc !== null

  useEffect(() => {
    panel.current?.focus()
  }, [])
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  let shown: RoomThread[]
  if ('threadId' in target) shown = threads.filter((thread) => thread.id === target.threadId)
  else if ('anchor' in target) {
    const key = anchorKey(target.anchor)
    shown = threads.filter((thread) => anchorKey(thread.anchor) === key)
  } else shown = []
  const open = shown.filter((thread) => !thread.resolved)
  const resolved = shown.filter((thread) => thread.resolved)

  const start = (body: string, mentions: string[]) => {
    const doc = internal && connection.internalDoc ? connection.internalDoc : connection.doc
    const anchor =
      'anchor' in target
        ? target.anchor
        : 'text' in target
          ? { kind: 'text' as const, start: target.text.start, end: target.text.end }
          : null
    if (!anchor) return
    const id = addThread(doc, anchor, { authorId: details.me.personId, body, mentions })
    if ('text' in target) onTarget({ threadId: id, label: target.label })
  }

  return (
    <aside
      className="thread-panel"
      aria-label={`Comments on ${target.label}`}
      ref={panel}
      tabIndex={-1}
    >
      <header className="thread-panel__head">
        <h2>
          <span className="muted small">Comments on</span> {target.label}
        </h2>
        <button
          type="button"
          className="button button--quiet"
          aria-label="Close comments"
          onClick={onClose}
        >
          ✕
        </button>
      </header>
      {'text' in target && <blockquote className="thread__quote">{target.text.quote}</blockquote>}
      {shown.length === 0 && !('text' in target) && (
        <p className="muted">No comments yet. Ask a question or say what you think.</p>
      )}
      {open.map((thread) => (
        <Thread key={thread.id} thread={thread} />
      ))}
      {resolved.length > 0 && (
        <button
          type="button"
          className="link-button small"
          aria-expanded={showResolved}
          onClick={() => setShowResolved((value) => !value)}
        >
          {showResolved ? 'Hide' : 'Show'} {resolved.length} resolved
        </button>
      )}
      {showResolved && resolved.map((thread) => <Thread key={thread.id} thread={thread} />)}
      {canEdit && !('threadId' in target) && (
        <div className="thread-panel__new">
          <Composer
            label={`New comment on ${target.label}`}
            placeholder="Write a comment… (@ to mention)"
            submitLabel="Comment"
            autoFocus={'text' in target}
            onSubmit={start}
          />
          {sellerTeam && (
            <label className="checkbox small">
              <input
                type="checkbox"
                checked={internal}
                onChange={(event) => setInternal(event.target.checked)}
              />
              Seller team only (buyers never see it)
            </label>
          )}
        </div>
      )}
    </aside>
  )
}
