import type { WebhookEventType } from '../../../shared/src/api/webhooks.ts'
import { newId } from '../../../shared/src/ids.ts'
import type { NewOutboxEvent, Storage } from '../storage/storage.ts'

/** What an event names beside its room: who did it, and what its type adds. */
export interface WebhookEventInput {
  type: WebhookEventType
  roomId: string
  /** Who did it (or whom it concerns: the person invited); null when nobody did. */
  personId: string | null
  /** The type's own fields (see docs/integrations.md). */
  fields?: Record<string, unknown>
  at?: number
  /** A stable id makes recording twice (a retry) deliver once; default a new one. */
  id?: string
}

/**
 * The outbox row of an event: the room (id and title) and person (id, name, e-mail) as they are
 * now, so a delivery made later says what was true when it happened. The room's link is added at
 * delivery, from PUBLIC_URL.
 */
export async function outboxEvent(
  storage: Storage,
  input: WebhookEventInput,
): Promise<NewOutboxEvent> {
  const [room, person] = await Promise.all([
    storage.getRoom(input.roomId),
    input.personId ? storage.getPerson(input.personId) : null,
  ])
  const at = input.at ?? Date.now()
  return {
    id: input.id ?? `evt_${newId(20)}`,
    type: input.type,
    roomId: input.roomId,
    at,
    data: {
      room: { id: input.roomId, title: room?.title ?? '' },
      person: person ? { id: person.id, name: person.name, email: person.email } : null,
      at: new Date(at).toISOString(),
      ...input.fields,
    },
  }
}

/**
 * Records events in the outbox, right after the change that caused them was committed and
 * before the caller answers (docs/integrations.md, "What is guaranteed"). A failure is logged,
 * never thrown: the change itself has happened.
 */
export async function recordWebhookEvents(
  storage: Storage,
  inputs: readonly WebhookEventInput[],
): Promise<void> {
  try {
    const events = await Promise.all(inputs.map((input) => outboxEvent(storage, input)))
    await storage.recordOutboxEvents(events)
  } catch (error) {
    console.error('Could not record webhook events:', error)
  }
}
