/**
 * Guiding the buyer journey: the nudges (reminder e-mails) planned for each room and which were
 * sent, who turned them off or unsubscribed, and the next best actions for the seller team with
 * who dismissed which. The signals layer decides what is planned and what an action says; the
 * summarizer stores a room's plan and actions beside its summary, so nothing across rooms loads
 * a room.
 */

/** A reminder a person is due to get from a room, at `dueAt` (planned by the signals layer). */
export interface PlannedNudge {
  roomId: string
  /** Unique in the room; the same reminder keeps its key, so it is sent once. */
  key: string
  personId: string
  /** invite-2, invite-5, task-before, task-after (the signals layer's words). */
  kind: string
  dueAt: number
  /** The reminder's line in the mail. */
  line: string
}

/** A planned nudge as the room's seller team sees it. */
export interface RoomNudge extends PlannedNudge {
  /** When it went out; null while it has not. */
  sentAt: number | null
}

/** A planned nudge that is due, with what the mail needs. */
export interface DueNudge extends PlannedNudge {
  roomTitle: string
  email: string
  name: string
}

/** A next best action as stored with a room's summary (the signals layer decides its fields). */
export interface StoredAction {
  roomId: string
  /** Names the situation: a changed situation has a new key (so a dismissal does not hide it). */
  key: string
  kind: string
  /** When it became true. */
  at: number
  /** Lower first. */
  rank: number
  /** What to do. */
  message: string
  /** Why, from the signals. */
  reason: string
  /** Where to act: a path of the web app. */
  href: string
  /** The link's words. */
  linkLabel: string
}

export interface ActionOfRoom extends StoredAction {
  roomTitle: string
}

/** Nudges and next best actions, per room and per person. */
export interface GuidanceStore {
  /** Replaces a room's planned nudges and next best actions (what was sent stays recorded). */
  putRoomGuidance(
    roomId: string,
    guidance: { nudges: PlannedNudge[]; actions: StoredAction[] },
  ): Promise<void>
  /** The room's planned nudges, soonest first, each with when it was sent. */
  listRoomNudges(roomId: string): Promise<RoomNudge[]>
  /**
   * Nudges due at `now` and after `since`, not sent, of open rooms, for members who have not
   * unsubscribed and whose room or person was not turned off; by person, then time.
   */
  listDueNudges(now: number, since: number): Promise<DueNudge[]>
  /**
   * Claims one mail to a person with these nudges: nothing when they had one less than `gapMs`
   * ago, unsubscribed, or every nudge was already sent; otherwise the nudges now theirs to send
   * (each claimed once, whichever instance asks first).
   */
  claimNudgeMail(
    personId: string,
    nudges: ReadonlyArray<{ roomId: string; key: string }>,
    now: number,
    gapMs: number,
  ): Promise<Array<{ roomId: string; key: string }>>
  /** Turns a room's nudges (personId null) or one person's in the room off or back on. */
  setNudgeStop(roomId: string, personId: string | null, stopped: boolean, at: number): Promise<void>
  /** Whether the room's nudges are off, and the people whose are. */
  listNudgeStops(roomId: string): Promise<{ room: boolean; people: string[] }>
  /** The person follows an unsubscribe link: no more nudges, from any room. */
  unsubscribeNudges(personId: string, at: number): Promise<void>
  /** Of these people, those who unsubscribed from nudges. */
  listNudgeUnsubscribed(personIds: readonly string[]): Promise<string[]>
  /** Next best actions of the open rooms where the person is on the seller team, not dismissed. */
  listActionsOf(personId: string, limit: number): Promise<ActionOfRoom[]>
  dismissAction(personId: string, roomId: string, key: string, at: number): Promise<void>
  /** The keys of the room's actions the person dismissed. */
  listDismissedActions(personId: string, roomId: string): Promise<string[]>
}
