import { performance } from 'node:perf_hooks'
import { dealHealth } from '../server/src/signals/health.ts'
import { roomFacts } from '../server/src/signals/room-facts.ts'
import { currentDigests } from '../server/src/signals/summarizer.ts'
import { SqliteStorage } from '../server/src/storage/sqlite/sqlite-storage.ts'
import { isSellerTeam } from '../shared/src/access.ts'

/**
 * One way of making a seller's room list, timed in a process of its own over the benchmark's
 * database (argv: file, person id, approach, runs). Prints one JSON line: each run's time, and the
 * process's RSS before the first and after the last run.
 *
 * - `load-every-room`: the release before summaries: every room of the person, each loaded
 *   (document and 90 days of events) to compute its health.
 * - `summaries`: today's: the first page (50 rooms, weakest health first) read with its summaries.
 */
const [file = '', personId = '', approach = '', runsText = '5'] = process.argv.slice(2)
const runs = Number(runsText)
const storage = new SqliteStorage(file)

async function loadEveryRoom(): Promise<number> {
  const rooms = await storage.listRoomsOf(personId)
  let listed = 0
  for (const room of rooms) {
    if (isSellerTeam(room.role) && room.closedAt === null)
      dealHealth(await roomFacts(storage, room.id))
    listed++
  }
  return listed
}

async function firstPage(): Promise<number> {
  const page = await storage.listRoomPage({ personId, sort: 'health', limit: 50, offset: 0 })
  await currentDigests(storage, page.rooms, (room) => isSellerTeam(room.role))
  return page.rooms.length
}

const run = approach === 'load-every-room' ? loadEveryRoom : firstPage
global.gc?.()
const rssBefore = process.memoryUsage().rss
const times: number[] = []
let listed = 0
for (let i = 0; i < runs; i++) {
  const started = performance.now()
  listed = await run()
  times.push(performance.now() - started)
}
const rssAfter = process.memoryUsage().rss
await storage.close()
console.log(JSON.stringify({ times, listed, rssBefore, rssAfter }))
