import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import type { WebhookSubscription } from '../storage/storage.ts'

/** How long the secret before a rotation still signs, so receivers can switch without a gap. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000

/** A new signing secret, `whsec_` and 32 random bytes in base64 (the Standard Webhooks form). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/**
 * The Standard Webhooks headers of one delivery: `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`), signed with the current
 * secret and, during a rotation's overlap, also the previous one (space-separated: a receiver
 * that knows either verifies).
 */
export function signedHeaders(
  subscription: Pick<WebhookSubscription, 'secret' | 'previousSecret' | 'previousSecretUntil'>,
  messageId: string,
  body: string,
  now: number,
): Record<string, string> {
  const at = new Date(Math.floor(now / 1000) * 1000)
  const secrets = [subscription.secret]
  if (subscription.previousSecret && (subscription.previousSecretUntil ?? 0) > now)
    secrets.push(subscription.previousSecret)
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(messageId, at, body))
      .join(' '),
  }
}
