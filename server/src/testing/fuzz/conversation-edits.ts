import type * as Y from 'yjs'
import type { DocumentKind } from '../../../../shared/src/protocol.ts'
import {
  addThread,
  type CommentAnchor,
  type CommentThread,
  editMessage,
  importantSectionIds,
  listSections,
  listThreads,
  reply,
  setSectionImportant,
  setThreadResolved,
} from '../../../../shared/src/room/index.ts'
import { mayComment } from '../../../../shared/src/room/write-rules.ts'
import type { EditContext, EditKind } from './edits.ts'
import type { Peer } from './peer.ts'
import type { Random } from './random.ts'

/**
 * Comment threads in the room document (everyone who may comment) and in the internal document
 * (the seller team's own threads), and the sections the seller team flags as important.
 */
export function conversationEdits(
  pickAnchor: (doc: Y.Doc, random: Random) => CommentAnchor | null,
): EditKind[] {
  return [
    ...threadEdits('shared', (peer) => mayComment(peer.person.role), pickAnchor),
    ...threadEdits('internal', (peer) => peer.sellerTeam, pickAnchor),
    {
      name: 'flag section',
      weight: 2,
      allowed: (peer) => peer.sellerTeam,
      run: ({ peer, random, record }) => {
        if (!peer.internal) return null
        const section = random.maybePick(listSections(peer.shared.doc))
        if (!section) return null
        const important = !importantSectionIds(peer.internal.doc).includes(section.id)
        setSectionImportant(peer.internal.doc, section.id, important)
        record.field(`important:${section.id}`, 'value', important ? true : null)
        return `${important ? 'flagged' : 'unflagged'} section ${section.id}`
      },
    },
  ]
}

/** Threads sorted by id: their creation times differ between replays of a seed. */
function threadsOf(doc: Y.Doc): CommentThread[] {
  return listThreads(doc).sort((a, b) => (a.id < b.id ? -1 : 1))
}

function mentions(context: EditContext): string[] {
  return context.random
    .sample(context.people, context.random.int(0, 2))
    .map((person) => person.personId)
    .sort()
}

function threadEdits(
  kind: DocumentKind,
  allowed: (peer: Peer) => boolean,
  pickAnchor: (doc: Y.Doc, random: Random) => CommentAnchor | null,
): EditKind[] {
  const where = kind === 'internal' ? 'seller-team thread' : 'thread'
  const docOf = (peer: Peer) => peer.replica(kind)?.doc ?? null
  return [
    {
      name: `start ${where}`,
      weight: 3,
      allowed,
      run: (context) => {
        const { peer, random, record, word } = context
        const doc = docOf(peer)
        const anchor = pickAnchor(peer.shared.doc, random)
        if (!doc || !anchor) return null
        const body = `Comment ${word()}`
        const id = addThread(doc, anchor, {
          authorId: peer.person.personId,
          body,
          mentions: mentions(context),
        })
        const first = threadsOf(doc).find((thread) => thread.id === id)?.messages[0]
        if (!first) throw new Error(`thread ${id} has no first message`)
        record.created(`thread:${kind}:${id}`)
        record.created(`message:${kind}:${first.id}`)
        record.field(`message:${kind}:${first.id}`, 'body', body)
        return `started ${where} ${id} on ${anchor.kind}: "${body}"`
      },
    },
    {
      name: `reply in ${where}`,
      weight: 4,
      allowed,
      run: (context) => {
        const { peer, random, record, word } = context
        const doc = docOf(peer)
        const thread = doc ? random.maybePick(threadsOf(doc)) : null
        if (!doc || !thread) return null
        const body = `Reply ${word()}`
        reply(doc, thread.id, { authorId: peer.person.personId, body, mentions: mentions(context) })
        const added = threadsOf(doc)
          .find((t) => t.id === thread.id)
          ?.messages.at(-1)
        if (!added || added.body !== body) throw new Error(`the reply to ${thread.id} is not last`)
        record.created(`message:${kind}:${added.id}`)
        record.field(`message:${kind}:${added.id}`, 'body', body)
        return `replied in ${thread.id}: "${body}"`
      },
    },
    {
      name: `edit own message in ${where}`,
      weight: 3,
      allowed,
      run: ({ peer, random, record, word }) => {
        const doc = docOf(peer)
        if (!doc) return null
        const own = threadsOf(doc).flatMap((thread) =>
          thread.messages
            .filter((message) => message.authorId === peer.person.personId)
            .map((message) => ({ thread: thread.id, message: message.id })),
        )
        const target = random.maybePick(own)
        if (!target) return null
        const body = `Edited ${word()}`
        editMessage(doc, target.thread, target.message, body)
        record.field(`message:${kind}:${target.message}`, 'body', body)
        return `edited message ${target.message}: "${body}"`
      },
    },
    {
      name: `resolve ${where}`,
      weight: 2,
      allowed,
      run: ({ peer, random }) => {
        const doc = docOf(peer)
        const thread = doc ? random.maybePick(threadsOf(doc)) : null
        if (!doc || !thread) return null
        setThreadResolved(doc, thread.id, !thread.resolved)
        return `${thread.resolved ? 'reopened' : 'resolved'} ${thread.id}`
      },
    },
  ]
}
