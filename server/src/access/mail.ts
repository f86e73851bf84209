import nodemailer, { type Transporter } from 'nodemailer'
import type { Mail, Storage } from '../storage/storage.ts'

export interface MailMessage {
  to: string
  subject: string
  body: string
}

export interface Mailer {
  /** Queues the mail (always kept in the outbox) and sends it when SMTP is configured. */
  send(mail: MailMessage): Promise<Mail>
  /**
   * Composes and sends a mail after the current request has been answered (`compose` may return
   * null: nothing to send). An answer must not take longer when there is a mail to send — the
   * time would tell an outsider whether an address has an account — and SMTP can take a while.
   * Failures are logged; the mail stays in the outbox with its error.
   */
  sendLater(compose: () => Promise<MailMessage | null>): void
  /** Resolves once every mail handed to `sendLater` so far is queued and sent (or failed). */
  settled(): Promise<void>
  readonly mode: 'smtp' | 'outbox'
}

/**
 * Mail goes through nodemailer when SMTP_URL is set (e.g. smtp://user:pass@mail.example.com:587);
 * without it, messages stay in the outbox table, shown by `quorum outbox` and /dev/outbox.
 */
export function createMailer(
  storage: Storage,
  options: { smtpUrl: string | undefined; from: string },
): Mailer {
  const transport: Transporter | null = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : null
  const pending = new Set<Promise<void>>()
  const mailer: Mailer = {
    mode: transport ? 'smtp' : 'outbox',
    sendLater(compose) {
      const work = new Promise<void>((resolve) => setImmediate(resolve))
        .then(compose)
        .then(async (message) => {
          if (message) await mailer.send(message)
        })
        .catch((error: unknown) => console.error('Could not send a mail:', error))
        .finally(() => pending.delete(work))
      pending.add(work)
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending)
    },
    async send(unbranded) {
      // The workspace's mail name signs the mail and is the sender's display name.
      const { mailName } = await storage.getWorkspaceBrand()
      const message = brandedMail(unbranded, mailName)
      const queued = await storage.enqueueMail(message)
      if (!transport) return queued
      try {
        await transport.sendMail({
          from: fromWithName(options.from, mailName),
          to: message.to,
          subject: message.subject,
          text: message.body,
        })
        await storage.markMail(queued.id, { sentAt: Date.now(), error: null })
      } catch (error) {
        // The message stays in the outbox with the reason; the request that caused it still succeeds.
        await storage.markMail(queued.id, {
          sentAt: null,
          error: error instanceof Error ? error.message : String(error),
        })
      }
      return queued
    },
  }
  return mailer
}

const SIGN_OFF = '\n\n— Quorum'

/** A mail signed with the workspace's name instead of Quorum's, when it has one. */
export function brandedMail(message: MailMessage, mailName: string | null): MailMessage {
  if (!mailName || !message.body.endsWith(SIGN_OFF)) return message
  return { ...message, body: `${message.body.slice(0, -SIGN_OFF.length)}\n\n— ${mailName}` }
}

/** `MAIL_FROM`'s address under the workspace's name: `"Vendor Sales" <quorum@vendor.example>`. */
export function fromWithName(from: string, mailName: string | null): string {
  if (!mailName) return from
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim()
  return `"${mailName.replace(/["\\\r\n<>]/g, '')}" <${address}>`
}

/** Short, plain-text messages: they must read well in any mail client and on a phone. */
export const templates = {
  code(roomTitle: string, code: string): { subject: string; body: string } {
    return {
      subject: `${code} is your code for ${roomTitle}`,
      body: `Your code to open "${roomTitle}" is:\n\n    ${code}\n\nIt works once, for 10 minutes. If you did not ask for it, ignore this message.\n\n— Quorum`,
    }
  },
  invite(roomTitle: string, inviter: string, url: string): { subject: string; body: string } {
    return {
      subject: `${inviter} invited you to ${roomTitle}`,
      body: `${inviter} invited you to the deal room "${roomTitle}".\n\nOpen it with your personal link (no account needed):\n${url}\n\nThe link is for you only; please do not forward it.\n\n— Quorum`,
    }
  },
  signIn(url: string): { subject: string; body: string } {
    return {
      subject: 'Your Quorum sign-in link',
      body: `Sign in to Quorum with this link (valid for 24 hours, works once):\n${url}\n\nIf you did not ask to sign in, ignore this message.\n\n— Quorum`,
    }
  },
  /** To a seller account someone tried to invite as a buyer (the inviter is not told). */
  sellerInvitedAsBuyer(roomTitle: string, inviter: string): { subject: string; body: string } {
    return {
      subject: `${inviter} tried to invite you to ${roomTitle}`,
      body: `${inviter} tried to invite this address as a buyer to the deal room "${roomTitle}". It belongs to a seller account, so nothing changed.\n\nIf you should be in this room, ask its owner to add you as a seller teammate.\n\n— Quorum`,
    }
  },
  /** To a seller account that asked for a buyer's join code. */
  sellerAskedForCode(roomTitle: string): { subject: string; body: string } {
    return {
      subject: `About your request to join ${roomTitle}`,
      body: `Someone asked for a code to join the deal room "${roomTitle}" with this address. It belongs to a seller account, so no code was sent: sign in as a seller instead, and ask the room's owner to add you if you should be in it.\n\nIf you did not ask, ignore this message.\n\n— Quorum`,
    }
  },
  /** To someone removed from a room who asked for a join code. */
  accessWithdrawn(roomTitle: string): { subject: string; body: string } {
    return {
      subject: `About your request to join ${roomTitle}`,
      body: `Someone asked for a code to join the deal room "${roomTitle}" with this address. Your access to this room was withdrawn, so no code was sent. Ask the seller if you should have it back.\n\nIf you did not ask, ignore this message.\n\n— Quorum`,
    }
  },
  joined(roomTitle: string, who: string): { subject: string; body: string } {
    return {
      subject: `${who} joined ${roomTitle}`,
      body: `${who} verified their e-mail and joined "${roomTitle}" as a stakeholder.\n\n— Quorum`,
    }
  },
}
