import * as Y from 'yjs'
import type { DocumentKind } from '../../../../shared/src/protocol.ts'
import { stakeholderOfMember } from '../../../../shared/src/room/index.ts'
import { type ChildServer, spawnServer } from '../child.ts'
import { explainRefusal } from './explain-refusal.ts'
import { Peer, type Person } from './peer.ts'
import { copyOf, covers, difference } from './room-state.ts'

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['shared', 'internal']

/** What each document held at some moment: inserted content and deletions. */
export type Holdings = Record<DocumentKind, Y.Snapshot>
export const NOTHING: Holdings = { shared: Y.emptySnapshot, internal: Y.emptySnapshot }

/** Both documents of the room, as someone reads them. */
export type RoomCopy = Record<DocumentKind, Y.Doc>

/**
 * The server child process over one data folder, and the tabs connected to it. It waits for the
 * tabs to settle, reads the room as a newcomer, and stops and starts the server; any refusal by
 * the server fails the wait at once.
 */
export class Cluster {
  readonly peers: Peer[]
  /** What the online tabs held when they last settled: the server has acknowledged all of it. */
  known: Holdings = NOTHING
  private readonly problems: string[] = []

  constructor(
    private server: ChildServer,
    private readonly dataDir: string,
    private readonly roomId: string,
    private readonly people: readonly Person[],
    /** A Yjs client id no replica of the run has used. */
    private readonly clientId: () => number,
  ) {
    this.peers = people.map((person) => this.tab(person))
  }

  get output(): string {
    return this.server.output()
  }

  /**
   * Waits until every online tab is acknowledged and all online tabs hold the same state
   * (deletions too), which includes everything acknowledged before. Returns the online tabs:
   * everything they wrote is now acknowledged.
   */
  async settle(also: () => string | null = () => null): Promise<Peer[]> {
    const online = () => this.peers.filter((peer) => peer.online)
    await this.until(() => {
      for (const peer of online()) {
        if (peer.acknowledged()) continue
        // As the web app does when the browser is back online: an idle socket connects.
        peer.reconnect()
        return `${peer.person.alias} has unacknowledged changes`
      }
      for (const kind of DOCUMENT_KINDS) {
        const docs = online().flatMap((peer) => peer.replica(kind)?.doc ?? [])
        const [first] = docs
        if (!first) continue
        // A deletion changes no state vector: compare snapshots.
        const held = Y.snapshot(first)
        if (docs.some((doc) => !Y.equalSnapshots(Y.snapshot(doc), held)))
          return `online tabs hold different ${kind} documents`
        if (!covers(first, this.known[kind]))
          return `online tabs lack acknowledged edits of the ${kind} document`
      }
      return also()
    })
    for (const kind of DOCUMENT_KINDS) {
      const first = online().flatMap((peer) => peer.replica(kind)?.doc ?? [])[0]
      if (first) this.known = { ...this.known, [kind]: Y.snapshot(first) }
    }
    for (const peer of online()) peer.written = { shared: [], internal: [] }
    return online()
  }

  /** Null once every tab lists every member on its stakeholder map (the server adds them). */
  membersListed(): string | null {
    for (const peer of this.peers) {
      const missing = this.people.filter(
        (person) => !stakeholderOfMember(peer.shared.doc, person.personId),
      )
      if (missing.length > 0)
        return `${peer.person.alias} does not list ${missing.map((p) => p.alias).join(', ')} yet`
    }
    return null
  }

  /** Polls a condition (null when it holds); a refusal by the server fails at once. */
  async until(waiting: () => string | null, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (this.problems.length > 0) throw new Error(this.problems.join('\n'))
      const reason = waiting()
      if (reason === null) return
      if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms: ${reason}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  /** Reads the room from the server as someone opening it now (the owner, in a fresh tab). */
  async newcomer(): Promise<RoomCopy> {
    const owner = this.people[0]
    if (!owner) throw new Error('no owner')
    const tab = this.tab({ ...owner, alias: 'newcomer' })
    try {
      await this.until(() => (tab.acknowledged() ? null : 'the newcomer has not synced'))
      if (!tab.internal) throw new Error('the newcomer has no internal document')
      return { shared: copyOf(tab.shared.doc), internal: copyOf(tab.internal.doc) }
    } finally {
      tab.close()
    }
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    this.server.process.kill(signal)
    const exit = await this.server.exited
    if (signal === 'SIGTERM' && exit !== 0)
      throw new Error(`the server did not stop cleanly (${exit}):\n${this.server.output()}`)
  }

  /**
   * Starts the server again on the same data. A newcomer reads the room before any tab is told
   * the new address, so what it reads comes from storage alone (the tabs would send again what
   * they hold), and `check` holds it against what was acknowledged; then the tabs reconnect.
   */
  async startAgain(check: (after: RoomCopy) => void): Promise<void> {
    this.server = await spawnServer(this.dataDir)
    check(await this.newcomer())
    for (const peer of this.peers) peer.pointAt(this.server.wsUrl)
  }

  /** Tabs the server refused something of, each with the changes that are refused now. */
  async explainRefusals(): Promise<string> {
    const refused = this.peers.filter((peer) =>
      this.problems.some((problem) => problem.startsWith(`${peer.person.alias} `)),
    )
    if (refused.length === 0) return ''
    this.problems.length = 0
    try {
      const server = await this.newcomer()
      return refused
        .map(
          (peer) =>
            `\n${peer.person.alias}'s refused changes, read against the server's copy:\n  ` +
            (explainRefusal(peer, server).join('\n  ') || '(none refused now)'),
        )
        .join('')
    } catch (failure) {
      return `\n(could not read the server's copy: ${String(failure)})`
    }
  }

  close(): void {
    for (const peer of this.peers) peer.close()
  }

  private tab(person: Person): Peer {
    return new Peer(person, {
      roomId: this.roomId,
      url: this.server.wsUrl,
      clientId: this.clientId,
      problem: (message) => {
        this.problems.push(message)
      },
    })
  }
}

/** Throws unless two copies of the room are the same, naming what differs. */
export function expectSame(expected: RoomCopy, actual: RoomCopy, what: string): void {
  for (const kind of DOCUMENT_KINDS) {
    const differs = difference(expected[kind], actual[kind], kind === 'internal')
    if (differs) throw new Error(`${what}: the ${kind} document differs: ${differs}`)
  }
}

export function holdingsOf(peer: Peer): Holdings {
  return {
    shared: Y.snapshot(peer.shared.doc),
    internal: peer.internal ? Y.snapshot(peer.internal.doc) : Y.emptySnapshot,
  }
}
