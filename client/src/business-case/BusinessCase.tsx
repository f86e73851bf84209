import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor, useEditorState } from '@tiptap/react'
import { useEffect, useRef } from 'react'
import { documentExtensions } from '../../../shared/src/editor/extensions.ts'
import { roots } from '../../../shared/src/room/index.ts'
import { type RoomThread, useAllThreads, useConversation } from '../conversation/model.ts'
import { useRoom } from '../room-context/context.ts'
import {
  CommentRanges,
  refreshRangesMeta,
  selectionAnchor,
  type TextThread,
} from './comment-ranges.ts'
import { mentionSuggestion } from './mention-suggestion.ts'
import { Outline, scrollToSection } from './Outline.tsx'
import { useReadingPresence } from './reading.ts'
import './business-case.css'
import { useDocumentLinks } from './document-links.ts'

const openTextThreads = (threads: RoomThread[]): TextThread[] =>
  threads.flatMap((thread) =>
    thread.anchor.kind === 'text' && !thread.resolved
      ? [{ id: thread.id, start: thread.anchor.start, end: thread.anchor.end }]
      : [],
  )

/** The business case, co-written live: Tiptap on the room's fragment, with everyone's carets. */
export default function BusinessCase() {
  const { connection, canEdit, details, color } = useRoom()
  const { open } = useConversation()
  const threads = useAllThreads()
  // The highlight plugin reads the current threads through a ref: the editor is built once.
  const textThreads = useRef<TextThread[]>([])
  const members = useRef(details.members)
  members.current = details.members
  textThreads.current = openTextThreads(threads)
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions({
          mentionSuggestion: mentionSuggestion(() => members.current, details.me.personId),
        }),
        CommentRanges.configure({
          threads: () => textThreads.current,
          onOpen: (threadId) => open({ threadId, label: 'the business case' }),
        }),
        Collaboration.configure({ fragment: roots.businessCase(connection.doc) }),
        CollaborationCaret.configure({
          // The caret extension only needs the awareness; ours throttles what it sends.
          provider: { awareness: connection.awareness },
          user: { id: details.me.personId, name: details.me.name, color, role: details.me.role },
        }),
      ],
      editable: canEdit,
      editorProps: {
        attributes: {
          'aria-label': 'Business case',
          'aria-multiline': 'true',
          role: 'textbox',
          class: 'prose',
          ...(canEdit ? {} : { 'aria-readonly': 'true' }),
        },
      },
    },
    [connection, canEdit],
  )

  // Re-highlight when a text thread is added, resolved or reopened.
  const rangesKey = textThreads.current.map((thread) => thread.id).join(',')
  useEffect(() => {
    void rangesKey
    if (editor && !editor.isDestroyed)
      editor.view.dispatch(editor.state.tr.setMeta(refreshRangesMeta, true))
  }, [editor, rangesKey])

  useReadingPresence(editor)
  useDocumentLinks(editor, connection.roomId)

  // A link to a section (#section-cost, from "what changed") scrolls to it once the text is there.
  useEffect(() => {
    const match = /^#section-(.+)$/.exec(window.location.hash)
    if (!editor || !match?.[1]) return
    const id = decodeURIComponent(match[1])
    const timer = window.setTimeout(() => scrollToSection(id), 100)
    return () => window.clearTimeout(timer)
  }, [editor])

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e?.isActive('heading', { level: 2 }) ?? false,
      h3: e?.isActive('heading', { level: 3 }) ?? false,
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      bullets: e?.isActive('bulletList') ?? false,
      numbers: e?.isActive('orderedList') ?? false,
      link: e?.isActive('link') ?? false,
      table: e?.isActive('table') ?? false,
      selected: e ? !e.state.selection.empty : false,
    }),
  })

  const chain = () => editor?.chain().focus()
  const commentOnSelection = () => {
    if (!editor) return
    const anchor = selectionAnchor(editor.state)
    if (anchor) open({ text: anchor, label: 'the selected text' })
  }
  const setLink = () => {
    if (!editor) return
    const current = editor.getAttributes('link').href as string | undefined
    const href = window.prompt(
      'Link address (leave empty to remove the link)',
      current ?? 'https://',
    )
    if (href === null) return
    if (href.trim() === '' || href.trim() === 'https://') chain()?.unsetLink().run()
    else chain()?.extendMarkRange('link').setLink({ href: href.trim() }).run()
  }

  return (
    <div className="business-case">
      <div className="section-head">
        <div>
          <h2>Business case</h2>
          <p className="muted">Written together, to take to the people who approve.</p>
        </div>
      </div>
      <div className="business-case__body">
        <div className="business-case__doc">
          {canEdit ? (
            <div className="toolbar" role="toolbar" aria-label="Formatting">
              <button
                type="button"
                aria-pressed={state?.h2}
                onClick={() => chain()?.toggleHeading({ level: 2 }).run()}
              >
                Heading
              </button>
              <button
                type="button"
                aria-pressed={state?.h3}
                onClick={() => chain()?.toggleHeading({ level: 3 }).run()}
              >
                Subheading
              </button>
              <button
                type="button"
                aria-pressed={state?.bold}
                aria-label="Bold"
                onClick={() => chain()?.toggleBold().run()}
              >
                <strong>B</strong>
              </button>
              <button
                type="button"
                aria-pressed={state?.italic}
                aria-label="Italic"
                onClick={() => chain()?.toggleItalic().run()}
              >
                <em>I</em>
              </button>
              <button
                type="button"
                aria-pressed={state?.bullets}
                onClick={() => chain()?.toggleBulletList().run()}
              >
                Bullet list
              </button>
              <button
                type="button"
                aria-pressed={state?.numbers}
                onClick={() => chain()?.toggleOrderedList().run()}
              >
                Numbered list
              </button>
              <button type="button" aria-pressed={state?.link} onClick={setLink}>
                Link
              </button>
              <button
                type="button"
                disabled={!state?.selected}
                title="Select some words first"
                onClick={commentOnSelection}
              >
                Comment on selection
              </button>
              {state?.table ? (
                <>
                  <button type="button" onClick={() => chain()?.addRowAfter().run()}>
                    Add row
                  </button>
                  <button type="button" onClick={() => chain()?.addColumnAfter().run()}>
                    Add column
                  </button>
                  <button type="button" onClick={() => chain()?.deleteTable().run()}>
                    Delete table
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    chain()?.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()
                  }
                >
                  Insert table
                </button>
              )}
            </div>
          ) : (
            <p className="readonly-note" role="note">
              View only: you can read the business case and see who is editing, but your role cannot
              change it.
            </p>
          )}
          <EditorContent editor={editor} className="editor" />
        </div>
        <Outline />
      </div>
    </div>
  )
}
