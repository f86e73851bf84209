import type * as Y from 'yjs'
import type { DocumentKind } from '../../../../shared/src/protocol.ts'
import { listTextMentions } from '../../../../shared/src/room/index.ts'
import { checkWrite, type RoomFacts } from '../../../../shared/src/room/write-rules.ts'
import { readUpdateChanges } from '../../collaboration/update-changes.ts'
import type { Peer } from './peer.ts'

/**
 * Why the server refused a tab's writes, as far as the test can tell: each update the tab made
 * since it was last acknowledged, read against the server's copy now (the refused one was never
 * applied) and held against the same write rules the guard uses. Each refused change is one line.
 */
export function explainRefusal(peer: Peer, server: Record<DocumentKind, Y.Doc>): string[] {
  const writer = { personId: peer.person.personId, role: peer.person.role }
  const lines: string[] = []
  for (const replica of peer.replicas()) {
    const doc = server[replica.kind]
    const facts: RoomFacts = {
      hasMention: (personId, by) =>
        listTextMentions(doc).some((mention) => mention.personId === personId && mention.by === by),
    }
    peer.written[replica.kind].forEach((update, index) => {
      const read = readUpdateChanges(doc, [update])
      if (read.unreadable) lines.push(`${replica.kind} update ${index}: ${read.unreadable}`)
      for (const change of read.changes) {
        const verdict = checkWrite(replica.kind, writer, change, facts)
        if (verdict.ok) continue
        const around = change.container
        const mention =
          around?.nodeName === 'mention'
            ? ` (mention of ${String(around.get('id'))} by ${String(around.get('by'))})`
            : ''
        lines.push(
          `${replica.kind} update ${index}: ${change.op} ${change.path.join('/')} = ` +
            `${JSON.stringify(change.value)} in ${around?.nodeName ?? 'a map'}` +
            `${around?.isNew ? ' made by this update' : ' already there'}${mention}: ${verdict.reason}`,
        )
      }
    })
  }
  return lines
}
