import { useRoom } from '../room-context/context.ts'
import { formatDay } from '../ui/dates.ts'

/** Says when the room is not an ordinary open deal: archived (read-only), or a template. */
export function RoomStateBanner() {
  const { details } = useRoom()
  const template = details.room.savedTemplate
  if (template) {
    return (
      <div className="room-banner room-banner--template" role="note">
        <p>
          <strong>
            Template “{template.name}”{template.isDefault ? ' (the default)' : ''}.
          </strong>{' '}
          You are editing the team’s template in the room editor. Its dates count from{' '}
          {formatDay(template.anchorDay)}: a task due ten days after that is due ten days after a
          new room is created from it. Stakeholders are roles to fill.
        </p>
      </div>
    )
  }
  if (details.room.stage === 'archived') {
    return (
      <div className="room-banner room-banner--archived" role="note">
        <p>
          <strong>This room is archived.</strong> Buyers no longer have access; the seller team
          keeps reading it. Reopen it from the stage menu to change anything.
        </p>
      </div>
    )
  }
  return null
}
