import { Extension } from '@tiptap/core'
import type { EditorState } from '@tiptap/pm/state'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'

export interface TextThread {
  id: string
  start: Uint8Array
  end: Uint8Array
}

type Binding = Pick<ProsemirrorBinding, 'doc' | 'type' | 'mapping'>

function bindingOf(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as
    | { binding?: Binding; doc?: Y.Doc; type?: Y.XmlFragment }
    | undefined
  const binding = sync?.binding
  return binding ? binding : null
}

/** The selection as a text anchor (relative positions), or null when nothing is selected. */
export function selectionAnchor(
  state: EditorState,
): { start: Uint8Array; end: Uint8Array; quote: string } | null {
  const { from, to, empty } = state.selection
  const binding = bindingOf(state)
  if (empty || !binding) return null
  const left = absolutePositionToRelativePosition(
    from,
    binding.type,
    binding.mapping,
  ) as Y.RelativePosition
  // y-prosemirror's positions stick to the character before them: right for the end (typing just
  // after the words stays outside), wrong for the start, which must stick to the first word.
  const at = Y.createAbsolutePositionFromRelativePosition(left, binding.doc)
  const start = at ? Y.createRelativePositionFromTypeIndex(at.type, at.index, 0) : left
  const end = absolutePositionToRelativePosition(
    to,
    binding.type,
    binding.mapping,
  ) as Y.RelativePosition
  return {
    start: Y.encodeRelativePosition(start),
    end: Y.encodeRelativePosition(end),
    quote: state.doc.textBetween(from, to, ' ').slice(0, 280),
  }
}

const key = new PluginKey<DecorationSet>('quorum-comment-ranges')

/**
 * Highlights the words each open text thread is about, wherever concurrent edits moved them;
 * clicking a highlight opens its thread.
 */
export const CommentRanges = Extension.create<{
  threads: () => TextThread[]
  onOpen: (threadId: string) => void
}>({
  name: 'commentRanges',
  addOptions() {
    return { threads: () => [], onOpen: () => undefined }
  },
  addProseMirrorPlugins() {
    const { threads, onOpen } = this.options
    const build = (state: EditorState): DecorationSet => {
      const binding = bindingOf(state)
      if (!binding) return DecorationSet.empty
      const decorations: Decoration[] = []
      for (const thread of threads()) {
        const from = relativePositionToAbsolutePosition(
          binding.doc,
          binding.type,
          Y.decodeRelativePosition(thread.start),
          binding.mapping,
        )
        const to = relativePositionToAbsolutePosition(
          binding.doc,
          binding.type,
          Y.decodeRelativePosition(thread.end),
          binding.mapping,
        )
        if (from === null || to === null || to <= from || to > state.doc.content.size) continue
        decorations.push(
          Decoration.inline(from, to, { class: 'comment-range', 'data-thread-id': thread.id }),
        )
      }
      return DecorationSet.create(state.doc, decorations)
    }
    return [
      new Plugin({
        key,
        state: {
          init: (_, state) => build(state),
          // Edits map the highlights at once; they are then rebuilt from the relative positions
          // once the Yjs binding has caught up with the new document (see `view` below).
          apply: (tr, previous, _old, state) =>
            tr.getMeta(key) ? build(state) : previous.map(tr.mapping, tr.doc),
        },
        view: () => {
          let scheduled = false
          return {
            update: (view, previous) => {
              if (view.state.doc === previous.doc || scheduled) return
              scheduled = true
              queueMicrotask(() => {
                scheduled = false
                if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, true))
              })
            },
          }
        },
        props: {
          decorations: (state) => key.getState(state),
          handleClick: (_view, _pos, event) => {
            const target = (event.target as HTMLElement | null)?.closest('[data-thread-id]')
            const id = target?.getAttribute('data-thread-id')
            if (!id) return false
            onOpen(id)
            return false
          },
        },
      }),
    ]
  },
})

/** Tells the highlight plugin that the threads changed (a comment added or resolved elsewhere). */
export const refreshRangesMeta = key
