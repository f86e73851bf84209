import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Role } from '../../../shared/src/access.ts'
import { documentName } from '../../../shared/src/protocol.ts'
import {
  addStakeholder,
  addTask,
  addThread,
  CONSENSUS_STANCES,
  clearConsensus,
  consensusKeys,
  editMessage,
  listConsensus,
  listMilestones,
  listStakeholders,
  listTasks,
  listTextMentions,
  listThreads,
  markConsensus,
  removeMilestone,
  removeStakeholder,
  reply,
  roots,
  setTaskDone,
  setThreadResolved,
  updateMeta,
  updateMilestone,
  updateTask,
} from '../../../shared/src/room/index.ts'
import { connect, seedCast, startTestServer, tokenFor } from '../testing/harness.ts'
import { RawClient } from '../testing/raw.ts'

/**
 * A seeded fuzz of the write guard: people in every role make random writes through real sockets,
 * some allowed and some not. Whether a write is allowed is decided here, from what the product
 * promises (not by asking the rules the server runs), and held against what the server did: no
 * illegal write may be applied and no legal one refused. A seed that ever fails goes in SEEDS
 * (the default list); GUARD_FUZZ_SEEDS=1,2,3 and GUARD_FUZZ_STEPS=600 run longer.
 */
const SEEDS = (process.env.GUARD_FUZZ_SEEDS ?? '11,29')
  .split(',')
  .map((seed) => Number(seed.trim()))
  .filter(Number.isFinite)
const STEPS = Number(process.env.GUARD_FUZZ_STEPS ?? 160)

/** mulberry32: small, fast and deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Person = 'owner' | 'champion' | 'stakeholder' | 'viewer'
const PEOPLE: readonly Person[] = ['owner', 'champion', 'stakeholder', 'viewer']
const ROLE: Record<Person, Role> = {
  owner: 'owner',
  champion: 'champion',
  stakeholder: 'stakeholder',
  viewer: 'viewer',
}

/** What the product promises each role (README, PRODUCT.md), written out independently. */
const editors = new Set<Role>(['owner', 'seller', 'champion', 'stakeholder'])
const sellerTeam = new Set<Role>(['owner', 'seller'])
const peopleKeepers = new Set<Role>(['owner', 'seller', 'champion'])

interface World {
  doc: Y.Doc
  me: string
  role: Role
  others: string[]
  pick: <T>(items: readonly T[]) => T | undefined
  word: () => string
  /** `mentioned|author` pairs that have stood in the business case. */
  mentioned: Set<string>
}

/** An operation: the write it makes on a replica, and whether the product allows it. */
interface Operation {
  name: string
  /** Null when the operation does not apply to the room as it is (nothing to do). */
  make(world: World): { legal: boolean; write: (doc: Y.Doc) => void } | null
}

