export interface Mail {
  id: string
  to: string
  subject: string
  body: string
  createdAt: number
  sentAt: number | null
  error: string | null
}

export interface AuditInput {
  roomId: string | null
  /** Who did it: a person id, `cli`, or `anonymous`. */
  actor: string | null
  action: string
  subject: string | null
  detail: Record<string, unknown>
  ip: string | null
}

export interface AuditEntry extends AuditInput {
  seq: number
  at: number
  prevHash: string
  hash: string
}

/**
 * Records written with the change that caused them: mail waiting to leave (the outbox), and the
 * audit log of who did what.
 */
export interface OutboxStore {
  enqueueMail(mail: { to: string; subject: string; body: string }): Promise<Mail>
  /** The latest mail first. */
  listOutbox(limit: number): Promise<Mail[]>
  markMail(id: string, result: { sentAt: number | null; error: string | null }): Promise<void>

  /** Appends to the log, hash-chained; the chain is computed by the caller's hash function. */
  appendAudit(
    input: AuditInput,
    hash: (previousHash: string, at: number) => string,
  ): Promise<AuditEntry>
  listAudit(filter: { roomId?: string; afterSeq?: number; limit: number }): Promise<AuditEntry[]>
}
