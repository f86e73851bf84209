import * as Y from 'yjs'
import { isSellerTeam } from '../../../shared/src/access.ts'
import type { DocumentKind } from '../../../shared/src/protocol.ts'
import {
  addMilestone,
  addStakeholder,
  addTask,
  addThread,
  listConsensus,
  listMilestones,
  listThreads,
  reply,
  roots,
} from '../../../shared/src/room/index.ts'
import { mayEditRoom, type Writer } from '../../../shared/src/room/write-rules.ts'

/** One write by one person. */
export interface Scene {
  writer: Writer
  /** Someone else in the room (a stakeholder who is none of the writers). */
  other: string
  /** Unique to this attempt, in what it writes, so it can be looked for anywhere. */
  marker: string
}

/** Ids of what `arrange` put in the room for the write. */
export type Ids = Readonly<Record<string, string>>

/**
 * One write a client can send. `allowed` is the expectation, from the predicates of
 * shared/src/room/write-rules.ts that the web app asks before it offers a control.
 */
export interface WriteCase {
  name: string
  document: DocumentKind
  allowed(scene: Scene): boolean
  /** What must be in the room first, made on the server's copy as the server makes its changes. */
  arrange?(doc: Y.Doc, scene: Scene): Ids
  write(doc: Y.Doc, scene: Scene, ids: Ids): void
  /** Whether this copy of the document holds the write. */
  landed(doc: Y.Doc, scene: Scene, ids: Ids): boolean
}

export const need = (ids: Ids, key: string): string => {
  const value = ids[key]
  if (value === undefined) throw new Error(`nothing arranged as ${key}`)
  return value
}
export const never = () => false
export const editor = ({ writer }: Scene) => mayEditRoom(writer.role)
export const seller = ({ writer }: Scene) => isSellerTeam(writer.role) && mayEditRoom(writer.role)

export const milestone = (doc: Y.Doc, { marker }: Scene): Ids => ({
  milestone: addMilestone(doc, { title: `target ${marker}` }),
})
export const task = (doc: Y.Doc, { marker }: Scene): Ids => ({
  task: addTask(doc, { milestoneId: listMilestones(doc)[0]?.id ?? '', title: `target ${marker}` }),
})
export const stakeholder =
  (memberOf: (scene: Scene) => string | null) => (doc: Y.Doc, scene: Scene) => ({
    stakeholder: addStakeholder(doc, { name: `target ${scene.marker}`, memberId: memberOf(scene) }),
  })
/** A thread started by `author`, with a reply by `replier` when given. */
export const thread =
  (author: (scene: Scene) => string, replier?: (scene: Scene) => string) =>
  (doc: Y.Doc, scene: Scene): Ids => {
    const id = addThread(
      doc,
      { kind: 'section', id: 'cost' },
      { authorId: author(scene), body: `target ${scene.marker}` },
    )
    if (replier) reply(doc, id, { authorId: replier(scene), body: 'a reply' })
    const first = listThreads(doc).find((candidate) => candidate.id === id)?.messages[0]
    return { thread: id, message: first?.id ?? '' }
  }
export const mine = ({ writer }: Scene) => writer.personId
export const theirs = ({ other }: Scene) => other

export const threadEntry = (doc: Y.Doc, ids: Ids) => roots.comments(doc).get(need(ids, 'thread'))
export const messages = (doc: Y.Doc, ids: Ids): Y.Array<Y.Map<unknown>> => {
  const entry = threadEntry(doc, ids)
  const list = entry instanceof Y.Map ? entry.get('messages') : null
  if (!(list instanceof Y.Array)) throw new Error('no such thread')
  return list as Y.Array<Y.Map<unknown>>
}
export const threadOf = (doc: Y.Doc, ids: Ids) =>
  listThreads(doc).find((candidate) => candidate.id === need(ids, 'thread'))
export const hasMessage = (doc: Y.Doc, body: string) =>
  listThreads(doc).some((entry) => entry.messages.some((message) => message.body === body))

export const markKey = ({ marker }: Scene) => `milestone:${marker}`
export const hasMark = (doc: Y.Doc, scene: Scene, personId: string) =>
  listConsensus(doc, markKey(scene)).some((mark) => mark.personId === personId)

/** A paragraph of the business case holding `case <marker>`, and any nodes after that text. */
export function paragraph(doc: Y.Doc, marker: string, ...nodes: Y.XmlElement[]): void {
  const node = new Y.XmlElement('paragraph')
  node.insert(0, [new Y.XmlText(`case ${marker} `), ...nodes])
  roots.businessCase(doc).push([node])
}
export const paragraphOf = (doc: Y.Doc, marker: string): Y.XmlElement | null =>
  roots
    .businessCase(doc)
    .toArray()
    .find(
      (node): node is Y.XmlElement =>
        node instanceof Y.XmlElement && node.toString().includes(`case ${marker} `),
    ) ?? null
export const mention = (personId: string, by: string) => {
  const node = new Y.XmlElement('mention')
  node.setAttribute('id', personId)
  node.setAttribute('label', 'someone')
  node.setAttribute('by', by)
  return node
}
export const mentionIn = (doc: Y.Doc, marker: string): Y.XmlElement | null => {
  const found = paragraphOf(doc, marker)
    ?.toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'mention')
  return found instanceof Y.XmlElement ? found : null
}
/** Arranges a paragraph holding a mention of the writer written by someone else. */
export const mentioned = (doc: Y.Doc, scene: Scene): Ids => {
  paragraph(doc, `target ${scene.marker}`, mention(scene.writer.personId, scene.other))
  return { paragraph: `target ${scene.marker}` }
}
