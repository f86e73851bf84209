export * from './agreement.ts'
export * from './conversation.ts'
export * from './copy.ts'
export * from './documents.ts'
export * from './meta.ts'
export * from './migrate.ts'
export { byOrder, initialOrders, orderBetween } from './order.ts'
export * from './people.ts'
export * from './plan.ts'
export {
  BUYING_ROLES,
  type BuyingRole,
  CONSENSUS_STANCES,
  type CommentAnchor,
  type CommentMessage,
  type CommentThread,
  type ConsensusMark,
  type ConsensusStance,
  MILESTONE_STATUSES,
  type Milestone,
  type MilestoneStatus,
  type RoomMeta,
  roots,
  SCHEMA_VERSION,
  SIDES,
  type Side,
  STANCES,
  type Stakeholder,
  type Stance,
  TASK_STATUSES,
  type Task,
  type TaskStatus,
} from './schema.ts'
export * from './sections.ts'
export * from './template.ts'
