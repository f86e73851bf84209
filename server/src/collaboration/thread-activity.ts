import * as Y from 'yjs'
import { roots } from '../../../shared/src/room/index.ts'
import type { EngagementEvent, EngagementKind } from '../storage/storage.ts'
import { contextOf, excerpt, stringOf } from './activity-detail.ts'
import type { QuorumContext } from './context.ts'

type Make = (
  context: QuorumContext,
  kind: EngagementKind,
  detail: Record<string, unknown>,
) => EngagementEvent

const anchorOf = (thread: Y.Map<unknown>) => {
  const kind = stringOf(thread, 'anchorKind')
  return kind === 'text' ? { kind } : { kind, id: stringOf(thread, 'anchorId') }
}

/**
 * Comment threads of a room document (the shared one or the seller team's internal one): new
 * threads and replies, resolving and reopening, and the people a new message mentions. Every
 * event says whether it came from the internal document.
 */
export function watchThreads(
  doc: Y.Doc,
  internal: boolean,
  make: Make,
  record: (events: EngagementEvent[]) => void,
  isPresent: (personId: string) => boolean,
): () => void {
  const comments = roots.comments(doc)

  const handler = (
    events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
    transaction: Y.Transaction,
  ) => {
    const context = contextOf(transaction.origin)
    if (!context) return
    const out: EngagementEvent[] = []

    const added = (threadId: string, thread: Y.Map<unknown>, message: unknown, reply: boolean) => {
      if (!(message instanceof Y.Map)) return
      out.push(
        make(context, 'comment.added', {
          threadId,
          messageId: stringOf(message, 'id'),
          anchor: anchorOf(thread),
          excerpt: excerpt(message.get('body')),
          reply,
          internal,
        }),
      )
      const mentions = message.get('mentions')
      if (!Array.isArray(mentions)) return
      const people = new Set(mentions.filter((m): m is string => typeof m === 'string'))
      for (const personId of people) {
        // Mentioning yourself tells nobody anything.
        if (personId === context.personId) continue
        out.push(
          make(context, 'person.mentioned', {
            mentioned: personId,
            present: isPresent(personId),
            where: 'comment',
            threadId,
            excerpt: excerpt(message.get('body')),
            internal,
          }),
        )
      }
    }

    const newThreads = new Set<string>()
    for (const change of events) {
      if (change.target !== comments) continue
      for (const [threadId, key] of change.changes.keys) {
        const thread = comments.get(threadId)
        if (key.action !== 'add' || !(thread instanceof Y.Map)) continue
        newThreads.add(threadId)
        const messages = thread.get('messages')
        if (messages instanceof Y.Array) added(threadId, thread, messages.get(0), false)
      }
    }
    for (const change of events) {
      if (change.target === comments) continue
      const threadId = String(change.path[0] ?? '')
      if (change instanceof Y.YArrayEvent && change.target.parent instanceof Y.Map) {
        // A thread created in this transaction was counted above with its first message.
        if (newThreads.has(threadId)) continue
        for (const item of change.changes.added) {
          for (const message of item.content.getContent())
            added(threadId, change.target.parent, message, true)
        }
      } else if (
        change instanceof Y.YMapEvent &&
        change.target.parent === comments &&
        change.keysChanged.has('resolved') &&
        !newThreads.has(threadId)
      ) {
        const resolved = (change.target as Y.Map<unknown>).get('resolved') === true
        out.push(
          make(context, resolved ? 'thread.resolved' : 'thread.reopened', { threadId, internal }),
        )
      }
    }
    if (out.length > 0) record(out)
  }

  comments.observeDeep(handler)
  return () => comments.unobserveDeep(handler)
}
