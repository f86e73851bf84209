import type { AccessStore } from './access.ts'
import type { ApiKeyStore } from './apikeys.ts'
import type { BrandingStore } from './branding.ts'
import type { CrmStore } from './crm.ts'
import type { DocumentStore } from './documents.ts'
import type { EventPageStore, EventStore } from './events.ts'
import type { FileStore } from './files.ts'
import type { GuidanceStore } from './guidance.ts'
import type { OutboxStore } from './outbox.ts'
import type { PeopleStore } from './people.ts'
import type { RoomStore } from './rooms.ts'
import type { SettingsStore } from './settings.ts'
import type { SsoStore } from './sso.ts'
import type { StageStore } from './stages.ts'
import type { Storage } from './storage.ts'
import type { InstanceRoomStore, SummaryStore } from './summaries.ts'
import type { TeamStore } from './team.ts'
import type { TemplateStore } from './templates.ts'
import type { WebhookStore } from './webhooks.ts'

export type Concern =
  | 'documents'
  | 'people'
  | 'rooms'
  | 'access'
  | 'events'
  | 'outbox'
  | 'settings'
  | 'summaries'
  | 'files'
  | 'webhooks'
  | 'apikeys'
  | 'crm'
  | 'guidance'
  | 'branding'
  | 'team'
  | 'sso'
  | 'stages'
  | 'templates'
  | 'lifecycle'

/** Each method of each concern's interface, mapped to that concern (and nothing else). */
type MethodConcerns = { readonly [M in keyof DocumentStore]-?: 'documents' } & {
  readonly [M in keyof PeopleStore]-?: 'people'
} & { readonly [M in keyof RoomStore]-?: 'rooms' } & {
  readonly [M in keyof AccessStore]-?: 'access'
} & { readonly [M in keyof EventStore]-?: 'events' } & {
  readonly [M in keyof OutboxStore]-?: 'outbox'
} & { readonly [M in keyof SettingsStore]-?: 'settings' } & {
  readonly [M in keyof SummaryStore]-?: 'summaries'
} & {
  readonly [M in keyof FileStore]-?: 'files'
} & {
  readonly [M in keyof WebhookStore]-?: 'webhooks'
} & {} & { readonly [M in keyof ApiKeyStore]-?: 'apikeys' } & {
  readonly [M in keyof EventPageStore]-?: 'events'
} & { readonly [M in keyof InstanceRoomStore]-?: 'summaries' } & {
  readonly [M in keyof CrmStore]-?: 'crm'
} & {
  readonly [M in keyof GuidanceStore]-?: 'guidance'
} & {
  readonly [M in keyof BrandingStore]-?: 'branding'
} & {
  readonly [M in keyof TeamStore]-?: 'team'
} & { readonly [M in keyof SsoStore]-?: 'sso' } & {
  readonly [M in keyof StageStore]-?: 'stages'
} & { readonly [M in keyof TemplateStore]-?: 'templates' } & {
  readonly close: 'lifecycle'
}

/** Every method of Storage (all but `driver`), which the compiler keeps complete. */
export type StorageMethod = Exclude<keyof Storage, 'driver'>

/**
 * Every method of Storage and the concern it belongs to, in one list the compiler keeps complete
 * (a method added to a concern's interface and missing here does not compile). The contract
 * suite checks that each one is run by a case of its concern, on every driver.
 */
