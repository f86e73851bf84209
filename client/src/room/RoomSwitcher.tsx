import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { rooms as roomsApi } from '../../../shared/src/api/index.ts'
import { call, type RoomListEntry } from '../api.ts'
import { navigate } from '../router.ts'

/**
 * The seller team's way out of a room: back to the room list, or straight to another of their
 * rooms. The switcher is a combobox (type to search the server's list; arrows move, Enter opens,
 * Escape closes), so it works from the keyboard and reads as one to a screen reader.
 */
export function RoomSwitcher({ roomId }: { roomId: string }) {
  const id = useId()
  const [open, setOpen] = useState(false)
  const [words, setWords] = useState('')
  const [found, setFound] = useState<RoomListEntry[]>([])
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    let cancelled = false
    const timer = window.setTimeout(() => {
      const q = words.trim()
      call(roomsApi.listRooms, {
        query: { sort: 'activity', limit: '12', ...(q ? { q } : {}) },
      }).then(
        (page) => {
          if (cancelled) return
          setFound(page.rooms.filter((room) => room.id !== roomId))
          setActive(0)
        },
        () => {
          if (!cancelled) setFound([])
        },
      )
    }, 150)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
    }
  }, [open, words, roomId])

  useEffect(() => {
    if (!open) return
    input.current?.focus()
    const away = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', away)
    return () => document.removeEventListener('mousedown', away)
  }, [open])

  const go = (room: RoomListEntry | undefined) => {
    if (!room) return
    setOpen(false)
    navigate(`/r/${room.id}`)
  }
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((index) => Math.min(index + 1, Math.max(found.length - 1, 0)))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((index) => Math.max(index - 1, 0))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      go(found[active])
    } else if (event.key === 'Escape') {
      setOpen(false)
    }
  }

  return (
    <nav className="room-switcher" aria-label="Your rooms" ref={box}>
      <a
        href="/"
        className="room-switcher__back"
        onClick={(event) => {
          event.preventDefault()
          navigate('/')
        }}
      >
        <span aria-hidden="true">←</span> All rooms
      </a>
      <button
        type="button"
        className="room-switcher__toggle"
        aria-expanded={open}
        aria-controls={`${id}-popup`}
        onClick={() => setOpen((value) => !value)}
      >
        Switch room <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="room-switcher__popup" id={`${id}-popup`}>
          <input
            ref={input}
            className="room-switcher__find"
            type="text"
            role="combobox"
            aria-label="Find one of your rooms"
            aria-expanded={found.length > 0}
            aria-controls={`${id}-list`}
            aria-activedescendant={found[active] ? `${id}-room-${found[active].id}` : undefined}
            placeholder="Find a room…"
            value={words}
            onChange={(event) => setWords(event.target.value)}
            onKeyDown={onKey}
          />
          <div id={`${id}-list`} role="listbox" aria-label="Rooms" className="room-switcher__list">
            {found.map((room, index) => (
              <div
                key={room.id}
                tabIndex={-1}
                id={`${id}-room-${room.id}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'is-active' : undefined}
                onMouseEnter={() => setActive(index)}
                onClick={() => go(room)}
                // The keys are the combobox's (focus stays in it; the active option is announced).
                onKeyDown={() => {}}
              >
                <span>{room.title}</span>
                {room.buyerOrg && <span className="muted small"> · {room.buyerOrg}</span>}
              </div>
            ))}
          </div>
          {found.length === 0 && (
            <p className="muted small room-switcher__empty">No other room matches.</p>
          )}
        </div>
      )}
    </nav>
  )
}
