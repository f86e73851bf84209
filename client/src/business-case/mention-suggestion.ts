import type { MentionOptions } from '@tiptap/extension-mention'
import type { MemberInfo } from '../api.ts'

type Suggestion = MentionOptions['suggestion']
type Props = Parameters<NonNullable<ReturnType<NonNullable<Suggestion['render']>>['onStart']>>[0]

/**
 * The business case's "@" picker: the room's members, filtered as you type; arrows and Enter
 * pick, Escape closes. A plain list in a popup, announced as a listbox.
 */
export function mentionSuggestion(members: () => MemberInfo[], myId: string): Suggestion {
  return {
    char: '@',
    items: ({ query }) => {
      const q = query.toLowerCase()
      return members()
        .filter((member) => member.personId !== myId)
        .filter((member) =>
          member.name
            .toLowerCase()
            .split(/\s+/)
            .some((word) => word.startsWith(q)),
        )
        .slice(0, 6)
        .map((member) => ({ id: member.personId, label: member.name, by: myId }))
    },
    render: () => {
      let list: HTMLUListElement | null = null
      let active = 0
      let current: Props | null = null

      const draw = () => {
        if (!list || !current) return
        const items = current.items as Array<{ id: string; label: string }>
        list.replaceChildren(
          ...items.map((item, index) => {
            const option = document.createElement('li')
            option.setAttribute('role', 'option')
            option.id = `mention-option-${index}`
            option.setAttribute('aria-selected', String(index === active))
            option.className = index === active ? 'is-active' : ''
            option.textContent = item.label
            option.addEventListener('mousedown', (event) => {
              event.preventDefault()
              current?.command(item)
            })
            return option
          }),
        )
        list.hidden = items.length === 0
        const rect = current.clientRect?.()
        if (rect) {
          list.style.left = `${rect.left + window.scrollX}px`
          list.style.top = `${rect.bottom + window.scrollY + 4}px`
        }
      }

      return {
        onStart: (props) => {
          current = props
          active = 0
          list = document.createElement('ul')
          list.className = 'mention-list mention-list--editor'
          list.setAttribute('role', 'listbox')
          list.setAttribute('aria-label', 'People to mention')
          document.body.append(list)
          draw()
        },
        onUpdate: (props) => {
          current = props
          active = Math.min(active, Math.max(0, props.items.length - 1))
          draw()
        },
        onKeyDown: ({ event }) => {
          const items = (current?.items ?? []) as Array<{ id: string; label: string }>
          if (items.length === 0) return false
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            active = (active + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length
            draw()
            return true
          }
          if (event.key === 'Enter' || event.key === 'Tab') {
            const item = items[active]
            if (item) current?.command(item)
            return true
          }
          if (event.key === 'Escape') {
            list?.remove()
            list = null
            return true
          }
          return false
        },
        onExit: () => {
          list?.remove()
          list = null
          current = null
        },
      }
    },
  }
}
