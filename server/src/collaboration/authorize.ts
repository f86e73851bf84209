import { canEditRoom, isSellerTeam } from '../../../shared/src/access.ts'
import { type DenyReason, DenyReasons, type DocumentKind } from '../../../shared/src/protocol.ts'
import type { Member, Storage } from '../storage/storage.ts'

export type ConnectionVerdict =
  | { ok: true; member: Member; readOnly: boolean }
  | { ok: false; reason: DenyReason }

/**
 * Whether a person may have a room's document open right now, read from storage: the room is
 * there and open (an archived room stays open, read-only, to the seller team), they are a member, the internal document is the seller team's, and the browser
 * session their token was minted for (if any) has not ended. Asked when a socket authenticates
 * and again, for the sockets it concerns, whenever access changes (access-watcher.ts).
 */
export async function authorizeConnection(
  storage: Storage,
  who: { personId: string; roomId: string; sessionId: string | null },
  kind: DocumentKind,
): Promise<ConnectionVerdict> {
  const room = await storage.getRoom(who.roomId)
  if (!room) return { ok: false, reason: DenyReasons.unknownRoom }
  const member = await storage.getMember(room.id, who.personId)
  const archived = room.closedAt !== null
  if (archived && !(member && isSellerTeam(member.role)))
    return { ok: false, reason: DenyReasons.roomClosed }
  if (!member) return { ok: false, reason: DenyReasons.notAMember }
  if (kind === 'internal' && !isSellerTeam(member.role))
    return { ok: false, reason: DenyReasons.sellerTeamOnly }
  if (who.sessionId !== null) {
    const session = await storage.getSession(who.sessionId)
    if (!session || session.revokedAt !== null || session.expiresAt <= Date.now())
      return { ok: false, reason: DenyReasons.sessionEnded }
  }
  return { ok: true, member, readOnly: archived || !canEditRoom(member.role) }
}
