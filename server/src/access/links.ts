import { createHash, randomBytes } from 'node:crypto'
import type { Link, LinkKind, Storage } from '../storage/storage.ts'

/** URL paths of one-time links, by kind. The web app serves each. */
export const LINK_PATHS: Record<LinkKind, string> = {
  invite: '/i/',
  signin: '/signin/',
  setup: '/setup/',
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export interface IssuedLink {
  link: Link
  url: string
}

/**
 * Issues a one-time link. The secret is only ever in the URL given to the person; the store
 * keeps its hash, so a leaked database does not leak working links.
 */
export async function issueLink(
  storage: Storage,
  publicUrl: string,
  input: { kind: LinkKind; personId: string | null; roomId: string | null; ttlMs: number | null },
): Promise<IssuedLink> {
  const secret = randomBytes(24).toString('base64url')
  const link = await storage.createLink({
    kind: input.kind,
    tokenHash: hashSecret(secret),
    personId: input.personId,
    roomId: input.roomId,
    expiresAt: input.ttlMs === null ? null : Date.now() + input.ttlMs,
  })
  return { link, url: `${publicUrl}${LINK_PATHS[input.kind]}${secret}` }
}
