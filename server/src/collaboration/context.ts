import type { Extension } from '@hocuspocus/server'
import type { Role } from '../../../shared/src/access.ts'
import type { DenyReason, DocumentKind } from '../../../shared/src/protocol.ts'

/** What authentication establishes for a connection; every later hook reads it from here. */
export interface QuorumContext {
  personId: string
  name: string
  roomId: string
  role: Role
  documentKind: DocumentKind
  /** The browser session the token was minted for; null for a token from the command line. */
  sessionId: string | null
  /**
   * A seller previewing the room as a buyer role (`role`): their own role in the room. Such a
   * connection is read-only, its presence is nobody's, and it records no engagement.
   */
  previewBy?: Role
}

/** An extension of ours: hooks see a typed context. */
export type QuorumExtension = Extension<QuorumContext>

/**
 * Refuses an authentication attempt. The reason reaches the client in Hocuspocus's
 * permission-denied reply. The empty message keeps Hocuspocus from logging every refusal.
 */
export function deny(reason: DenyReason): Error {
  return Object.assign(new Error(''), { reason })
}
