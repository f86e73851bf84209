/** A stored document: its compacted snapshot (if any) and the updates appended since, in order. */
export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update returned (0 when there are none). */
  lastSeq: number
}

/** The rooms' Yjs documents: a snapshot plus an append-only log of the updates since. */
export interface DocumentStore {
  loadDocument(name: string): Promise<StoredDocument | null>
  /** Appends an update to the document's log; durable when the promise resolves. */
  appendUpdate(name: string, update: Uint8Array): Promise<number>
  /**
   * The same, synchronously, for drivers that can (SQLite): lets the durability extension write
   * inside Yjs's update event, before the acknowledgement is sent.
   */
  appendUpdateSync?(name: string, update: Uint8Array): number
  /** Replaces the snapshot and drops the log entries it covers (`seq <= upToSeq`). */
  compactDocument(name: string, snapshot: Uint8Array, upToSeq: number): Promise<void>
  /** How many updates are waiting in the document's log. */
  countUpdates(name: string): Promise<number>
}