const OPERATIONS: readonly Operation[] = [
  {
    name: 'add a task',
    make: (w) => {
      const milestone = w.pick(listMilestones(w.doc))
      if (!milestone) return null
      return {
        legal: editors.has(w.role),
        write: (doc) => void addTask(doc, { milestoneId: milestone.id, title: w.word() }),
      }
    },
  },
  {
    name: 'rename a task',
    make: (w) => {
      const task = w.pick(listTasks(w.doc))
      if (!task) return null
      return {
        legal: editors.has(w.role),
        write: (doc) => updateTask(doc, task.id, { title: w.word() }),
      }
    },
  },
  {
    name: 'complete a task as oneself, or in another’s name',
    make: (w) => {
      const task = w.pick(listTasks(w.doc).filter((t) => t.status !== 'done'))
      if (!task) return null
      const asOther = w.pick([false, true])
      const by = asOther ? (w.pick(w.others) ?? w.me) : w.me
      return {
        legal: editors.has(w.role) && by === w.me,
        write: (doc) => setTaskDone(doc, task.id, true, by),
      }
    },
  },
  {
    name: 'mark consensus for oneself, or for another',
    make: (w) => {
      const milestone = w.pick(listMilestones(w.doc))
      const item = w.pick([consensusKeys.businessCase, consensusKeys.section('cost')])
      const key = w.pick([item, milestone ? consensusKeys.milestone(milestone.id) : item])
      const person = w.pick([w.me, w.me, ...w.others]) ?? w.me
      const stance = w.pick(CONSENSUS_STANCES) ?? 'agree'
      if (!key) return null
      return {
        legal: editors.has(w.role) && person === w.me,
        write: (doc) => markConsensus(doc, key, person, stance, 'because'),
      }
    },
  },
  {
    name: 'clear a mark',
    make: (w) => {
      const mark = w.pick(listConsensus(w.doc))
      if (!mark) return null
      return {
        legal: editors.has(w.role) && mark.personId === w.me,
        write: (doc) => clearConsensus(doc, mark.itemKey, mark.personId),
      }
    },
  },
  {
    name: 'start a thread as oneself, or as another',
    make: (w) => {
      const author = w.pick([w.me, w.me, ...w.others]) ?? w.me
      return {
        legal: editors.has(w.role) && author === w.me,
        write: (doc) =>
          void addThread(
            doc,
            { kind: 'section', id: 'cost' },
            { authorId: author, body: w.word() },
          ),
      }
    },
  },
  {
    name: 'reply as oneself, or as another',
    make: (w) => {
      const thread = w.pick(listThreads(w.doc))
      if (!thread) return null
      const author = w.pick([w.me, w.me, ...w.others]) ?? w.me
      return {
        legal: editors.has(w.role) && author === w.me,
        write: (doc) => reply(doc, thread.id, { authorId: author, body: w.word() }),
      }
    },
  },
  {
    name: 'edit a message',
    make: (w) => {
      const thread = w.pick(listThreads(w.doc))
      const message = thread ? w.pick(thread.messages) : undefined
      if (!thread || !message) return null
      return {
        legal: editors.has(w.role) && message.authorId === w.me,
        write: (doc) => editMessage(doc, thread.id, message.id, w.word()),
      }
    },
  },
  {
    name: 'resolve or reopen a thread',
    make: (w) => {
      const thread = w.pick(listThreads(w.doc))
      if (!thread) return null
      return {
        legal: editors.has(w.role),
        write: (doc) => setThreadResolved(doc, thread.id, !thread.resolved),
      }
    },
  },
  {
    name: 'type in the business case',
    make: (w) => ({
      legal: editors.has(w.role),
      write: (doc) => {
        const paragraph = roots.businessCase(doc).get(1) as Y.XmlElement
        ;(paragraph.get(0) as Y.XmlText).insert(0, `${w.word()} `)
      },
    }),
  },
  {
    name: 'mention someone, as oneself or in another’s name',
    make: (w) => {
      const target = w.pick(w.others) ?? w.me
      const by = w.pick([w.me, ...w.others]) ?? w.me
      // Moving a mention keeps its writer: a pair that has stood in the text is not news.
      const standing = w.mentioned.has(`${target}|${by}`)
      return {
        legal: editors.has(w.role) && (by === w.me || standing),
        write: (doc) => {
          const mention = new Y.XmlElement('mention')
          mention.setAttribute('id', target)
          mention.setAttribute('label', 'Someone')
          mention.setAttribute('by', by)
          const paragraph = roots.businessCase(doc).get(1) as Y.XmlElement
          paragraph.insert(paragraph.length, [mention])
        },
      }
    },
  },
  {
    name: 'rename the deal',
    make: (w) => ({
      legal: sellerTeam.has(w.role),
      write: (doc) => updateMeta(doc, { title: w.word() }),
    }),
  },
  {
    name: 'choose who signs a milestone off',
    make: (w) => {
      const milestone = w.pick(listMilestones(w.doc))
      const signer = w.pick(listStakeholders(w.doc))
      if (!milestone || !signer) return null
      return {
        legal: peopleKeepers.has(w.role),
        write: (doc) => updateMilestone(doc, milestone.id, { signoffBy: [signer.id] }),
      }
    },
  },
  {
    name: 'remove a milestone (its tasks and sign-off with it)',
    make: (w) => {
      const milestones = listMilestones(w.doc)
      const milestone = milestones.length > 2 ? w.pick(milestones) : undefined
      if (!milestone) return null
      return { legal: editors.has(w.role), write: (doc) => removeMilestone(doc, milestone.id) }
    },
  },
  {
    name: 'add a stakeholder, or link one to a member',
    make: (w) => {
      const link = w.pick([null, null, w.me, ...w.others]) ?? null
      return {
        legal: peopleKeepers.has(w.role) && link === null,
        write: (doc) => void addStakeholder(doc, { name: w.word(), memberId: link }),
      }
    },
  },
  {
    name: 'remove a stakeholder',
    make: (w) => {
      const person = w.pick(listStakeholders(w.doc))
      if (!person) return null
      return {
        legal: peopleKeepers.has(w.role) && person.memberId === null,
        write: (doc) => removeStakeholder(doc, person.id),
      }
    },
  },
  {
    name: 'write something that is not part of a room',
    make: (w) => ({ legal: false, write: (doc) => doc.getMap('notes').set(w.word(), true) }),
  },
]

