import type { Editor } from '@tiptap/react'
import { useEffect } from 'react'
import { useRoom } from '../room-context/context.ts'

/** The business-case sections with any part on screen, in document order. */
function visibleSections(root: HTMLElement): string[] {
  const headings = [...root.querySelectorAll<HTMLElement>('h2[data-section-id]')]
  const bottom = root.getBoundingClientRect().bottom
  const visible: string[] = []
  headings.forEach((heading, index) => {
    const top = heading.getBoundingClientRect().top
    const end = headings[index + 1]?.getBoundingClientRect().top ?? bottom
    if (end > 0 && top < window.innerHeight) {
      const id = heading.dataset.sectionId
      if (id) visible.push(id)
    }
  })
  return visible
}

/**
 * Tells the room which sections of the business case are on this person's screen (presence
 * field `reading`), so the server can record who has seen the latest version of each section.
 */
export function useReadingPresence(editor: Editor | null): void {
  const { connection } = useRoom()
  useEffect(() => {
    if (!editor) return
    let last = ''
    let frame = 0
    const publish = () => {
      frame = 0
      if (editor.isDestroyed) return
      const reading = visibleSections(editor.view.dom as HTMLElement)
      const key = reading.join(',')
      if (key === last) return
      last = key
      connection.awareness.setLocalStateField('reading', reading)
    }
    const schedule = () => {
      if (!frame) frame = window.requestAnimationFrame(publish)
    }
    schedule()
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule)
    editor.on('update', schedule)
    return () => {
      window.cancelAnimationFrame(frame)
      window.removeEventListener('scroll', schedule)
      window.removeEventListener('resize', schedule)
      editor.off('update', schedule)
      connection.awareness.setLocalStateField('reading', null)
    }
  }, [editor, connection])
}
