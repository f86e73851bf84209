import { can, isRole, type Role } from '../../../shared/src/access.ts'
import { access, team } from '../../../shared/src/api/index.ts'
import { call, type MemberInfo } from '../api.ts'

/**
 * For a teammate in the room: the owner and co-owners make them co-owner (the owner's powers,
 * except handing the room away) or seller again; the owner hands the room to them.
 */
export function SellerTeamControls({
  roomId,
  member,
  me,
  myId,
  onChanged,
  onProblem,
}: {
  roomId: string
  member: MemberInfo
  me: Role
  myId: string
  onChanged: () => void
  onProblem: (message: string) => void
}) {
  if (!isRole(member.role) || member.personId === myId) return null
  if (member.role !== 'seller' && member.role !== 'co-owner') return null
  const failed = (error: unknown) =>
    onProblem(error instanceof Error ? error.message : 'Could not change that.')
  const setRole = async (role: 'seller' | 'co-owner') => {
    try {
      await call(access.setMemberRole, {
        params: { roomId, personId: member.personId },
        body: { role },
      })
      onChanged()
    } catch (error) {
      failed(error)
    }
  }
  const handOver = async () => {
    if (
      !window.confirm(`Make ${member.name} the owner of this room? You stay in it as a co-owner.`)
    )
      return
    try {
      await call(team.transferOwnership, {
        params: { roomId },
        body: { personId: member.personId },
      })
      onChanged()
    } catch (error) {
      failed(error)
    }
  }
  return (
    <>
      {can(me, 'manageAccess') && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setRole(member.role === 'co-owner' ? 'seller' : 'co-owner')}
        >
          {member.role === 'co-owner'
            ? `Make ${member.name} a seller`
            : `Make ${member.name} a co-owner`}
        </button>
      )}
      {can(me, 'transferOwnership') && (
        <button type="button" className="button button--quiet" onClick={handOver}>
          Make {member.name} the owner
        </button>
      )}
    </>
  )
}