describe('the write guard under a seeded fuzz', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: no illegal write applied, no legal write refused`, async () => {
      const test = await startTestServer()
      const cast = await seedCast(test.storage)
      const name = documentName(cast.roomId)
      const emails: Record<Person, string> = {
        owner: cast.seller,
        champion: cast.champion,
        stakeholder: cast.stakeholder,
        viewer: cast.viewer,
      }
      const ids = {} as Record<Person, string>
      for (const person of PEOPLE)
        ids[person] = (await test.storage.findPersonByEmail(emails[person]))?.id ?? ''
      const sockets = new Map<Person, RawClient>()
      const socket = async (person: Person) => {
        const open = sockets.get(person)
        if (open) return open
        const raw = await RawClient.open(test.wsUrl)
        expect(
          (await raw.authenticate(name, await tokenFor(test.storage, cast.roomId, emails[person])))
            .ok,
        ).toBe(true)
        sockets.set(person, raw)
        return raw
      }
      // A reader that never writes keeps the room loaded however many writers are refused.
      const reader = connect(
        test.wsUrl,
        cast.roomId,
        await tokenFor(test.storage, cast.roomId, cast.seller),
      )
      await reader.synced
      const serverDoc = () => {
        const doc = test.server.collaboration.hocuspocus.documents.get(name)
        if (!doc) throw new Error('room not loaded')
        return doc
      }

      const next = random(seed)
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]
      let words = 0
      const word = () => `w${seed}-${++words}`
      const wrong: string[] = []
      const counts = { legal: 0, illegal: 0 }
      const mentioned = new Set<string>()
      for (let step = 0; step < STEPS; step++) {
        const person = pick(PEOPLE) ?? 'owner'
        const operation = pick(OPERATIONS)
        if (!operation) continue
        const replica = new Y.Doc()
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(serverDoc()))
        const world: World = {
          doc: replica,
          me: ids[person],
          role: ROLE[person],
          others: PEOPLE.filter((other) => other !== person).map((other) => ids[other]),
          pick,
          word,
          mentioned,
        }
        const made = operation.make(world)
        if (!made) continue
        const before = Y.encodeStateVector(replica)
        made.write(replica)
        const update = Y.encodeStateAsUpdate(replica, before)
        if (Y.encodeStateVector(replica).toString() === before.toString()) continue
        const verdict = await (await socket(person)).tryUpdate(name, update)
        counts[made.legal ? 'legal' : 'illegal']++
        if (verdict.applied !== made.legal) {
          wrong.push(
            `step ${step}: ${person} “${operation.name}” was ${made.legal ? 'legal' : 'illegal'} but ${verdict.applied ? 'applied' : `refused (${verdict.refusal?.message})`}`,
          )
        }
        // A refused writer's document was closed: they come back as a page would.
        if (!verdict.applied) sockets.delete(person)
        for (const mention of listTextMentions(serverDoc()))
          mentioned.add(`${mention.personId}|${mention.by}`)
      }
      console.log(`seed ${seed}: ${counts.legal} legal and ${counts.illegal} illegal writes`)
      expect(wrong).toEqual([])
      expect(counts.legal).toBeGreaterThan(STEPS / 4)
      expect(counts.illegal).toBeGreaterThan(STEPS / 4)
    })
  }
})
