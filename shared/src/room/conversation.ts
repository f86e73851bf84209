import * as Y from 'yjs'
import { newId } from '../ids.ts'
import {
  CONSENSUS_STANCES,
  type CommentAnchor,
  type CommentMessage,
  type CommentThread,
  type ConsensusMark,
  type ConsensusStance,
  entries,
  num,
  requireEntry,
  requireText,
  roots,
  str,
} from './schema.ts'

// Comment threads

function readAnchor(entry: Y.Map<unknown>): CommentAnchor | null {
  const kind = entry.get('anchorKind')
  if (kind === 'text') {
    const start = entry.get('anchorStart')
    const end = entry.get('anchorEnd')
    return start instanceof Uint8Array && end instanceof Uint8Array ? { kind, start, end } : null
  }
  const id = entry.get('anchorId')
  if (
    (kind === 'task' || kind === 'milestone' || kind === 'stakeholder' || kind === 'section') &&
    typeof id === 'string'
  ) {
    return { kind, id }
  }
  return null
}

function readMessage(entry: Y.Map<unknown>): CommentMessage {
  const mentions = entry.get('mentions')
  return {
    id: str(entry, 'id'),
    authorId: str(entry, 'authorId'),
    body: str(entry, 'body'),
    mentions: Array.isArray(mentions)
      ? mentions.filter((m): m is string => typeof m === 'string')
      : [],
    createdAt: num(entry, 'createdAt') ?? 0,
    editedAt: num(entry, 'editedAt'),
  }
}

function messagesOf(thread: Y.Map<unknown>): Y.Array<Y.Map<unknown>> | null {
  const messages = thread.get('messages')
  return messages instanceof Y.Array ? (messages as Y.Array<Y.Map<unknown>>) : null
}

/** Every thread with a readable anchor, oldest first. */
export function listThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = []
  for (const [id, entry] of entries(roots.comments(doc))) {
    const anchor = readAnchor(entry)
    if (!anchor) continue
    const messages = messagesOf(entry)
      ?.toArray()
      .filter((message) => message instanceof Y.Map)
      .map(readMessage)
    threads.push({
      id,
      anchor,
      resolved: entry.get('resolved') === true,
      createdAt: num(entry, 'createdAt') ?? 0,
      messages: messages ?? [],
    })
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export interface MessageInput {
  authorId: string
  body: string
  mentions?: string[]
}

function newMessage(input: MessageInput): Y.Map<unknown> {
  const message = new Y.Map<unknown>()
  message.set('id', newId())
  message.set('authorId', input.authorId)
  message.set('body', requireText(input.body, 'A comment'))
  message.set('mentions', input.mentions ?? [])
  message.set('createdAt', Date.now())
  message.set('editedAt', null)
  return message
}

/** Starts a thread on an anchor with its first message; returns the thread id. */
export function addThread(doc: Y.Doc, anchor: CommentAnchor, first: MessageInput): string {
  const id = newId()
  const message = newMessage(first)
  doc.transact(() => {
    const thread = new Y.Map<unknown>()
    roots.comments(doc).set(id, thread)
    thread.set('anchorKind', anchor.kind)
    if (anchor.kind === 'text') {
      thread.set('anchorStart', anchor.start)
      thread.set('anchorEnd', anchor.end)
    } else {
      thread.set('anchorId', anchor.id)
    }
    thread.set('resolved', false)
    thread.set('createdAt', Date.now())
    const messages = new Y.Array<Y.Map<unknown>>()
    thread.set('messages', messages)
    messages.push([message])
  })
  return id
}

export function reply(doc: Y.Doc, threadId: string, input: MessageInput): void {
  const thread = requireEntry(roots.comments(doc), threadId, 'thread')
  const messages = messagesOf(thread)
  if (!messages) throw new Error(`Thread ${threadId} has no messages`)
  messages.push([newMessage(input)])
}

/** Edits a message; only its author may (enforced by the caller, who knows who is asking). */
export function editMessage(doc: Y.Doc, threadId: string, messageId: string, body: string): void {
  const thread = requireEntry(roots.comments(doc), threadId, 'thread')
  const message = messagesOf(thread)
    ?.toArray()
    .find((m) => m instanceof Y.Map && m.get('id') === messageId)
  if (!message) throw new Error(`No message ${messageId} in thread ${threadId}`)
  const text = requireText(body, 'A comment')
  doc.transact(() => {
    message.set('body', text)
    message.set('editedAt', Date.now())
  })
}

export function setThreadResolved(doc: Y.Doc, threadId: string, resolved: boolean): void {
  requireEntry(roots.comments(doc), threadId, 'thread').set('resolved', resolved)
}

// Consensus

/**
 * Marks live in one flat map keyed `<itemKey>|<personId>`. A nested map per item would lose
 * marks: two people marking a fresh item at once would each create the item's map, and only one
 * of the two maps survives the merge. With one key per person, every person's mark survives and
 * a person's latest mark wins for that person.
 */
const SEPARATOR = '|'

export const consensusKeys = {
  businessCase: 'businessCase',
  milestone: (id: string) => `milestone:${id}`,
  section: (id: string) => `section:${id}`,
}

export function markConsensus(
  doc: Y.Doc,
  itemKey: string,
  personId: string,
  stance: ConsensusStance,
  note = '',
): void {
  if (itemKey.includes(SEPARATOR) || personId.includes(SEPARATOR)) {
    throw new Error(`Item keys and person ids cannot contain "${SEPARATOR}"`)
  }
  if ((stance === 'concern' || stance === 'block') && note.trim() === '') {
    throw new Error(`A ${stance} needs a note saying why`)
  }
  roots
    .consensus(doc)
    .set(`${itemKey}${SEPARATOR}${personId}`, { stance, note: note.trim(), at: Date.now() })
}

export function clearConsensus(doc: Y.Doc, itemKey: string, personId: string): void {
  roots.consensus(doc).delete(`${itemKey}${SEPARATOR}${personId}`)
}

/** Every readable mark, or those on one item. */
export function listConsensus(doc: Y.Doc, itemKey?: string): ConsensusMark[] {
  const marks: ConsensusMark[] = []
  roots.consensus(doc).forEach((value, key) => {
    const cut = key.lastIndexOf(SEPARATOR)
    if (cut <= 0 || typeof value !== 'object' || value === null) return
    const mark = value as Record<string, unknown>
    const stance = mark.stance
    if (!(CONSENSUS_STANCES as readonly unknown[]).includes(stance)) return
    const item = key.slice(0, cut)
    if (itemKey !== undefined && item !== itemKey) return
    marks.push({
      itemKey: item,
      personId: key.slice(cut + 1),
      stance: stance as ConsensusStance,
      note: typeof mark.note === 'string' ? mark.note : '',
      at: typeof mark.at === 'number' ? mark.at : 0,
    })
  })
  const tie = (x: ConsensusMark) => `${x.itemKey}|${x.personId}`
  return marks.sort((a, b) => a.at - b.at || (tie(a) < tie(b) ? -1 : 1))
}
