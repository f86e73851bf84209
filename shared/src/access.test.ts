import { describe, expect, it } from 'vitest'
import { ACTIONS, can, invitableRoles, PERMISSIONS, ROLES } from './access.ts'

describe('the permission table', () => {
  it('grants editing the plan and the business case together: they are one document', () => {
    for (const role of ROLES)
      expect(can(role, 'editPlan'), role).toBe(can(role, 'editBusinessCase'))
  })

  it('covers every role and action, and only the seller team reads internal notes', () => {
    for (const role of ROLES)
      expect(Object.keys(PERMISSIONS[role]).sort()).toEqual([...ACTIONS].sort())
    expect(ROLES.filter((role) => can(role, 'readInternal'))).toEqual([
      'owner',
      'co-owner',
      'seller',
    ])
    expect(ROLES.filter((role) => can(role, 'closeRoom'))).toEqual(['owner', 'co-owner'])
    expect(ROLES.filter((role) => can(role, 'transferOwnership'))).toEqual(['owner'])
    expect(ROLES.filter((role) => !can(role, 'editPlan'))).toEqual(['viewer'])
  })

  it('lets champions invite colleagues as stakeholders or viewers only', () => {
    expect(invitableRoles('owner')).toEqual(['champion', 'stakeholder', 'viewer'])
    expect(invitableRoles('champion')).toEqual(['stakeholder', 'viewer'])
    expect(invitableRoles('stakeholder')).toEqual([])
    expect(invitableRoles('viewer')).toEqual([])
  })
})
