import { type FormEvent, type KeyboardEvent, useId, useMemo, useRef, useState } from 'react'
import type { MemberInfo } from '../api.ts'
import { useRoom } from '../room-context/context.ts'
import { Avatar } from '../ui/Avatar.tsx'
import { mentionsIn } from './model.ts'

/** The word being typed after an "@", if the caret is in one. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const match = /(^|\s)@([^\s@]{0,30})$/.exec(before)
  if (!match) return null
  return { start: caret - (match[2]?.length ?? 0) - 1, query: match[2] ?? '' }
}

interface ComposerProps {
  label: string
  placeholder: string
  submitLabel: string
  initial?: string
  autoFocus?: boolean
  onSubmit: (body: string, mentions: string[]) => void
  onCancel?: () => void
}

/**
 * A comment box with @mentions: typing "@" lists the room's members; arrows and Enter (or a
 * click) pick one. Ctrl/⌘+Enter sends.
 */
export function Composer(props: ComposerProps) {
  const { details } = useRoom()
  const [body, setBody] = useState(props.initial ?? '')
  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState(false)
  const picked = useRef(new Map<string, string>())
  const textarea = useRef<HTMLTextAreaElement>(null)
  const listId = useId()

  const query = dismissed ? null : mentionQuery(body, caret)
  const matches = useMemo(() => {
    if (!query) return []
    const q = query.query.toLowerCase()
    return details.members
      .filter((member) => member.personId !== details.me.personId)
      .filter(
        (member) =>
          member.name
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(q)) || member.name.toLowerCase().startsWith(q),
      )
      .slice(0, 6)
  }, [query, details.members, details.me.personId])
  const open = matches.length > 0

  const pick = (member: MemberInfo) => {
    if (!query) return
    const insert = `@${member.name} `
    const next = body.slice(0, query.start) + insert + body.slice(caret)
    picked.current.set(member.personId, member.name)
    setBody(next)
    const position = query.start + insert.length
    setCaret(position)
    setActive(0)
    requestAnimationFrame(() => {
      textarea.current?.focus()
      textarea.current?.setSelectionRange(position, position)
    })
  }

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!body.trim()) return
    props.onSubmit(body.trim(), mentionsIn(body, picked.current))
    setBody('')
    picked.current.clear()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((index) => (index + step + matches.length) % matches.length)
        return
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        const member = matches[active]
        if (member) pick(member)
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        setDismissed(true)
        return
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit()
    else if (event.key === 'Escape' && props.onCancel) {
      event.stopPropagation()
      props.onCancel()
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer__field">
        <textarea
          ref={textarea}
          aria-label={props.label}
          placeholder={props.placeholder}
          value={body}
          rows={2}
          // biome-ignore lint/a11y/noAutofocus: the box opens because the person asked to write
          autoFocus={props.autoFocus}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            setBody(event.target.value)
            setCaret(event.target.selectionStart)
            setDismissed(false)
            setActive(0)
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        <div
          className="mention-list"
          id={listId}
          role="listbox"
          aria-label="People to mention"
          hidden={!open}
        >
          {matches.map((member, index) => (
            <div
              key={member.personId}
              tabIndex={-1}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'is-active' : ''}
              onMouseDown={(event) => {
                event.preventDefault()
                pick(member)
              }}
            >
              <Avatar id={member.personId} name={member.name} size={20} />
              {member.name}
              <span className="muted small">{member.role}</span>
            </div>
          ))}
        </div>
      </div>
      <div className="composer__actions">
        <span className="muted small">@ to mention · Ctrl+Enter to send</span>
        {props.onCancel && (
          <button type="button" className="button button--quiet" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button" disabled={!body.trim()}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  )
}
