import type pg from 'pg'
import { newId } from '../../../../shared/src/ids.ts'
import type { AccessStore } from '../access.ts'
import type { ApiKeyStore } from '../apikeys.ts'
import type { BrandingStore } from '../branding.ts'
import { composedOf } from '../compose.ts'
import type { CrmStore } from '../crm.ts'
import type { DocumentStore } from '../documents.ts'
import type { EventPageStore, EventStore } from '../events.ts'
import type { FileStore } from '../files.ts'
import type { GuidanceStore } from '../guidance.ts'
import type { OutboxStore } from '../outbox.ts'
import type { PeopleStore } from '../people.ts'
import type { RoomStore } from '../rooms.ts'
import type { SettingsStore } from '../settings.ts'
import type { SsoStore } from '../sso.ts'
import type { StageStore } from '../stages.ts'
import type { Storage } from '../storage.ts'
import type { InstanceRoomStore, SummaryStore } from '../summaries.ts'
import type { TeamStore } from '../team.ts'
import type { TemplateStore } from '../templates.ts'
import type { WebhookStore } from '../webhooks.ts'
import { postgresAccess } from './access.ts'
import { postgresApiKeys } from './apikeys.ts'
import { postgresBranding } from './branding.ts'
import { postgresCrm } from './crm.ts'
import { PostgresDatabase } from './database.ts'
import { postgresDocuments } from './documents.ts'
import { postgresEventPages, postgresEvents } from './events.ts'
import { postgresFiles } from './files.ts'
import { postgresGuidance } from './guidance.ts'
import { postgresOutbox } from './outbox.ts'
import { postgresPeople } from './people.ts'
import { postgresRooms } from './rooms.ts'
import { postgresSettings } from './settings.ts'
import { postgresSso } from './sso.ts'
import { postgresStages, postgresTemplates } from './stages.ts'
import { postgresInstanceRooms, postgresSummaries } from './summaries.ts'
import { postgresTeam } from './team.ts'
import { postgresWebhooks } from './webhooks.ts'

type PostgresStores = DocumentStore &
  PeopleStore &
  RoomStore &
  AccessStore &
  EventStore &
  OutboxStore &
  SettingsStore &
  SummaryStore &
  FileStore &
  WebhookStore &
  ApiKeyStore &
  EventPageStore &
  InstanceRoomStore &
  CrmStore &
  GuidanceStore &
  BrandingStore &
  TeamStore &
  SsoStore &
  StageStore &
  TemplateStore

/**
 * The scale-out driver: PostgreSQL (`DATABASE_URL`), one store per concern over one pool. Same
 * tables and contract as SQLite; no synchronous append, so the durability extension awaits
 * each append before the update is applied.
 */
export class PostgresStorage extends composedOf<PostgresStores>() implements Storage {
  readonly driver = 'postgres' as const
  readonly pool: pg.Pool
  /** Identifies this process's rows in the update log. */
  readonly instanceId: string
  private readonly database: PostgresDatabase

  private constructor(database: PostgresDatabase, instanceId: string) {
    super({
      ...postgresDocuments(database, instanceId),
      ...postgresPeople(database),
      ...postgresRooms(database),
      ...postgresAccess(database),
      ...postgresEvents(database),
      ...postgresOutbox(database),
      ...postgresSettings(database),
      ...postgresSummaries(database),
      ...postgresFiles(database),
      ...postgresWebhooks(database),
      ...postgresApiKeys(database),
      ...postgresEventPages(database),
      ...postgresInstanceRooms(database),
      ...postgresCrm(database),
      ...postgresGuidance(database),
      ...postgresBranding(database),
      ...postgresTeam(database),
      ...postgresSso(database),
      ...postgresStages(database),
      ...postgresTemplates(database),
    })
    this.database = database
    this.pool = database.pool
    this.instanceId = instanceId
  }

  static async open(connectionString: string): Promise<PostgresStorage> {
    const database = new PostgresDatabase(connectionString)
    await database.migrate()
    return new PostgresStorage(database, newId(12))
  }

  async close(): Promise<void> {
    await this.database.close()
  }
}
