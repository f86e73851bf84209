import { spawnServer } from '../child.ts'
import { tempDir } from '../harness.ts'
import { uniqueWord } from './business-case.ts'
import { seedFuzzRoom } from './cast.ts'
import {
  Cluster,
  DOCUMENT_KINDS,
  expectSame,
  type Holdings,
  holdingsOf,
  NOTHING,
} from './cluster.ts'
import { EDIT_KINDS } from './edits.ts'
import { resetIds } from './ids.ts'
import { Ledger } from './ledger.ts'
import type { Peer, Person } from './peer.ts'
import { Random } from './random.ts'
import { copyOf, covers, difference, finalRoom, recordBaseline } from './room-state.ts'

export interface FuzzOptions {
  seed: number
  /** Edits to make over the run. */
  steps: number
  /** Server restarts during the run (the first one a SIGKILL); a final SIGKILL comes on top. */
  restarts: number
  /** Print every step as it happens (FUZZ_TRACE=1). */
  trace?: boolean
}

export interface FuzzReport {
  seed: number
  edits: number
  acknowledged: number
  /** Identities of acknowledged edits looked for in the final room. */
  checked: number
  rounds: number
  restarts: string[]
  offlineSpells: number
  reopenedTabs: number
  ms: number
  /** A hash of every step taken: the same seed gives the same digest. */
  digest: string
}

const RESTART_KINDS = ['SIGKILL after acknowledgements', 'SIGKILL in flight', 'SIGTERM'] as const
type RestartKind = (typeof RESTART_KINDS)[number]

/**
 * One seeded convergence run: people edit every part of a room through the shared accessors,
 * drop offline and come back, close tabs, while the server is killed and restarted. Afterwards
 * every tab and a newcomer must hold the same room, with no acknowledged edit missing.
 * Between rounds every online tab settles (the server acknowledged all it sent, and all online
 * tabs hold the same state), so what each tab sees when it edits, and therefore the whole run,
 * follows from the seed.
 */
export async function runConvergenceFuzz(options: FuzzOptions): Promise<FuzzReport> {
  resetIds(options.seed)
  const dataDir = tempDir('quorum-fuzz-')
  const { roomId, people } = await seedFuzzRoom(dataDir)
  const random = new Random(options.seed)
  const clientIds = new Set<number>()
  const clientId = () => {
    for (;;) {
      const id = random.int(1, 0x7fffffff)
      if (!clientIds.has(id)) {
        clientIds.add(id)
        return id
      }
    }
  }
  const cluster = new Cluster(await spawnServer(dataDir), dataDir, roomId, people, clientId)
  const run = new FuzzRun(options, random, cluster, people)
  try {
    return await run.play()
  } catch (error) {
    throw await run.explain(error)
  } finally {
    cluster.close()
  }
}

class FuzzRun {
  private readonly ledger = new Ledger()
  private readonly peers: Peer[]
  private readonly trace: string[] = []
  private readonly started = Date.now()
  private sittingOut = new Set<Peer>()
  private words = 0
  private edits = 0
  private rounds = 0
  private offlineSpells = 0
  private reopenedTabs = 0
  private readonly restarts: string[] = []

  constructor(
    private readonly options: FuzzOptions,
    private readonly random: Random,
    private readonly cluster: Cluster,
    private readonly people: readonly Person[],
  ) {
    this.peers = cluster.peers
  }

  async play(): Promise<FuzzReport> {
    const { steps } = this.options
    await this.settle(() => this.cluster.membersListed())
    const owner = this.peers[0]
    if (!owner) throw new Error('no owner')
    recordBaseline(this.ledger, owner.shared.doc)
    const plan = this.restartPlan()
    while (this.edits < steps) {
      this.rounds += 1
      this.note(`round ${this.rounds}`)
      this.sittingOut = new Set()
      this.changeConnectivity()
      const next = plan[0]
      const due = next !== undefined && this.edits >= next.at
      if (due) plan.shift()
      if (due && next.kind !== 'SIGKILL in flight') await this.restartSettled(next.kind)
      const editors = this.makeEdits(this.random.int(1, 5))
      if (due && next.kind === 'SIGKILL in flight') await this.restartInFlight(editors)
      await this.settle()
    }
    return this.finish()
  }

