/**
 * Deal stages of a room: open → won / lost (with a reason) → archived, and back to open when a
 * room is reopened. Archived ends the buyers' access (their pages say the room has ended) and
 * leaves the room readable, not editable, for the seller team.
 */
export const DEAL_STAGES = ['open', 'won', 'lost', 'archived'] as const
export type DealStage = (typeof DEAL_STAGES)[number]

export const STAGE_LABELS: Readonly<Record<DealStage, string>> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
  archived: 'Archived',
}

export function isDealStage(value: unknown): value is DealStage {
  return typeof value === 'string' && (DEAL_STAGES as readonly string[]).includes(value)
}

/** Why a stage change is refused, or null: a lost deal needs its reason. */
export function stageRefusal(stage: DealStage, reason: string | null): string | null {
  if (stage === 'lost' && (reason === null || reason.trim() === ''))
    return 'Say why the deal was lost (a reason is required).'
  if (reason !== null && reason.length > 500) return 'A reason can be at most 500 characters.'
  return null
}

/** The reason a stage keeps: lost and won may say why; open and archived keep none. */
export function keptReason(stage: DealStage, reason: string | null): string | null {
  const trimmed = reason?.trim() ?? ''
  return (stage === 'lost' || stage === 'won') && trimmed !== '' ? trimmed : null
}

/** What a buyer is told once a room is archived (or was closed by an earlier release). */
export const ROOM_ENDED =
  'This room has ended. Thank you for working on it together; your contact at the seller can tell you what comes next.'
