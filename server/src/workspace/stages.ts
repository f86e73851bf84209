import { isDealStage, keptReason, stageRefusal } from '../../../shared/src/stages.ts'
import { type Actor, API_KEY_ACTOR, OPERATOR, record } from '../access/change-steps.ts'
import { recordWebhookEvents } from '../access/webhook-events.ts'
import { Problem } from '../errors.ts'
import type { RoomStage, Storage } from '../storage/storage.ts'
import { dealRoom } from './deal-rights.ts'

export interface StageChange {
  roomId: string
  stage: string
  reason?: string | null
}

/**
 * Moves a deal to a stage. Archiving ends the buyers' access at once on every instance (an
 * access change: their sockets are authorized again and closed, their pages say the room has
 * ended) and leaves the room read-only for the seller team; reopening gives both back. Each
 * change is in the audit log; archiving sends the `room.closed` webhook.
 */
export async function changeStage(
  storage: Storage,
  actor: Actor,
  change: StageChange,
): Promise<{ roomId: string; from: RoomStage; to: RoomStage }> {
  if (!isDealStage(change.stage))
    throw new Problem('invalid', '"stage" is one of open, won, lost or archived.')
  const stage = change.stage
  const refusal = stageRefusal(stage, change.reason ?? null)
  if (refusal) throw new Problem('invalid', refusal)
  const room = await dealRoom(storage, actor, change.roomId)
  const from = await storage.getRoomStage(room.id)
  if (!from) throw new Problem('not-found', `No room with id ${room.id}`)
  const reason = keptReason(stage, change.reason ?? null)
  if (from.stage === stage && from.reason === reason) return { roomId: room.id, from, to: from }

  const now = Date.now()
  await storage.setRoomStage(room.id, stage, reason, now)
  const accessChanges = stage === 'archived' || from.stage === 'archived'
  await record(storage, actor, {
    roomId: room.id,
    personId: null,
    // Every instance re-checks the room's sockets: buyers' close, the team's turn read-only
    // (or writable again when reopened).
    change: accessChanges ? (stage === 'archived' ? 'room-closed' : 'role-changed') : null,
    action: 'room.stage-changed',
    subject: room.id,
    detail: { from: from.stage, to: stage, ...(reason ? { reason } : {}) },
  })
  await storage.markRoomsDue([room.id], now)
  if (stage === 'archived' && from.stage !== 'archived') {
    await recordWebhookEvents(storage, [
      {
        type: 'room.closed',
        roomId: room.id,
        personId: actor.id === OPERATOR || actor.id.startsWith(API_KEY_ACTOR) ? null : actor.id,
        fields: { stage: 'archived' },
        at: now,
      },
    ])
  }
  return { roomId: room.id, from, to: { stage, reason, changedAt: now } }
}