  /** Everyone online, every tab the same; then a SIGKILL, and a newcomer reads the room. */
  private async finish(): Promise<FuzzReport> {
    for (const peer of this.peers) if (!peer.online) peer.goOnline()
    await this.settle()
    const [first, ...others] = this.peers
    if (!first?.internal) throw new Error('the owner has no internal document')
    for (const peer of others) {
      for (const replica of peer.replicas()) {
        const theirs = first.replica(replica.kind)?.doc
        const differs = theirs && difference(theirs, replica.doc, replica.kind === 'internal')
        if (differs)
          throw new Error(
            `${peer.person.alias} ended with another ${replica.kind} room: ${differs}`,
          )
      }
    }
    const reference = { shared: copyOf(first.shared.doc), internal: copyOf(first.internal.doc) }
    this.cluster.close()
    await this.stop('SIGKILL')
    let newcomer = reference
    await this.cluster.startAgain((after) => {
      expectSame(reference, after, 'a newcomer after the final SIGKILL')
      newcomer = after
    })
    this.restarts.push('final SIGKILL')
    const { problems, checked } = this.ledger.lost(finalRoom(newcomer.shared, newcomer.internal))
    if (problems.length > 0)
      throw new Error(`${problems.length} acknowledged edits lost:\n${problems.join('\n')}`)
    const summary = this.ledger.summary(checked)
    return {
      seed: this.options.seed,
      edits: summary.edits,
      acknowledged: summary.acknowledged,
      checked: summary.checked,
      rounds: this.rounds,
      restarts: this.restarts,
      offlineSpells: this.offlineSpells,
      reopenedTabs: this.reopenedTabs,
      ms: Date.now() - this.started,
      digest: digest(this.trace),
    }
  }

  /** When (after how many edits) and how the server restarts; at least one SIGKILL. */
  private restartPlan(): Array<{ at: number; kind: RestartKind }> {
    const { steps, restarts } = this.options
    const plan = Array.from({ length: restarts }, (_, index) => ({
      at: this.random.int(Math.floor(steps * 0.1), Math.floor(steps * 0.9)),
      kind:
        index === 0 ? this.random.pick(RESTART_KINDS.slice(0, 2)) : this.random.pick(RESTART_KINDS),
    }))
    return plan.sort((a, b) => a.at - b.at)
  }

  /** Tabs drop offline, come back, or are closed and opened again. */
  private changeConnectivity(): void {
    for (const peer of this.peers) {
      const roll = this.random.next()
      if (roll < 0.015) {
        this.reopen(peer, 'closed the tab and opened it again')
      } else if (peer.online && roll < 0.07) {
        peer.goOffline()
        this.offlineSpells += 1
        this.note(`${peer.person.alias} goes offline`)
      } else if (!peer.online && roll < 0.35) {
        peer.goOnline()
        // A tab back online edits once it has caught up, after this round.
        this.sittingOut.add(peer)
        this.note(`${peer.person.alias} comes back online`)
      }
    }
  }

  private reopen(peer: Peer, why: string): void {
    this.ledger.forget(peer.person.alias)
    peer.reopen()
    this.reopenedTabs += 1
    this.sittingOut.add(peer)
    this.note(`${peer.person.alias} ${why}`)
  }

  /** `count` edits by writers who are not catching up; returns who edited. */
  private makeEdits(count: number, only?: (peer: Peer) => boolean): Set<Peer> {
    const editors = new Set<Peer>()
    const writers = this.peers.filter(
      (peer) => peer.writes && !this.sittingOut.has(peer) && (!only || only(peer)),
    )
    if (writers.length === 0) return editors
    for (let i = 0; i < count; i++) {
      const peer = this.random.pick(writers)
      const kinds = EDIT_KINDS.filter((kind) => kind.allowed(peer))
      for (let attempt = 0; attempt < 6; attempt++) {
        const kind = this.random.pickWeighted(kinds, (candidate) => candidate.weight)
        const record = this.ledger.begin(peer.person.alias)
        const done = kind.run({
          random: this.random,
          peer,
          people: this.people,
          record,
          word: () => uniqueWord(++this.words),
        })
        if (done === null) continue
        record.commit(`${kind.name}: ${done}`)
        this.edits += 1
        editors.add(peer)
        this.note(`${peer.person.alias}${peer.online ? '' : ' (offline)'} ${kind.name}: ${done}`)
        break
      }
    }
    return editors
  }

