import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { consensusMeter, itemConsensus, milestoneDone, milestoneSignoff } from './agreement.ts'
import { consensusKeys, markConsensus } from './conversation.ts'
import { addStakeholder } from './people.ts'
import { getMilestone, updateMilestone } from './plan.ts'
import { seedRoom } from './template.ts'

function milestoneOf(doc: Y.Doc, id: string) {
  const milestone = getMilestone(doc, id)
  if (!milestone) throw new Error(`no milestone ${id}`)
  return milestone
}

function deal() {
  const doc = new Y.Doc()
  seedRoom(doc, { title: 'Acme renewal' })
  const cfo = addStakeholder(doc, {
    name: 'Dana CFO',
    buyingRole: 'economic-buyer',
    side: 'buyer',
    memberId: 'p-cfo',
  })
  const champion = addStakeholder(doc, {
    name: 'Chris Champion',
    buyingRole: 'champion',
    side: 'buyer',
    memberId: 'p-champion',
  })
  addStakeholder(doc, { name: 'Alex Legal', buyingRole: 'legal', side: 'buyer' })
  addStakeholder(doc, { name: 'Sam Seller', side: 'seller', memberId: 'p-seller' })
  return { doc, cfo, champion }
}

describe('consensus against the stakeholder map', () => {
  it('lists the buying group with the economic buyer and champion first, and who has not weighed in', () => {
    const { doc } = deal()
    markConsensus(doc, consensusKeys.businessCase, 'p-champion', 'agree')
    markConsensus(doc, consensusKeys.businessCase, 'p-seller', 'agree')
    const view = itemConsensus(doc, consensusKeys.businessCase)
    expect(view.buyingGroup.map((row) => [row.stakeholder.name, row.mark?.stance ?? null])).toEqual(
      [
        ['Dana CFO', null],
        ['Chris Champion', 'agree'],
        ['Alex Legal', null],
      ],
    )
    expect(view.counts).toEqual({ agree: 1, concern: 0, block: 0, silent: 2 })
    expect(view.others.map((mark) => mark.personId)).toEqual(['p-seller'])
  })

  it('the meter shows marked items and the open objections with their notes', () => {
    const { doc } = deal()
    markConsensus(doc, consensusKeys.section('cost'), 'p-cfo', 'concern', 'Services look high')
    markConsensus(doc, consensusKeys.businessCase, 'p-champion', 'agree')
    const meter = consensusMeter(doc)
    expect(meter.groupSize).toBe(3)
    expect(meter.businessCase.counts.agree).toBe(1)
    expect(meter.items.map((item) => item.label)).toEqual(['Business case', 'Business case: Cost'])
    expect(meter.objections).toHaveLength(1)
    expect(meter.objections[0]?.mark.note).toBe('Services look high')
  })
})

describe('milestone sign-off', () => {
  it('is done only once every named signer agrees, whatever its status says', () => {
    const { doc, cfo, champion } = deal()
    updateMilestone(doc, 'm2', { signoffBy: [cfo, champion], status: 'done' })
    const milestone = () => milestoneOf(doc, 'm2')
    expect(milestoneDone(doc, milestone())).toBe(false)

    markConsensus(doc, consensusKeys.milestone('m2'), 'p-champion', 'agree')
    markConsensus(doc, consensusKeys.milestone('m2'), 'p-cfo', 'concern', 'Legal first')
    expect(milestoneSignoff(doc, milestone()).signers.map((s) => s.mark?.stance)).toEqual([
      'concern',
      'agree',
    ])
    expect(milestoneDone(doc, milestone())).toBe(false)

    markConsensus(doc, consensusKeys.milestone('m2'), 'p-cfo', 'agree')
    expect(milestoneDone(doc, milestone())).toBe(true)
  })

  it('without signers follows the status', () => {
    const { doc } = deal()
    updateMilestone(doc, 'm1', { status: 'done' })
    expect(milestoneDone(doc, milestoneOf(doc, 'm1'))).toBe(true)
  })
})
