import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { copyRoomShape, daysBetween, ROLE_TO_FILL, shiftDay } from './copy.ts'
import { readMeta } from './meta.ts'
import { addStakeholder, listStakeholders } from './people.ts'
import { listMilestones, listTasks, updateTask } from './plan.ts'
import { roots } from './schema.ts'
import { seedRoom } from './template.ts'

describe('copying a room’s shape', () => {
  it('moves every date by the days given, month and leap day included', () => {
    expect(shiftDay('2024-02-28', 1)).toBe('2024-02-29')
    expect(shiftDay('2024-12-31', 1)).toBe('2025-01-01')
    expect(shiftDay('2025-03-10', -10)).toBe('2025-02-28')
    expect(shiftDay(null, 3)).toBeNull()
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29)
  })

  it('a room made 40 days ago: its plan falls as long after today; done work is to do again; roles to fill', () => {
    const source = new Y.Doc()
    seedRoom(source, { title: 'Acme', template: 'pilot', today: new Date('2026-01-01T09:00:00Z') })
    const [first] = listTasks(source)
    if (!first) throw new Error('the pilot has tasks')
    updateTask(source, first.id, { status: 'done' })
    addStakeholder(source, { name: 'Carla', title: 'CFO', buyingRole: 'economic-buyer' })

    const target = new Y.Doc()
    copyRoomShape(source, target, {
      title: 'Globex',
      shiftDays: 40,
      businessCase: 'outline',
      stakeholders: 'roles',
    })
    expect(readMeta(target)).toMatchObject({ title: 'Globex', targetCloseDate: '2026-03-22' })
    expect(listMilestones(target).map((m) => [m.title, m.dueDate, m.status])).toEqual([
      ['Pilot scope', '2026-02-17', 'active'],
      ['Pilot', '2026-03-10', 'planned'],
      ['Decision', '2026-03-22', 'planned'],
    ])
    expect(listTasks(target).map((task) => task.status)).not.toContain('done')
    expect(listTasks(target)[0]?.dueDate).toBe('2026-02-14')
    expect(listStakeholders(target).map((p) => [p.name, p.title, p.memberId])).toEqual([
      [ROLE_TO_FILL, 'CFO', null],
    ])
    // The outline: the five section headings, each with its prompt.
    const headings = roots
      .businessCase(target)
      .toArray()
      .filter((node) => node instanceof Y.XmlElement && node.nodeName === 'heading')
    expect(headings).toHaveLength(5)
  })
})
