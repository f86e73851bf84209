import { WebSocketStatus } from '@hocuspocus/provider'
import { describe, expect, it } from 'vitest'
import {
  CONSENSUS_STANCES,
  type ConsensusStance,
  consensusKeys,
  listConsensus,
  markConsensus,
} from '../../../shared/src/room/index.ts'
import { inviteBuyer } from '../access/invites.ts'
import {
  type Client,
  connect,
  eventually,
  seedCast,
  startTestServer,
  tokenFor,
} from '../testing/harness.ts'

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const offline = (client: Client) =>
  !client.socket.shouldConnect && client.socket.status === WebSocketStatus.Disconnected

const ITEMS = [
  consensusKeys.businessCase,
  consensusKeys.section('cost'),
  consensusKeys.section('impact'),
  consensusKeys.milestone('m3'),
]

describe('consensus marks converge', () => {
  it('five people mark the same items at once, dropping off and coming back; everyone ends with the same marks and each person’s latest', async () => {
    const { storage, wsUrl } = await startTestServer()
    const cast = await seedCast(storage)
    const extra = []
    for (const name of ['cfo', 'it-lead']) {
      const email = `${name}@acme.test`
      await inviteBuyer(storage, 'http://quorum.test', {
        roomId: cast.roomId,
        email,
        name,
        role: 'stakeholder',
        ttlMs: null,
      })
      extra.push(email)
    }
    const emails = [cast.seller, cast.champion, cast.stakeholder, ...extra]
    const people: Array<{ client: Client; personId: string }> = []
    for (const email of emails) {
      const person = await storage.findPersonByEmail(email)
      if (!person) throw new Error(`no person ${email}`)
      const client = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, email))
      people.push({ client, personId: person.id })
    }
    await Promise.all(people.map(({ client }) => client.synced))

    const next = random(20261124)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
    /** What each person marked last on each item, as they did it. */
    const latest = new Map<string, { stance: ConsensusStance; note: string }>()

    for (let round = 0; round < 12; round++) {
      for (const { client, personId } of people) {
        // Now and then someone's connection drops; they keep marking offline and come back later.
        // (A socket still closing ignores connect(): wait for it to be down before coming back.)
        if (client.socket.shouldConnect && next() < 0.2) client.socket.disconnect()
        else if (offline(client) && next() < 0.5) void client.socket.connect()
        const item = pick(ITEMS)
        const stance = pick(CONSENSUS_STANCES)
        const note = stance === 'agree' ? '' : `round ${round}: ${stance} from ${personId}`
        markConsensus(client.doc, item, personId, stance, note)
        latest.set(`${item}|${personId}`, { stance, note })
      }
      // Let the round's marks cross on the wire before the next one starts.
      await new Promise((resolve) => setImmediate(resolve))
    }
    for (const { client } of people) {
      if (client.socket.shouldConnect) continue
      await eventually(() => expect(offline(client)).toBe(true))
      void client.socket.connect()
    }

    const expected = [...latest.entries()]
      .map(([key, mark]) => `${key}=${mark.stance}:${mark.note}`)
      .sort()
    const marksOf = (client: Client) =>
      listConsensus(client.doc)
        .map((mark) => `${mark.itemKey}|${mark.personId}=${mark.stance}:${mark.note}`)
        .sort()
    await eventually(() => {
      for (const { client } of people) expect(marksOf(client)).toEqual(expected)
    }, 15_000)
    // Every person's mark on every item they touched survived, next to everyone else's.
    expect(expected.length).toBe(latest.size)
    expect(new Set(expected.map((line) => line.split('|')[1]?.split('=')[0])).size).toBe(5)

    // And the server kept them: a newcomer loads the same marks.
    const newcomer = connect(wsUrl, cast.roomId, await tokenFor(storage, cast.roomId, cast.viewer))
    await newcomer.synced
    await eventually(() => expect(marksOf(newcomer)).toEqual(expected))
  })
})
