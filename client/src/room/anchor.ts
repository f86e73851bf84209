import { useEffect } from 'react'

/** Where an item of a section's path is on the page (a next best action links to it). */
function selectorOf(section: string, item: string): string | null {
  const id = CSS.escape(item)
  if (section === 'plan') return `[data-task-id="${id}"]`
  if (section === 'business-case') return `.prose [data-section-id="${id}"]`
  // The invite form of the Access panel: its first field.
  if (section === 'stakeholders' && item === 'invite') return '.access form input'
  return null
}

/**
 * Brings the item of `/r/<room>/<section>/<item>` into view and gives it the focus, once the
 * section has drawn it (the business case's editor loads after the rest): a link from a next
 * best action lands where the seller acts.
 */
export function useScrollToItem(section: string, item: string | null): void {
  useEffect(() => {
    if (!item) return
    const selector = selectorOf(section, item)
    if (!selector) return
    const until = Date.now() + 5_000
    let frame = 0
    const look = () => {
      const target = document.querySelector<HTMLElement>(selector)
      if (!target) {
        if (Date.now() < until) frame = window.requestAnimationFrame(look)
        return
      }
      target.scrollIntoView({ block: 'center' })
      if (target.tabIndex < 0 && !target.matches('input, button, a, textarea, select'))
        target.setAttribute('tabindex', '-1')
      target.focus({ preventScroll: true })
    }
    frame = window.requestAnimationFrame(look)
    return () => window.cancelAnimationFrame(frame)
  }, [section, item])
}
