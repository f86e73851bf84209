import * as Y from 'yjs'

/**
 * The business case (the Tiptap document in Yjs) as plain HTML for the printable room: block
 * nodes by name, text with its marks, mentions as names. Every text and attribute is escaped;
 * a node this list does not know prints its content (never nothing, never raw markup).
 */
export const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

const BLOCKS: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
  codeBlock: 'pre',
  table: 'table',
  tableRow: 'tr',
  tableCell: 'td',
  tableHeader: 'th',
}

const MARKS: Record<string, string> = {
  bold: 'strong',
  italic: 'em',
  strike: 's',
  code: 'code',
  underline: 'u',
}

function textHtml(text: Y.XmlText): string {
  return (text.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>)
    .map((op) => {
      if (typeof op.insert !== 'string') return ''
      let html = escapeHtml(op.insert)
      for (const [mark, value] of Object.entries(op.attributes ?? {})) {
        const tag = MARKS[mark]
        if (tag) html = `<${tag}>${html}</${tag}>`
        if (mark === 'link' && typeof value === 'object' && value !== null) {
          const href = (value as { href?: unknown }).href
          if (typeof href === 'string' && /^(https?:|mailto:)/i.test(href))
            html = `<a href="${escapeHtml(href)}">${html}</a>`
        }
      }
      return html
    })
    .join('')
}

function nodeHtml(node: unknown): string {
  if (node instanceof Y.XmlText) return textHtml(node)
  if (!(node instanceof Y.XmlElement)) return ''
  const inner = () => node.toArray().map(nodeHtml).join('')
  switch (node.nodeName) {
    case 'heading': {
      const level = Number(node.getAttribute('level')) || 2
      // One level down: the page's own title is the h1.
      const tag = `h${Math.min(6, Math.max(2, level + 1))}`
      return `<${tag}>${inner()}</${tag}>`
    }
    case 'mention': {
      const label = node.getAttribute('label')
      return `<span class="mention">@${escapeHtml(typeof label === 'string' ? label : '')}</span>`
    }
    case 'hardBreak':
      return '<br>'
    case 'horizontalRule':
      return '<hr>'
    default: {
      const tag = BLOCKS[node.nodeName] ?? 'div'
      return `<${tag}>${inner()}</${tag}>`
    }
  }
}

export function businessCaseHtml(fragment: Y.XmlFragment): string {
  return fragment.toArray().map(nodeHtml).join('\n')
}
