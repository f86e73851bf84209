import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addTask, listMilestones, listTasks, readMeta, seedRoom, updateMeta } from './index.ts'
import { checkDate } from './schema.ts'

describe('dates in the room (yyyy-mm-dd)', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-02-28', '2024-04-30', '2024-12-31', '2027-01-01'])(
    'accepts the real day %s',
    (date) => {
      expect(checkDate(date)).toBe(date)
    },
  )

  it.each([
    ['2024-02-30', '2024-02 has 29 days'],
    ['2023-02-29', '2023-02 has 28 days'],
    ['1900-02-29', '1900-02 has 28 days'],
    ['2024-04-31', '2024-04 has 30 days'],
    ['2024-06-31', '2024-06 has 30 days'],
    ['2024-01-32', '2024-01 has 31 days'],
    ['2024-01-00', '2024-01 has 31 days'],
    ['2024-13-01', 'months run from 01 to 12'],
    ['2024-00-10', 'months run from 01 to 12'],
    ['2024-2-3', 'Not a date'],
    ['20/01/2026', 'Not a date'],
    ['2024-02-03T10:00', 'Not a date'],
    ['', 'Not a date'],
  ])('refuses %s, saying why', (date, why) => {
    expect(() => checkDate(date)).toThrow(why)
  })

  it('an impossible due date or close date never reaches the document', () => {
    const doc = new Y.Doc()
    seedRoom(doc, { title: 'Acme', targetCloseDate: '2026-06-30' })
    const [milestone] = listMilestones(doc)
    if (!milestone) throw new Error('no milestone')
    expect(() =>
      addTask(doc, { milestoneId: milestone.id, title: 'Sign', dueDate: '2026-02-29' }),
    ).toThrow('2026-02 has 28 days')
    expect(() => updateMeta(doc, { targetCloseDate: '2026-09-31' })).toThrow('has 30 days')
    expect(listTasks(doc).map((task) => task.dueDate)).not.toContain('2026-02-29')
    expect(readMeta(doc).targetCloseDate).toBe('2026-06-30')
  })
})
