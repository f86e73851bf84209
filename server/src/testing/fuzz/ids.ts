/**
 * Stands in for shared/src/ids.ts in the convergence fuzz (through `vi.mock`): ids made by the
 * room's accessors, and by the test's own seeding, come from a counter, so one seed makes the same
 * ids, picks the same items and replays the same run.
 */
let prefix = 'z'
let counter = 0

/** Starts the ids of one run; different seeds never share an id. */
export function resetIds(seed: number): void {
  prefix = `z${seed.toString(36)}`
  counter = 0
}

export function newId(_length = 16): string {
  counter += 1
  return `${prefix}x${counter.toString(36)}`
}
