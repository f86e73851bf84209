import './workspace.css'
import { type DealStage, STAGE_LABELS } from '../../../shared/src/stages.ts'

/** A deal's stage as a small badge (the room list, the room's top bar). */
export function StageBadge({ stage }: { stage: DealStage }) {
  return (
    <span className={`stage-badge stage-badge--${stage}`}>
      <span className="visually-hidden">Stage: </span>
      {STAGE_LABELS[stage]}
    </span>
  )
}
