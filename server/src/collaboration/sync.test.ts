import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addTask,
  importantSectionIds,
  listMilestones,
  listTasks,
  moveTask,
  roots,
  setSectionImportant,
  setTaskDone,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { connect, eventually, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'

const text = (doc: Y.Doc) => roots.businessCase(doc).toString()

describe('live sync through the server', () => {
  it('two clients edit one room concurrently and converge; a latecomer gets the same state', async () => {
    const { storage, wsUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const seller = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.seller))
    const champion = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.champion),
    )
    await Promise.all([seller.synced, champion.synced])

    // The seeded plan arrives from the server, not from the client.
    expect(listMilestones(champion.doc).map((m) => m.title)[0]).toBe('Discovery')
    const [discovery, evaluation] = listMilestones(seller.doc)
    if (!discovery || !evaluation) throw new Error('template not seeded')

    // Concurrent edits: plan rows and business-case text on both sides at once.
    const fromSeller = addTask(seller.doc, {
      milestoneId: discovery.id,
      title: 'Send pricing',
      side: 'seller',
    })
    const fromChampion = addTask(champion.doc, {
      milestoneId: discovery.id,
      title: 'Loop in IT',
      side: 'buyer',
    })
    const [first] = listTasks(seller.doc, discovery.id)
    if (!first) throw new Error('no task')
    moveTask(seller.doc, first.id, evaluation.id, 0)
    moveTask(champion.doc, first.id, discovery.id, 3)
    const insertAtStart = (doc: Y.Doc, words: string) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(words)])
      roots.businessCase(doc).insert(0, [paragraph])
    }
    insertAtStart(seller.doc, 'Seller intro.')
    insertAtStart(champion.doc, 'Champion intro.')

    // Then each edits the other's new task at the same time.
    await eventually(() => expect(listTasks(champion.doc).map((t) => t.id)).toContain(fromSeller))
    await eventually(() => expect(listTasks(seller.doc).map((t) => t.id)).toContain(fromChampion))
    const championId = (await storage.findPersonByEmail(cast.champion))?.id
    setTaskDone(champion.doc, fromSeller, true, championId)
    updateTask(seller.doc, fromChampion, { dueDate: '2026-12-01' })

    await eventually(() => {
      expect(Y.encodeStateVector(seller.doc)).toEqual(Y.encodeStateVector(champion.doc))
      expect(listTasks(seller.doc)).toEqual(listTasks(champion.doc))
      expect(text(seller.doc)).toBe(text(champion.doc))
    })
    const tasks = listTasks(seller.doc)
    expect(tasks.filter((task) => task.id === first.id)).toHaveLength(1)
    expect(tasks.find((task) => task.id === fromSeller)?.status).toBe('done')
    expect(tasks.find((task) => task.id === fromChampion)?.dueDate).toBe('2026-12-01')
    expect(text(seller.doc)).toContain('Seller intro.')
    expect(text(seller.doc)).toContain('Champion intro.')

    const latecomer = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.stakeholder),
    )
    await latecomer.synced
    await eventually(() => {
      expect(listTasks(latecomer.doc)).toEqual(listTasks(seller.doc))
      expect(text(latecomer.doc)).toBe(text(seller.doc))
    })
  })

  it('the seller team shares the internal document', async () => {
    const { storage, wsUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const owner = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.seller),
      'internal',
    )
    await owner.synced
    setSectionImportant(owner.doc, 'cost', true)
    const again = connect(
      wsUrl,
      cast.roomId,
      await tokenFor(storage, cast.roomId, cast.seller),
      'internal',
    )
    await again.synced
    await eventually(() => expect(importantSectionIds(again.doc)).toEqual(['cost']))
  })
})
