import Heading from '@tiptap/extension-heading'
import Mention, { type MentionOptions } from '@tiptap/extension-mention'
import { TableKit } from '@tiptap/extension-table'
import StarterKit from '@tiptap/starter-kit'

/**
 * The business case's document schema, one list for every place that builds an editor or reads
 * the document. Two hand-kept lists drift, and a node one side does not know renders as nothing,
 * which is data loss. Collaboration (Yjs) and carets are added by the editor that needs them.
 */

/** Headings keep the `sectionId` the server seeds, so comments and consensus survive renames. */
export const SectionHeading = Heading.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      sectionId: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-section-id'),
        renderHTML: (attributes: Record<string, unknown>) =>
          typeof attributes.sectionId === 'string'
            ? { 'data-section-id': attributes.sectionId }
            : {},
      },
    }
  },
})

/**
 * `mentionSuggestion` is the editor's "@" picker (the browser's); without it, mentions still
 * render and round-trip (a node with the member's id and name), they just cannot be typed.
 */
export function documentExtensions(
  options: { mentionSuggestion?: MentionOptions['suggestion'] } = {},
) {
  return [
    // History comes from Yjs (per-person undo), not from ProseMirror.
    StarterKit.configure({
      heading: false,
      undoRedo: false,
      link: { openOnClick: false, autolink: true },
    }),
    SectionHeading.configure({ levels: [1, 2, 3] }),
    TableKit.configure({ table: { resizable: false } }),
    Mention.extend({
      addAttributes() {
        return {
          ...this.parent?.(),
          // Who wrote the mention: the person mentioned is told by whom.
          by: {
            default: null,
            parseHTML: (element: HTMLElement) => element.getAttribute('data-by'),
            renderHTML: (attributes: Record<string, unknown>) =>
              typeof attributes.by === 'string' ? { 'data-by': attributes.by } : {},
          },
        }
      },
    }).configure({
      HTMLAttributes: { class: 'mention' },
      ...(options.mentionSuggestion ? { suggestion: options.mentionSuggestion } : {}),
    }),
  ]
}
