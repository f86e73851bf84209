import nodemailer, { type Transporter } from 'nodemailer'
import type { Mail, Storage } from '../storage/storage.ts'

export interface Mailer {
  /** Queues the mail (always kept in the outbox) and sends it when SMTP is configured. */
  send(mail: { to: string; subject: string; body: string }): Promise<Mail>
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
  return {
    mode: transport ? 'smtp' : 'outbox',
    async send(message) {
      const queued = await storage.enqueueMail(message)
      if (!transport) return queued
      try {
        await transport.sendMail({
          from: options.from,
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
  joined(roomTitle: string, who: string): { subject: string; body: string } {
    return {
      subject: `${who} joined ${roomTitle}`,
      body: `${who} verified their e-mail and joined "${roomTitle}" as a stakeholder.\n\n— Quorum`,
    }
  },
}
