import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor, useEditorState } from '@tiptap/react'
import { documentExtensions } from '../../../shared/src/editor/extensions.ts'
import { roots } from '../../../shared/src/room/index.ts'
import { useRoom } from '../room/hooks.ts'
import './business-case.css'

/** The business case, co-written live: Tiptap on the room's fragment, with everyone's carets. */
export default function BusinessCase() {
  const { connection, canEdit, details, color } = useRoom()
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions(),
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
    }),
  })

  const chain = () => editor?.chain().focus()
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
              onClick={() => chain()?.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
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
  )
}
