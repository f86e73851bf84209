import type { onAuthenticatePayload } from '@hocuspocus/server'
import { isSellerTeam } from '../../../shared/src/access.ts'
import { DenyReasons, parseDocumentName, SCHEMA_PARAM } from '../../../shared/src/protocol.ts'
import { SCHEMA_VERSION } from '../../../shared/src/room/index.ts'
import { audit } from '../access/audit.ts'
import type { RefusalAudit } from '../access/refusal-audit.ts'
import { verifyToken } from '../access/tokens.ts'
import type { Storage } from '../storage/storage.ts'
import { authorizeConnection } from './authorize.ts'
import { deny, type QuorumContext, type QuorumExtension } from './context.ts'
import { CLIENT_IP_HEADER } from './websocket.ts'

/**
 * Who may open which document. Runs before any document is loaded, so an unknown room or a
 * refused person never causes a load. The token says who the person is and which browser session
 * it came from; membership, role and that session are read from storage on every connect, so a
 * removed member, a changed role or an ended session takes effect at once.
 * Every refusal is written to the audit log (through `refusals`, which sums up an address's
 * refusals past its limit in one row).
 */
export function authentication(
  storage: Storage,
  secret: Buffer,
  refusals?: RefusalAudit,
): QuorumExtension {
  const record = refusals?.record ?? ((entry) => audit(storage, entry).then(() => undefined))
  async function check(payload: onAuthenticatePayload): Promise<QuorumContext> {
    const { token, documentName, connectionConfig, requestParameters } = payload
    const address = parseDocumentName(documentName)
    if (!address) throw deny(DenyReasons.unknownDocument)

    const clientSchema = requestParameters.get(SCHEMA_PARAM)
    if (clientSchema !== null && Number(clientSchema) < SCHEMA_VERSION) {
      throw deny(DenyReasons.clientOutdated)
    }

    const verified = verifyToken(secret, token)
    if (!verified.ok) {
      throw deny(
        verified.problem === 'expired' ? DenyReasons.expiredToken : DenyReasons.invalidToken,
      )
    }
    const { claims } = verified
    // A token names one room: it opens nothing in any other.
    if (claims.roomId !== address.roomId) throw deny(DenyReasons.invalidToken)

    const sessionId = claims.sessionId ?? null
    const verdict = await authorizeConnection(
      storage,
      { personId: claims.personId, roomId: address.roomId, sessionId },
      address.kind,
    )
    if (!verdict.ok) throw deny(verdict.reason)
    const { member } = verdict

    if (claims.previewAs !== undefined) {
      // "View as buyer": the seller team only, the buyers' document only, and never a write.
      if (!isSellerTeam(member.role) || address.kind !== 'shared')
        throw deny(DenyReasons.sellerTeamOnly)
      connectionConfig.readOnly = true
      return {
        personId: member.personId,
        name: member.name,
        roomId: address.roomId,
        role: claims.previewAs,
        documentKind: address.kind,
        sessionId,
        previewBy: member.role,
      }
    }

    connectionConfig.readOnly = verdict.readOnly
    return {
      personId: member.personId,
      name: member.name,
      roomId: address.roomId,
      role: member.role,
      documentKind: address.kind,
      sessionId,
    }
  }

  return {
    extensionName: 'quorum-authentication',
    async onAuthenticate(payload): Promise<QuorumContext> {
      try {
        return await check(payload)
      } catch (error) {
        await record({
          roomId: parseDocumentName(payload.documentName)?.roomId ?? null,
          actor: 'anonymous',
          action: 'access.denied',
          subject: payload.documentName.slice(0, 200),
          detail: { reason: (error as { reason?: string }).reason ?? 'error' },
          ip: payload.requestHeaders.get(CLIENT_IP_HEADER) || null,
        })
        throw error
      }
    },
  }
}
