import { consensusItems, getMilestone, milestoneDone } from '../../../shared/src/room/index.ts'
import { outboxEvent, type WebhookEventInput } from '../access/webhook-events.ts'
import type { SignalBus } from '../collaboration/bus.ts'
import { loadRoomDoc } from '../collaboration/room-doc.ts'
import type { EngagementEvent, Storage } from '../storage/storage.ts'

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** The webhook events an engagement or activity event stands for (none for most). */
export function webhookEventsOf(event: EngagementEvent): WebhookEventInput[] {
  const base = { roomId: event.roomId, personId: event.personId, at: event.at }
  const detail = event.detail
  switch (event.kind) {
    case 'stakeholder.first-seen': {
      const fields = { role: str(detail.role), side: event.side }
      const joined: WebhookEventInput = { ...base, type: 'member.joined', fields }
      return event.side === 'buyer'
        ? [joined, { ...base, type: 'stakeholder.first_seen', fields }]
        : [joined]
    }
    case 'task.completed':
      return [
        {
          ...base,
          type: 'task.completed',
          fields: { task: { id: str(detail.taskId), title: str(detail.title) } },
        },
      ]
    case 'consensus.marked':
      return [
        {
          ...base,
          type: 'consensus.marked',
          fields: { item: str(detail.item), stance: str(detail.stance), note: str(detail.note) },
        },
      ]
    case 'comment.added':
      return [
        {
          ...base,
          type: 'comment.created',
          fields: {
            comment: {
              threadId: str(detail.threadId),
              messageId: str(detail.messageId),
              anchor: detail.anchor ?? null,
              excerpt: str(detail.excerpt),
              reply: detail.reply === true,
              internal: detail.internal === true,
            },
          },
        },
      ]
    case 'document.viewed':
    case 'document.downloaded':
      return [
        {
          ...base,
          type: event.kind,
          fields: {
            document: {
              id: str(detail.documentId),
              version: typeof detail.version === 'number' ? detail.version : null,
              title: str(detail.title),
            },
          },
        },
      ]
    default:
      return []
  }
}

/** The milestone an event may have signed off (an agreement on it, or its status or signers changed). */
function milestoneTouched(event: EngagementEvent): string | null {
  if (event.kind === 'consensus.marked' && event.detail.stance === 'agree') {
    const item = str(event.detail.item)
    return item?.startsWith('milestone:') ? item.slice('milestone:'.length) : null
  }
  if (event.kind === 'milestone.changed') return str(event.detail.milestoneId)
  return null
}

/**
 * Records the webhook events of this instance's engagement and activity (the event bus) in the
 * outbox. The bus publishes an event once its events row is committed; this records the outbox
 * row right after, in the same process (docs/integrations.md, "What is guaranteed").
 */
export function recordFromBus(
  storage: Storage,
  bus: SignalBus,
  onRecorded: () => void,
): { stop(): Promise<void> } {
  const writing = new Set<Promise<void>>()
  const recordEvent = async (event: EngagementEvent) => {
    const inputs = webhookEventsOf(event)
    const milestoneId = milestoneTouched(event)
    const marked = inputs.find((input) => input.type === 'consensus.marked')
    // The room as it is now, read once: the marked item's name, whether the milestone is signed off.
    const doc = marked || milestoneId ? await loadRoomDoc(storage, event.roomId) : null
    if (doc)
      try {
        if (marked) {
          // The item's name as the room shows it, for readers outside the room (a CRM note).
          const item = consensusItems(doc).find((each) => each.itemKey === str(event.detail.item))
          marked.fields = { ...marked.fields, itemTitle: item?.label ?? null }
        }
        const milestone = milestoneId ? getMilestone(doc, milestoneId) : null
        if (milestone && milestoneDone(doc, milestone))
          inputs.push({
            type: 'milestone.signed_off',
            roomId: event.roomId,
            personId: event.personId,
            at: event.at,
            // Once per milestone: the id makes a second recording of it a no-op.
            id: `evt_signoff_${event.roomId}_${milestone.id}`,
            fields: {
              milestone: {
                id: milestone.id,
                title: milestone.title,
                signoffBy: milestone.signoffBy,
              },
            },
          })
      } finally {
        doc.destroy()
      }
    if (inputs.length === 0) return
    const events = await Promise.all(inputs.map((input) => outboxEvent(storage, input)))
    if ((await storage.recordOutboxEvents(events)) > 0) onRecorded()
  }
  const unsubscribe = bus.subscribe((event) => {
    const written = recordEvent(event)
      .catch((error: unknown) => console.error('Could not record webhook events:', error))
      .finally(() => writing.delete(written))
    writing.add(written)
  })
  return {
    async stop() {
      unsubscribe()
      await Promise.all(writing)
    },
  }
}
