/**
 * A seeded random source (mulberry32): the same seed makes the same choices, so a failing fuzz
 * run replays exactly from its seed.
 */
export class Random {
  private state: number

  constructor(readonly seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** One element, or null for an empty list. */
  maybePick<T>(items: readonly T[]): T | null {
    return items.length === 0 ? null : this.pick(items)
  }

  /** One key of a table of weights, in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
    let roll = this.next() * total
    for (const [key, weight] of entries) {
      roll -= weight
      if (roll < 0) return key
    }
    const last = entries.at(-1)
    if (!last) throw new Error('weighted pick from an empty table')
    return last[0]
  }

  /** One element of a non-empty list, in proportion to `weight` of each. */
  pickWeighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0)
    let roll = this.next() * total
    for (const item of items) {
      roll -= weight(item)
      if (roll < 0) return item
    }
    return this.pick(items)
  }

  /** Up to `count` distinct elements, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items]
    const chosen: T[] = []
    while (chosen.length < count && copy.length > 0) {
      chosen.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T)
    }
    return chosen
  }
}
