import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  documentsAttachedTo,
  getDocument,
  listDocuments,
  putDocument,
  removeDocument,
} from './documents.ts'
import { checkWrite } from './write-rules.ts'

const entry = (id: string, updatedAt: number, patch = {}) => ({
  id,
  title: `Doc ${id}`,
  version: 1,
  pages: 3,
  policy: 'view' as const,
  attachedKind: null,
  attachedId: null,
  updatedAt,
  ...patch,
})

describe('the room’s documents list', () => {
  it('lists documents most recently changed first, by task, and tolerates what a peer wrote', () => {
    const doc = new Y.Doc()
    putDocument(doc, entry('a', 10))
    putDocument(doc, entry('b', 20, { attachedKind: 'task', attachedId: 't1', policy: 'download' }))
    expect(listDocuments(doc).map((document) => document.id)).toEqual(['b', 'a'])
    expect(documentsAttachedTo(doc, 'task', 't1').map((document) => document.id)).toEqual(['b'])
    putDocument(doc, entry('a', 30, { version: 2 }))
    expect(getDocument(doc, 'a')).toMatchObject({ version: 2, updatedAt: 30 })
    // Garbage in an entry reads as defaults.
    const odd = new Y.Map<unknown>()
    doc.getMap('documents').set('odd', odd)
    odd.set('policy', 'public')
    odd.set('version', -3)
    odd.set('attachedKind', 'task')
    expect(getDocument(doc, 'odd')).toMatchObject({
      title: 'Untitled document',
      policy: 'view',
      version: 1,
      attachedKind: null,
    })
    removeDocument(doc, 'odd')
    expect(getDocument(doc, 'odd')).toBeNull()
  })

  it('no role may write it from a client', () => {
    for (const role of ['owner', 'seller', 'champion', 'stakeholder'] as const) {
      const verdict = checkWrite(
        'shared',
        { personId: 'p', role },
        { op: 'set', path: ['documents', 'x'], value: 1, container: null, node: null },
        { hasMention: () => false },
      )
      expect(verdict.ok, role).toBe(false)
    }
  })
})
