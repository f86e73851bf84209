import { onTestFinished, vi } from 'vitest'
import * as Y from 'yjs'
import { type Concern, isStorageMethod, STORAGE_METHODS } from '../methods.ts'
import type { Storage } from '../storage.ts'

/** Opens a fresh, empty store of the driver under test. */
export type OpenStorage = () => Promise<Storage>

/**
 * Runs the contract's cases, each on a fresh store, and records which methods each concern's
 * cases call, so the suite can fail when a method of the interface has no case of its concern.
 */
export class ContractRun {
  private readonly called = new Map<Concern, Set<string>>()

  constructor(
    readonly driver: 'sqlite' | 'postgres',
    private readonly open: OpenStorage,
  ) {}

  /** Runs `test` on a fresh store (closed afterwards), counting its calls for `concern`. */
  async with(concern: Concern, test: (storage: Storage) => Promise<void>): Promise<void> {
    const storage = await this.open()
    const called = this.called.get(concern) ?? new Set<string>()
    this.called.set(concern, called)
    let closed = false
    const recording = new Proxy(storage, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property)
        if (!isStorageMethod(property)) return value
        // An optional method the driver does not have (appendUpdateSync on PostgreSQL) is
        // covered by a case that checks it is absent.
        if (value === undefined) called.add(property)
        if (typeof value !== 'function') return value
        return (...args: unknown[]): unknown => {
          called.add(property)
          if (property === 'close') closed = true
          return value.apply(target, args)
        }
      },
    })
    try {
      await test(recording)
    } finally {
      if (!closed) await storage.close()
    }
  }

  /** Methods no case of their concern has called, as "concern: method". */
  uncovered(): string[] {
    return Object.entries(STORAGE_METHODS)
      .filter(([method, concern]) => !this.called.get(concern)?.has(method))
      .map(([method, concern]) => `${concern}: ${method}`)
  }
}

/** Makes `Date.now()` answer `at` (and later what `set` says) until the test ends. */
export function fakeClock(at: number): { set(at: number): void } {
  // Only Date: the drivers' sockets and timers keep running on real time.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at)
  onTestFinished(() => {
    vi.useRealTimers()
  })
  return { set: (next) => vi.setSystemTime(next) }
}

/** A real first snapshot: meta.a = 'a'. */
export const SEED = (() => {
  const doc = new Y.Doc()
  doc.getMap('meta').set('a', 'a')
  return Y.encodeStateAsUpdate(doc)
})()

/** A seller who owns room1 (with its two documents seeded). */
export async function roomFixture(storage: Storage) {
  const owner = await storage.createPerson({
    email: 'Owner@Vendor.example ',
    name: ' Owner ',
    kind: 'seller',
  })
  const room = await storage.createRoom({
    id: 'room1',
    title: 'Acme',
    ownerId: owner.id,
    template: 'standard',
    documents: [
      { name: 'room.room1', snapshot: SEED },
      { name: 'room.room1.internal', snapshot: Y.encodeStateAsUpdate(new Y.Doc()) },
    ],
  })
  return { owner, room }
}

export function buyer(storage: Storage, name: string) {
  return storage.createPerson({ email: `${name}@buyer.example`, name, kind: 'buyer' })
}

/** A second room of the same owner, for what must stay apart per room. */
export function secondRoom(storage: Storage, ownerId: string) {
  return storage.createRoom({
    id: 'room2',
    title: 'Globex',
    ownerId,
    template: 'standard',
    documents: [],
  })
}
