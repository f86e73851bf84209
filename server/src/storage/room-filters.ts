import { HEALTH_BANDS } from '../../../shared/src/api/rooms.ts'
import type { RoomFilter } from './summaries.ts'

type Value = string | number

/**
 * The room list's filters as SQL conditions over `members me`, `rooms r` and
 * `room_summaries s` (both drivers; they differ only in placeholders). A condition is added only
 * for a filter given, so no parameter is an untyped null. Health and alerts are the seller
 * team's, of open rooms (as the list shows them); a room not yet summarized has neither.
 */
export function roomFilterSql(filter: RoomFilter, next: (value: Value) => string): string[] {
  const where: string[] = []
  const sellerOpen = `r.closed_at IS NULL AND me.role IN ('owner', 'co-owner', 'seller')`
  if (filter.stage !== undefined) where.push(`r.stage = ${next(filter.stage)}`)
  if (filter.ownerId !== undefined) where.push(`r.owner_id = ${next(filter.ownerId)}`)
  if (filter.health !== undefined) {
    const band = HEALTH_BANDS[filter.health]
    where.push(`${sellerOpen} AND s.health_score BETWEEN ${next(band.min)} AND ${next(band.max)}`)
  }
  if (filter.closeFrom !== undefined) where.push(`s.close_date >= ${next(filter.closeFrom)}`)
  if (filter.closeTo !== undefined) where.push(`s.close_date <= ${next(filter.closeTo)}`)
  if (filter.needsAttention) where.push(`${sellerOpen} AND s.alert_count > 0`)
  const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)
  for (const word of words) {
    // Every word in the title or the buyer organisation; % and _ match themselves.
    const pattern = `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    where.push(
      `(lower(r.title) LIKE ${next(pattern)} ESCAPE '\\' OR lower(s.buyer_org) LIKE ${next(pattern)} ESCAPE '\\')`,
    )
  }
  return where
}
