import { createContext, useContext, useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import {
  type CommentAnchor,
  type CommentThread,
  listThreads,
} from '../../../shared/src/room/index.ts'
import { docVersion, useRoom } from '../room-context/context.ts'

/** A thread with where it lives: the shared room, or the seller team's internal document. */
export interface RoomThread extends CommentThread {
  internal: boolean
}

/** What can be commented on besides a text range. */
export type ItemAnchor = Extract<
  CommentAnchor,
  { kind: 'task' | 'milestone' | 'stakeholder' | 'section' }
>

/** Where a panel of threads points: an item, or one thread (a text range, a notification). */
export type ThreadTarget =
  | { anchor: ItemAnchor; label: string }
  | { threadId: string; label: string }
  | { text: { start: Uint8Array; end: Uint8Array; quote: string }; label: string }

export interface ConversationValue {
  open: (target: ThreadTarget) => void
}

export const ConversationContext = createContext<ConversationValue>({ open: () => undefined })

export function useConversation(): ConversationValue {
  return useContext(ConversationContext)
}

export const anchorKey = (anchor: CommentAnchor): string =>
  anchor.kind === 'text' ? 'text' : `${anchor.kind}:${anchor.id}`

const noSubscribe = () => () => undefined

/** Every thread the reader may see, shared and (for the seller team) internal, oldest first. */
export function useAllThreads(): RoomThread[] {
  const { connection } = useRoom()
  const shared = docVersion(connection.doc)
  const internal = connection.internalDoc ? docVersion(connection.internalDoc) : null
  const sharedVersion = useSyncExternalStore(shared.subscribe, () => shared.version)
  const internalVersion = useSyncExternalStore(
    internal?.subscribe ?? noSubscribe,
    () => internal?.version ?? 0,
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when either document moves
  return useMemo(() => {
    const threads: RoomThread[] = listThreads(connection.doc).map((thread) => ({
      ...thread,
      internal: false,
    }))
    if (connection.internalDoc) {
      for (const thread of listThreads(connection.internalDoc))
        threads.push({ ...thread, internal: true })
    }
    return threads.sort((a, b) => a.createdAt - b.createdAt)
  }, [connection, sharedVersion, internalVersion])
}

/** Unresolved threads per item anchor key ("task:<id>", "section:<id>"…). */
export function useOpenCounts(): Map<string, number> {
  const threads = useAllThreads()
  return useMemo(() => {
    const counts = new Map<string, number>()
    for (const thread of threads) {
      if (thread.resolved) continue
      const key = anchorKey(thread.anchor)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return counts
  }, [threads])
}

/** The document a thread lives in. */
export function docOf(
  connection: { doc: Y.Doc; internalDoc: Y.Doc | null },
  thread: { internal: boolean },
): Y.Doc {
  return thread.internal && connection.internalDoc ? connection.internalDoc : connection.doc
}

/** The mentions still present in a body: `@Name` of each member picked while writing it. */
export function mentionsIn(body: string, picked: Map<string, string>): string[] {
  const ids: string[] = []
  for (const [personId, name] of picked) {
    if (body.includes(`@${name}`) && !ids.includes(personId)) ids.push(personId)
  }
  return ids
}