  /**
   * Everything acknowledged, then the server stops (SIGKILL or SIGTERM) and some tabs close
   * while it is down: the restarted server must hold exactly what it had acknowledged.
   */
  private async restartSettled(kind: RestartKind): Promise<void> {
    await this.settle()
    const before = await this.cluster.newcomer()
    await this.stop(kind === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL')
    const online = this.peers.filter((peer) => peer.online)
    for (const peer of this.random.sample(online, this.random.int(1, 3)))
      this.reopen(peer, 'closed the tab while the server was down')
    await this.startAgain(kind, (after) => expectSame(before, after, `the room after a ${kind}`))
  }

  /**
   * The server is killed while the round's edits travel: one editor's edits were acknowledged
   * and its tab closes; the others keep theirs and send them again. Tabs that were offline keep
   * editing while the server is down.
   */
  private async restartInFlight(editors: Set<Peer>): Promise<void> {
    const witness = this.random.maybePick([...editors].filter((peer) => peer.online))
    let witnessed: Holdings = NOTHING
    if (witness) {
      await this.cluster.until(() =>
        witness.acknowledged() ? null : 'the witness is not acknowledged',
      )
      this.ledger.acknowledge(witness.person.alias)
      witness.written = { shared: [], internal: [] }
      witnessed = holdingsOf(witness)
    }
    await this.stop('SIGKILL')
    if (witness) this.reopen(witness, 'closed the tab right after its edits were acknowledged')
    // Online tabs may or may not have received each other's edits by now: only offline tabs
    // edit while the server is down, so that what they see follows from the seed.
    this.makeEdits(this.random.int(0, 3), (peer) => !peer.online)
    await this.startAgain('SIGKILL in flight', (after) => {
      for (const kind of DOCUMENT_KINDS) {
        const doc = after[kind]
        if (!covers(doc, this.cluster.known[kind]) || !covers(doc, witnessed[kind]))
          throw new Error(`after a SIGKILL the ${kind} document lacks acknowledged edits`)
      }
    })
  }

  private async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    await this.cluster.stop(signal)
    this.note(`server ${signal}`)
  }

  private async startAgain(kind: RestartKind, check: Parameters<Cluster['startAgain']>[0]) {
    await this.cluster.startAgain(check)
    this.restarts.push(kind)
    this.note(`server restarted after ${kind}`)
  }

  /** Every online tab settles; what they wrote counts as acknowledged from now on. */
  private async settle(also?: () => string | null): Promise<void> {
    for (const peer of await this.cluster.settle(also)) this.ledger.acknowledge(peer.person.alias)
  }

  private note(line: string): void {
    this.trace.push(line)
    if (this.options.trace) console.log(`[seed ${this.options.seed}] ${line}`)
  }

  /** The error, with the seed and the last steps, so a failure can be replayed and read. */
  async explain(error: unknown): Promise<Error> {
    const message = error instanceof Error ? error.message : String(error)
    const refusals = await this.cluster.explainRefusals()
    const recent = this.trace.slice(-25).join('\n  ')
    const serverLog = this.cluster.output.trim().split('\n').slice(-10).join('\n  ')
    const { seed, steps, restarts } = this.options
    return new Error(
      `convergence fuzz, seed ${seed}, after ${this.edits} edits (round ${this.rounds}): ` +
        `${message}${refusals}\nlast steps:\n  ${recent}\nserver output:\n  ${serverLog}\n` +
        `replay: FUZZ_SEEDS=${seed} FUZZ_STEPS=${steps} FUZZ_RESTARTS=${restarts} FUZZ_TRACE=1 ` +
        'npx vitest run server/src/collaboration/convergence.fuzz.test.ts',
    )
  }
}

/** FNV-1a over the steps: equal digests mean equal runs. */
function digest(lines: readonly string[]): string {
  let hash = 0x811c9dc5
  for (const char of lines.join('\n')) {
    hash ^= char.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}
