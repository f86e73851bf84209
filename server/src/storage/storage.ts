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
import type { InstanceRoomStore, SummaryStore } from './summaries.ts'
import type { TeamStore } from './team.ts'
import type { TemplateStore } from './templates.ts'
import type { WebhookStore } from './webhooks.ts'

export type * from './access.ts'
export type * from './apikeys.ts'
export type * from './branding.ts'
export type * from './crm.ts'
export type * from './documents.ts'
export type * from './events.ts'
export type * from './files.ts'
export type * from './guidance.ts'
export type * from './outbox.ts'
export type * from './people.ts'
export { normalizeEmail } from './people.ts'
export type * from './rooms.ts'
export type * from './settings.ts'
export type * from './sso.ts'
export type * from './stages.ts'
export type * from './summaries.ts'
export type * from './summaries.ts'
export type * from './team.ts'
export type * from './templates.ts'
export type * from './webhooks.ts'

/**
 * Everything Quorum keeps: one interface per concern, composed here. Each driver (SQLite by
 * default, PostgreSQL for scale-out) implements every concern in a file of its own
 * (`sqlite/<concern>.ts`, `postgres/<concern>.ts`) and passes the same contract suite
 * (`contract/<concern>.contract.ts`). Code that needs one concern may ask for just that one.
 */
export interface Storage
  extends DocumentStore,
    PeopleStore,
    RoomStore,
    AccessStore,
    EventStore,
    OutboxStore,
    SettingsStore,
    SummaryStore,
    FileStore,
    WebhookStore,
    ApiKeyStore,
    EventPageStore,
    InstanceRoomStore,
    CrmStore,
    GuidanceStore,
    BrandingStore,
    TeamStore,
    SsoStore,
    StageStore,
    TemplateStore {
  readonly driver: 'sqlite' | 'postgres'
  close(): Promise<void>
}
