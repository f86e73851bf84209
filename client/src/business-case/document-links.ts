import type { Editor } from '@tiptap/react'
import { useEffect } from 'react'
import { navigate } from '../router.ts'

/**
 * A link in the business case to one of this room's documents (pasted from Documents, "Copy
 * link") opens the document in the room's viewer. Other links keep the editor's behaviour
 * (a click places the caret; the link is edited from the toolbar).
 */
export function useDocumentLinks(editor: Editor | null, roomId: string): void {
  useEffect(() => {
    if (!editor) return
    // Listened for on the document: the editor's own element does not exist until it is mounted
    // (reading `editor.view` before then throws), which is after this effect when the section
    // is opened from another one.
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.shiftKey || event.altKey || editor.isDestroyed) return
      const target = event.target instanceof Element ? event.target : null
      const link = target?.closest('.ProseMirror a[href]')
      if (!link) return
      const url = new URL(link.getAttribute('href') ?? '', window.location.href)
      if (url.origin !== window.location.origin) return
      if (!url.pathname.startsWith(`/r/${roomId}/documents/`)) return
      event.preventDefault()
      navigate(`${url.pathname}${url.search}`)
    }
    document.addEventListener('click', onClick)
    return () => document.removeEventListener('click', onClick)
  }, [editor, roomId])
}
