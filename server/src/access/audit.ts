import { createHash } from 'node:crypto'
import type { AuditEntry, AuditInput, Storage } from '../storage/storage.ts'

/** What an audit row's hash covers: everything in the row except its sequence number. */
function rowHash(previousHash: string, at: number, input: AuditInput): string {
  const canonical = JSON.stringify([
    previousHash,
    at,
    input.roomId,
    input.actor,
    input.action,
    input.subject,
    input.detail,
    input.ip,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/**
 * Appends to the audit log. Each row's hash covers the previous row's hash, so editing or
 * deleting any row breaks the chain from there on (`quorum audit verify` finds where).
 */
export function audit(storage: Storage, input: AuditInput): Promise<AuditEntry> {
  return storage.appendAudit(input, (previousHash, at) => rowHash(previousHash, at, input))
}

export interface AuditVerification {
  ok: boolean
  checked: number
  /** The first row whose hash or link does not match, when the chain is broken. */
  brokenAt: { seq: number; reason: string } | null
}

/** Walks the whole chain from the first row. */
export async function verifyAudit(storage: Storage): Promise<AuditVerification> {
  let previousHash = ''
  let previousSeq = 0
  let checked = 0
  for (;;) {
    const page = await storage.listAudit({ afterSeq: previousSeq, limit: 1000 })
    if (page.length === 0) return { ok: true, checked, brokenAt: null }
    for (const row of page) {
      if (row.prevHash !== previousHash) {
        return {
          ok: false,
          checked,
          brokenAt: {
            seq: row.seq,
            reason: 'does not link to the row before it (a row was removed or changed)',
          },
        }
      }
      if (rowHash(row.prevHash, row.at, row) !== row.hash) {
        return {
          ok: false,
          checked,
          brokenAt: {
            seq: row.seq,
            reason: 'its content does not match its hash (the row was edited)',
          },
        }
      }
      previousHash = row.hash
      previousSeq = row.seq
      checked++
    }
  }
}
