import type { HealthBand } from '../../../shared/src/api/rooms.ts'
import type { DealStage } from '../../../shared/src/stages.ts'
import type { RoomFilter } from '../storage/storage.ts'

/** The room list's query parameters as the storage's filter (`owner=me` is the caller). */
export function roomFilterOf(
  query: {
    owner?: string | undefined
    health?: string | undefined
    closeFrom?: string | undefined
    closeTo?: string | undefined
    attention?: string | undefined
    q?: string | undefined
    stage?: DealStage | undefined
  },
  personId: string,
): RoomFilter {
  const filter: RoomFilter = {}
  if (query.owner !== undefined) filter.ownerId = query.owner === 'me' ? personId : query.owner
  if (query.health !== undefined) filter.health = query.health as HealthBand
  if (query.closeFrom !== undefined) filter.closeFrom = query.closeFrom
  if (query.closeTo !== undefined) filter.closeTo = query.closeTo
  if (query.attention === 'true') filter.needsAttention = true
  if (query.q !== undefined && query.q.trim() !== '') filter.search = query.q
  if (query.stage !== undefined) filter.stage = query.stage
  return filter
}
