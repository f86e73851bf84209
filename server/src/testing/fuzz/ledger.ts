/**
 * What the fuzz run wrote, and which of it the server acknowledged, so that the final room can be
 * checked for lost edits. Every edit carries an identity (a unique word in a title, a name, a
 * message or the business case, or the id of what it created); an edit counts as acknowledged
 * once its tab reported that the server had applied all its changes. An acknowledged edit must be
 * in the final room unless a later (or concurrent) legal edit removed it: removals are recorded
 * too, as the tab that made them saw them.
 */

/** An entity of the room, e.g. `task:<id>`, `message:internal:<id>`, `mark:<item>|<person>`. */
export type EntityKey = string

/** The final room, as the checks read it. */
export interface FinalRoom {
  /** Field values of every entity that exists (a consensus mark that was cleared is absent). */
  entities: ReadonlyMap<EntityKey, Readonly<Record<string, unknown>>>
  /** All text of the business case, for the words typed into it. */
  businessCaseText: string
  /** Whether the Yjs text a word was typed into has been deleted as a whole since. */
  textDeleted: (container: TextContainer) => boolean
}

/** The Yjs id of the text node a word was typed into (the same on every replica). */
export interface TextContainer {
  client: number
  clock: number
}

interface Write {
  serial: number
  alias: string
  description: string
  acknowledged: boolean
}

interface FieldWrite {
  write: Write
  value: unknown
}

interface TypedWord {
  write: Write
  container: TextContainer
}

/** The recorder an edit is given: what it created, changed and removed. */
export interface EditRecord {
  created(entity: EntityKey): void
  removed(entity: EntityKey): void
  /** A field set to a value (`null` for a removal, e.g. a consensus mark cleared). */
  field(entity: EntityKey, field: string, value: unknown): void
  typed(word: string, container: TextContainer): void
  /** Words of the business case deleted by this edit, as its tab saw them. */
  erased(word: string): void
}

export interface LedgerSummary {
  edits: number
  acknowledged: number
  /** Identities (creations, field values, words) the final room was checked for. */
  checked: number
}

export class Ledger {
  private serial = 0
  private readonly writes: Write[] = []
  private readonly pending = new Map<string, Write[]>()
  private readonly creations = new Map<EntityKey, Write>()
  private readonly removals = new Set<EntityKey>()
  private readonly fields = new Map<string, FieldWrite[]>()
  private readonly baselines = new Map<string, unknown>()
  private readonly words = new Map<string, TypedWord>()
  private readonly erasedWords = new Set<string>()

  /** A value the room held before the run (the template, the server's own writes). */
  baseline(entity: EntityKey, field: string, value: unknown): void {
    this.baselines.set(fieldKey(entity, field), value)
  }

  /**
   * Opens the record of one edit by `alias`'s tab; `commit` files it once the edit is made (an
   * edit that found nothing to do records nothing and is never committed).
   */
  begin(alias: string): EditRecord & { commit(description: string): void } {
    const write: Write = { serial: 0, alias, description: '', acknowledged: false }
    return {
      commit: (description) => {
        this.serial += 1
        write.serial = this.serial
        write.description = description
        this.writes.push(write)
        const list = this.pending.get(alias) ?? []
        list.push(write)
        this.pending.set(alias, list)
      },
      created: (entity) => {
        this.creations.set(entity, write)
      },
      removed: (entity) => {
        this.removals.add(entity)
      },
      field: (entity, field, value) => {
        const key = fieldKey(entity, field)
        const list = this.fields.get(key) ?? []
        list.push({ write, value })
        this.fields.set(key, list)
      },
      typed: (word, container) => {
        this.words.set(word, { write, container })
      },
      erased: (word) => {
        this.erasedWords.add(word)
      },
    }
  }

  /** The server has applied everything `alias`'s tab wrote so far. */
  acknowledge(alias: string): void {
    for (const write of this.pending.get(alias) ?? []) write.acknowledged = true
    this.pending.delete(alias)
  }

  /** The tab was closed: what it had not sent is gone (and was never acknowledged). */
  forget(alias: string): void {
    this.pending.delete(alias)
  }

  summary(checked: number): LedgerSummary {
    return {
      edits: this.writes.length,
      acknowledged: this.writes.filter((write) => write.acknowledged).length,
      checked,
    }
  }

  /** Every acknowledged edit missing from the final room, each as a sentence. */
  lost(room: FinalRoom): { problems: string[]; checked: number } {
    const problems: string[] = []
    let checked = 0
    const gone = (entity: EntityKey) => this.removals.has(entity)
    for (const [entity, write] of this.creations) {
      if (!write.acknowledged || gone(entity)) continue
      checked += 1
      if (!room.entities.has(entity)) problems.push(`${entity} is missing: ${describe(write)}`)
    }
    for (const [key, list] of this.fields) {
      const [entity = '', field = ''] = key.split('#')
      if (gone(entity)) continue
      const current = room.entities.get(entity)
      // A field of an entity that does not exist: the creation check above speaks for it. Marks
      // and flags are the exception: absent is their cleared value.
      if (!current && !CLEARABLE.some((prefix) => entity.startsWith(prefix))) continue
      const allowed = this.allowedValues(key, list)
      if (allowed === null) continue
      checked += 1
      const value = current?.[field] ?? null
      if (!allowed.some((candidate) => sameValue(candidate, value))) {
        const last = list.at(-1)
        problems.push(
          `${entity} ${field} is ${JSON.stringify(value)}, expected one of ${JSON.stringify(allowed)}` +
            (last ? ` (last written: ${describe(last.write)})` : ''),
        )
      }
    }
    for (const [word, typed] of this.words) {
      if (!typed.write.acknowledged || this.erasedWords.has(word)) continue
      // The paragraph (or text node) it was typed into was removed whole, by someone who may not
      // have seen the word yet: Yjs drops what was typed into it, as the editor does.
      if (room.textDeleted(typed.container)) continue
      checked += 1
      if (!containsWord(room.businessCaseText, word))
        problems.push(`the business case lost "${word}": ${describe(typed.write)}`)
    }
    return { problems, checked }
  }

  /**
   * Values a field may end with. One person's writes are sequential: it ends with their last
   * acknowledged value or something they wrote after it. Writes of several people may be
   * concurrent: it ends with one of the values written (or the one it had before the run).
   * Null when nothing can be said (nothing acknowledged, value before the run unknown).
   */
  private allowedValues(key: string, list: FieldWrite[]): unknown[] | null {
    const writers = new Set(list.map(({ write }) => write.alias))
    if (writers.size === 1) {
      let lastAcknowledged = -1
      list.forEach(({ write }, index) => {
        if (write.acknowledged) lastAcknowledged = index
      })
      if (lastAcknowledged < 0) return null
      return list.slice(lastAcknowledged).map(({ value }) => value)
    }
    const values = list.map(({ value }) => value)
    if (this.baselines.has(key)) return [...values, this.baselines.get(key)]
    return this.creations.has(key.split('#')[0] ?? '') ? values : null
  }
}

/** Entities whose absence is a value (a mark cleared, a section no longer flagged). */
const CLEARABLE = ['mark:', 'important:']

const fieldKey = (entity: EntityKey, field: string) => `${entity}#${field}`

const describe = (write: Write) =>
  `edit #${write.serial} by ${write.alias} (${write.description}), acknowledged`

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** Words are unique and never found inside another (see `uniqueWord`). */
function containsWord(text: string, word: string): boolean {
  return text.includes(word)
}