export const STORAGE_METHODS: MethodConcerns & Record<StorageMethod, Concern> = {
  loadDocument: 'documents',
  appendUpdate: 'documents',
  appendUpdateSync: 'documents',
  compactDocument: 'documents',
  countUpdates: 'documents',

  createPerson: 'people',
  getPerson: 'people',
  findPersonByEmail: 'people',
  countPeople: 'people',
  firstSeller: 'people',

  createRoom: 'rooms',
  getRoom: 'rooms',
  listRooms: 'rooms',
  touchRoom: 'rooms',
  closeRoom: 'rooms',
  putMember: 'rooms',
  getMember: 'rooms',
  listMembers: 'rooms',
  removeMember: 'rooms',
  markJoined: 'rooms',
  listRoomsOf: 'rooms',

  createSession: 'access',
  getSession: 'access',
  revokeSession: 'access',
  revokeSessions: 'access',
  createLink: 'access',
  findLinkByHash: 'access',
  consumeLink: 'access',
  revokeLinks: 'access',
  listPendingInvites: 'access',
  revokeLinkById: 'access',
  createEmailCode: 'access',
  latestEmailCode: 'access',
  countEmailCodesSince: 'access',
  failEmailCode: 'access',
  consumeEmailCode: 'access',
  setRoomAccess: 'access',
  setRevoked: 'access',
  isRevoked: 'access',
  recordAccessChange: 'access',
  accessChangesSince: 'access',
  lastAccessChangeSeq: 'access',

  appendEvents: 'events',
  listEvents: 'events',
  hasEvents: 'events',
  digestState: 'events',
  setDigestState: 'events',

  enqueueMail: 'outbox',
  listOutbox: 'outbox',
  markMail: 'outbox',
  appendAudit: 'outbox',
  listAudit: 'outbox',

  getSetting: 'settings',
  initSetting: 'settings',

  putRoomDigest: 'summaries',
  getRoomDigest: 'summaries',
  markRoomsDue: 'summaries',
  claimDueRooms: 'summaries',
  listRoomPage: 'summaries',
  listAlertsOf: 'summaries',
  listAlertsSince: 'summaries',
  createFile: 'files',
  addFileVersion: 'files',
  getFile: 'files',
  listFiles: 'files',
  findFileByTitle: 'files',
  listFileVersions: 'files',
  getFileVersion: 'files',
  updateFile: 'files',
  deleteFile: 'files',
  fileChangesSince: 'files',
  lastFileChangeSeq: 'files',

  createSubscription: 'webhooks',
  getSubscription: 'webhooks',
  listSubscriptions: 'webhooks',
  updateSubscription: 'webhooks',
  deleteSubscription: 'webhooks',
  recordOutboxEvents: 'webhooks',
  claimDeliveries: 'webhooks',
  finishAttempt: 'webhooks',
  listDeliveries: 'webhooks',
  replayDelivery: 'webhooks',
  // The public API (issue 14): its keys and calendar feeds, and the paged reads it makes.
  createApiKey: 'apikeys',
  getApiKey: 'apikeys',
  findApiKeyByHash: 'apikeys',
  listApiKeys: 'apikeys',
  revokeApiKey: 'apikeys',
  touchApiKey: 'apikeys',
  createCalendarFeed: 'apikeys',
  getCalendarFeed: 'apikeys',
  findCalendarFeed: 'apikeys',
  revokeCalendarFeed: 'apikeys',
  listEventPage: 'events',
  listInstanceRooms: 'summaries',
  putCrmLink: 'crm',
  getCrmLink: 'crm',
  listCrmLinks: 'crm',
  findCrmLinks: 'crm',
  deleteCrmLink: 'crm',
  // Guiding the buyer journey (issue 15): nudges and next best actions.
  putRoomGuidance: 'guidance',
  listRoomNudges: 'guidance',
  listDueNudges: 'guidance',
  claimNudgeMail: 'guidance',
  setNudgeStop: 'guidance',
  listNudgeStops: 'guidance',
  unsubscribeNudges: 'guidance',
  listNudgeUnsubscribed: 'guidance',
  listActionsOf: 'guidance',
  dismissAction: 'guidance',
  listDismissedActions: 'guidance',
  listRoomOwners: 'summaries',
  // Branding and the welcome note (issue 15).
  getWorkspaceBrand: 'branding',
  putWorkspaceBrand: 'branding',
  getRoomBrand: 'branding',
  putRoomBrand: 'branding',
  hasSeenWelcome: 'branding',
  markWelcomeSeen: 'branding',
  // The seller team and its single sign-on (issue 15).
  putTeammate: 'team',
  getTeammate: 'team',
  listTeammates: 'team',
  removeTeammate: 'team',
  roomsOwnedBy: 'team',
  transferRoom: 'team',
  getSsoSettings: 'sso',
  putSsoSettings: 'sso',
  createSsoLogin: 'sso',
  consumeSsoLogin: 'sso',
  // Deal stages and the team's templates (issue 15).
  getRoomStage: 'stages',
  setRoomStage: 'stages',
  createTemplate: 'templates',
  listTemplates: 'templates',
  getTemplate: 'templates',
  findTemplateByName: 'templates',
  deleteTemplate: 'templates',
  getDefaultTemplate: 'templates',
  setDefaultTemplate: 'templates',

  close: 'lifecycle',
}

export function isStorageMethod(name: string | symbol): name is StorageMethod {
  return typeof name === 'string' && Object.hasOwn(STORAGE_METHODS, name)
}
