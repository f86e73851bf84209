import type { InstanceRoomEntry, NewOutboxEvent, Storage } from '../storage/storage.ts'

const WEEK = 7 * 24 * 3_600_000
/** 1970-01-05 was a Monday: weeks start on Mondays, 00:00 UTC. */
const FIRST_MONDAY = 4 * 24 * 3_600_000

/** The start of the week `at` falls in (Monday 00:00 UTC). */
export function weekStart(at: number): number {
  return at - ((at - FIRST_MONDAY) % WEEK)
}

/**
 * A room's `room.weekly_summary` for the week before `weekOf`: its summary as it stands. The id
 * names the room and the week, so every instance records it once.
 */
export function weeklySummaryEvent(room: InstanceRoomEntry, weekOf: number): NewOutboxEvent | null {
  const digest = room.digest
  if (!digest) return null
  const from = weekOf - WEEK
  return {
    id: `evt_weekly_${room.id}_${new Date(from).toISOString().slice(0, 10)}`,
    type: 'room.weekly_summary',
    roomId: room.id,
    at: weekOf,
    data: {
      room: { id: room.id, title: room.title },
      person: null,
      at: new Date(weekOf).toISOString(),
      week: { from: new Date(from).toISOString(), to: new Date(weekOf).toISOString() },
      summary: {
        health: digest.health.score,
        reasons: digest.health.reasons,
        buyersEngaged: digest.buyersEngaged,
        buyersInvited: digest.buyersInvited,
        buyerVisits: digest.buyerVisits,
        tasksDone: digest.tasksDone,
        tasksTotal: digest.tasksTotal,
        milestonesDone: digest.milestonesDone,
        milestonesTotal: digest.milestonesTotal,
        lastBuyerActivityAt:
          digest.lastBuyerActivityAt === null
            ? null
            : new Date(digest.lastBuyerActivityAt).toISOString(),
        openAlerts: digest.alerts.length,
      },
    },
  }
}

/**
 * Records each open room's weekly summary once a week (on the first look after Monday 00:00 UTC),
 * when some enabled subscription takes `room.weekly_summary` (a CRM connection does by default).
 * Reads the rooms' stored summaries a page at a time; never loads a room.
 */
export async function recordWeeklySummaries(storage: Storage, now: number): Promise<number> {
  const wanted = (await storage.listSubscriptions()).some(
    (each) => each.disabledAt === null && each.events.includes('room.weekly_summary'),
  )
  if (!wanted) return 0
  const weekOf = weekStart(now)
  let recorded = 0
  let after: { createdAt: number; id: string } | null = null
  for (;;) {
    const page = await storage.listInstanceRooms({
      limit: 500,
      after,
      closed: false,
      ownerId: null,
      activeSince: null,
    })
    const events = page
      .filter((room) => room.createdAt < weekOf)
      .map((room) => weeklySummaryEvent(room, weekOf))
      .filter((event) => event !== null)
    if (events.length > 0) recorded += await storage.recordOutboxEvents(events)
    const last = page.at(-1)
    if (!last || page.length < 500) return recorded
    after = { createdAt: last.createdAt, id: last.id }
  }
}

/** Looks every hour; each instance records a week's summaries once (others' are skipped by id). */
export function weeklySummaries(
  storage: Storage,
  onRecorded: () => void,
  now: () => number = Date.now,
): { stop(): Promise<void> } {
  let doneFor = 0
  let running: Promise<void> = Promise.resolve()
  const look = () => {
    const week = weekStart(now())
    if (week === doneFor) return
    running = recordWeeklySummaries(storage, now())
      .then((recorded) => {
        doneFor = week
        if (recorded > 0) onRecorded()
      })
      .catch((error: unknown) => console.error('Could not record weekly summaries:', error))
  }
  const timer = setInterval(look, 3_600_000)
  timer.unref()
  look()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
