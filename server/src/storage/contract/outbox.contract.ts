import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import type { AuditInput } from '../outbox.ts'
import { type ContractRun, fakeClock } from './harness.ts'

const chained = (previousHash: string, at: number) =>
  createHash('sha256').update(`${previousHash}|${at}`).digest('hex')

function entry(action: string, roomId: string | null): AuditInput {
  return {
    roomId,
    actor: 'cli',
    action,
    subject: 'cfo@buyer.example',
    detail: { action, nested: { list: [1, 2] } },
    ip: '127.0.0.1',
  }
}

export function outboxContract(run: ContractRun): void {
  it('mail: queued, listed latest first, marked sent or failed', () =>
    run.with('outbox', async (storage) => {
      const clock = fakeClock(1_000)
      const first = await storage.enqueueMail({ to: 'a@x.example', subject: 'One', body: 'Hi' })
      expect(first).toEqual({
        id: first.id,
        to: 'a@x.example',
        subject: 'One',
        body: 'Hi',
        createdAt: 1_000,
        sentAt: null,
        error: null,
      })
      clock.set(2_000)
      const second = await storage.enqueueMail({ to: 'b@x.example', subject: 'Two', body: '' })
      clock.set(3_000)
      const third = await storage.enqueueMail({ to: 'c@x.example', subject: 'Three', body: '3' })
      expect((await storage.listOutbox(10)).map((mail) => mail.id)).toEqual([
        third.id,
        second.id,
        first.id,
      ])
      expect((await storage.listOutbox(2)).map((mail) => mail.id)).toEqual([third.id, second.id])

      await storage.markMail(first.id, { sentAt: 4_000, error: null })
      await storage.markMail(second.id, { sentAt: null, error: 'connection refused' })
      const [, listedSecond, listedFirst] = await storage.listOutbox(10)
      expect(listedFirst).toEqual({ ...first, sentAt: 4_000 })
      expect(listedSecond).toEqual({ ...second, error: 'connection refused' })
    }))

  it('audit: each row chained to the one before, even when appended at once', () =>
    run.with('outbox', async (storage) => {
      fakeClock(500)
      const firstInput = entry('room.created', null)
      const first = await storage.appendAudit(firstInput, chained)
      expect(first).toEqual({
        ...firstInput,
        seq: first.seq,
        at: 500,
        prevHash: '',
        hash: chained('', 500),
      })
      await Promise.all(
        ['a', 'b', 'c', 'd'].map((action) => storage.appendAudit(entry(action, 'room1'), chained)),
      )
      const rows = await storage.listAudit({ limit: 100 })
      expect(rows).toHaveLength(5)
      expect(rows[0]).toEqual(first)
      rows.slice(1).forEach((row, index) => {
        expect(row.prevHash).toBe(rows[index]?.hash)
        expect(row.seq).toBeGreaterThan(rows[index]?.seq ?? Number.POSITIVE_INFINITY)
      })
      expect(
        rows
          .slice(1)
          .map((row) => row.action)
          .sort(),
      ).toEqual(['a', 'b', 'c', 'd'])
    }))

  it('audit: listed by room, after a sequence number, up to a limit', () =>
    run.with('outbox', async (storage) => {
      const appended = []
      for (const [action, roomId] of [
        ['one', 'room1'],
        ['two', null],
        ['three', 'room1'],
        ['four', 'room2'],
        ['five', 'room1'],
      ] as const)
        appended.push(await storage.appendAudit(entry(action, roomId), chained))
      const actions = async (filter: { roomId?: string; afterSeq?: number; limit: number }) =>
        (await storage.listAudit(filter)).map((row) => row.action)
      expect(await actions({ limit: 10 })).toEqual(['one', 'two', 'three', 'four', 'five'])
      expect(await actions({ limit: 2 })).toEqual(['one', 'two'])
      expect(await actions({ roomId: 'room1', limit: 10 })).toEqual(['one', 'three', 'five'])
      const afterSeq = appended[1]?.seq ?? 0
      expect(await actions({ afterSeq, limit: 10 })).toEqual(['three', 'four', 'five'])
      expect(await actions({ roomId: 'room1', afterSeq, limit: 1 })).toEqual(['three'])
      expect(await actions({ roomId: 'room3', limit: 10 })).toEqual([])
    }))
}
