import type { Storage } from '../storage/storage.ts'

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  )

/** Development page listing the outbox (mail kept when no SMTP server is configured). */
export async function devOutboxPage(storage: Storage): Promise<string> {
  const mails = await storage.listOutbox(100)
  const rows = mails
    .map(
      (mail) =>
        `<article><h2>${escapeHtml(mail.subject)}</h2><p class="meta">To ${escapeHtml(mail.to)} · ${new Date(mail.createdAt).toISOString()}${mail.sentAt ? ' · sent' : mail.error ? ` · failed: ${escapeHtml(mail.error)}` : ' · not sent (outbox only)'}</p><pre>${escapeHtml(mail.body)}</pre></article>`,
    )
    .join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox · Quorum</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1f27}article{border:1px solid #e2e5eb;border-radius:8px;padding:12px 16px;margin:12px 0}h2{font-size:15px;margin:0}.meta{color:#5d6676;margin:2px 0 8px}pre{white-space:pre-wrap;font:inherit;margin:0}</style>
</head><body><h1>Outbox</h1><p>Mail Quorum would send, newest first (development page, DEV_OUTBOX=1, this machine only).</p>${rows || '<p>No mail yet.</p>'}</body></html>`
}
