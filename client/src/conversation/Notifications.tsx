import { useEffect, useMemo, useRef, useState } from 'react'
import { listSections, listTextMentions } from '../../../shared/src/room/index.ts'
import { useDocValue, useRoom } from '../room-context/context.ts'
import { navigate } from '../router.ts'
import { useAllThreads, useConversation } from './model.ts'

interface Mention {
  messageId: string
  /** The thread to open, or null for a mention written in the business case. */
  threadId: string | null
  sectionId: string | null
  authorId: string
  body: string
  at: number
  internal: boolean
}

const storageKey = (personId: string, roomId: string) =>
  `quorum:seen-mentions:${personId}:${roomId}`

function readSeen(key: string): Set<string> {
  try {
    const raw = localStorage.getItem(key)
    return new Set(raw ? (JSON.parse(raw) as string[]) : [])
  } catch {
    return new Set()
  }
}

/**
 * Mentions of me in the room's threads: a bell with the unread count, live as the room changes,
 * and a list that opens each thread. What has been seen is remembered on this device.
 */
export function Notifications() {
  const { details, memberById } = useRoom()
  const { open } = useConversation()
  const threads = useAllThreads()
  const me = details.me.personId
  const inText = useDocValue(
    (doc) => {
      const titles = new Map(listSections(doc).map((section) => [section.id, section.title]))
      return listTextMentions(doc)
        .filter((mention) => mention.personId === me && mention.by !== me)
        .map((mention) => ({ ...mention, title: titles.get(mention.sectionId ?? '') ?? '' }))
    },
    [me],
  )
  const key = storageKey(me, details.room.id)
  const [seen, setSeen] = useState(() => readSeen(key))
  const [expanded, setExpanded] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const announced = useRef<Set<string> | null>(null)
  const panel = useRef<HTMLDivElement>(null)

  const mentions = useMemo(() => {
    const found: Mention[] = []
    for (const thread of threads) {
      for (const message of thread.messages) {
        if (message.authorId !== me && message.mentions.includes(me)) {
          found.push({
            messageId: message.id,
            threadId: thread.id,
            sectionId: null,
            authorId: message.authorId,
            body: message.body,
            at: message.createdAt,
            internal: thread.internal,
          })
        }
      }
    }
    // Mentions in the text carry no time: they come first until seen, in document order.
    const text: Mention[] = inText.map((mention) => ({
      messageId: `text:${mention.key}`,
      threadId: null,
      sectionId: mention.sectionId,
      authorId: mention.by ?? '',
      body: `in the business case${mention.title ? `, ${mention.title}` : ''}`,
      at: Number.MAX_SAFE_INTEGER,
      internal: false,
    }))
    return [...text, ...found.sort((a, b) => b.at - a.at)]
  }, [threads, me, inText])
  const unread = mentions.filter((mention) => !seen.has(mention.messageId))
  const nameOf = (id: string) => memberById.get(id)?.name ?? 'Someone'

  // Announce mentions that arrive while the room is open (not the ones already there on load).
  useEffect(() => {
    if (announced.current === null) {
      announced.current = new Set(mentions.map((mention) => mention.messageId))
      return
    }
    const fresh = mentions.filter((mention) => !announced.current?.has(mention.messageId))
    for (const mention of fresh) announced.current.add(mention.messageId)
    const first = fresh[0]
    if (first)
      setAnnouncement(
        `${nameOf(first.authorId)} mentioned you${first.threadId ? ':' : ''} ${first.body.slice(0, 120)}`,
      )
  })

  useEffect(() => {
    if (!expanded) return
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !panel.current?.contains(event.target as Node)
      )
        setExpanded(false)
    }
    window.addEventListener('mousedown', close)
    window.addEventListener('keydown', close)
    return () => {
      window.removeEventListener('mousedown', close)
      window.removeEventListener('keydown', close)
    }
  }, [expanded])

  const markAllSeen = () => {
    const next = new Set([...seen, ...mentions.map((mention) => mention.messageId)])
    setSeen(next)
    localStorage.setItem(key, JSON.stringify([...next].slice(-500)))
    setAnnouncement('')
  }

  return (
    <div className="mentions" ref={panel}>
      <button
        type="button"
        className={`mentions__bell${unread.length ? ' mentions__bell--unread' : ''}`}
        aria-expanded={expanded}
        aria-label={`Mentions${unread.length ? `, ${unread.length} unread` : ''}`}
        onClick={() => setExpanded((value) => !value)}
      >
        <span aria-hidden="true">@</span>
        {unread.length > 0 && <span className="mentions__count">{unread.length}</span>}
      </button>
      {announcement && (
        <p className="mentions__toast" role="status">
          {announcement}
        </p>
      )}
      {expanded && (
        <section className="mentions__panel" aria-label="Mentions of you">
          <header>
            <h2>Mentions</h2>
            {unread.length > 0 && (
              <button type="button" className="link-button small" onClick={markAllSeen}>
                Mark all as read
              </button>
            )}
          </header>
          {mentions.length === 0 ? (
            <p className="muted">
              Nobody has mentioned you yet. When someone writes @{details.me.name}, it shows here.
            </p>
          ) : (
            <ul>
              {mentions.slice(0, 20).map((mention) => (
                <li
                  key={mention.messageId}
                  className={seen.has(mention.messageId) ? '' : 'is-unread'}
                >
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      const next = new Set(seen).add(mention.messageId)
                      setSeen(next)
                      localStorage.setItem(key, JSON.stringify([...next].slice(-500)))
                      setExpanded(false)
                      setAnnouncement('')
                      if (mention.threadId)
                        open({ threadId: mention.threadId, label: 'a mention of you' })
                      else
                        navigate(
                          `/r/${details.room.id}/business-case${mention.sectionId ? `#section-${mention.sectionId}` : ''}`,
                        )
                    }}
                  >
                    <strong>{nameOf(mention.authorId)}</strong>: {mention.body.slice(0, 120)}
                  </button>
                  {mention.internal && <span className="muted small"> · seller team only</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
