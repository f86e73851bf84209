import type Database from 'better-sqlite3'
import type { AccessStore } from '../access.ts'
import type { ApiKeyStore } from '../apikeys.ts'
import type { BrandingStore } from '../branding.ts'
import { composedOf } from '../compose.ts'
import type { CrmStore } from '../crm.ts'
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
import { sqliteAccess } from './access.ts'
import { sqliteApiKeys } from './apikeys.ts'
import { sqliteBranding } from './branding.ts'
import { sqliteCrm } from './crm.ts'
import { openSqliteDatabase } from './database.ts'
import { type SqliteDocumentStore, sqliteDocuments } from './documents.ts'
import { sqliteEventPages, sqliteEvents } from './events.ts'
import { sqliteFiles } from './files.ts'
import { sqliteGuidance } from './guidance.ts'
import { sqliteOutbox } from './outbox.ts'
import { sqlitePeople } from './people.ts'
import { sqliteRooms } from './rooms.ts'
import { sqliteSettings } from './settings.ts'
import { sqliteSso } from './sso.ts'
import { sqliteStages, sqliteTemplates } from './stages.ts'
import { sqliteInstanceRooms, sqliteSummaries } from './summaries.ts'
import { sqliteTeam } from './team.ts'
import { sqliteWebhooks } from './webhooks.ts'

type SqliteStores = SqliteDocumentStore &
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
 * The embedded driver: one SQLite file in WAL mode, one store per concern over one connection.
 * better-sqlite3 is synchronous, so an update appended inside Yjs's update event is on disk
 * before the server acknowledges it.
 */
export class SqliteStorage extends composedOf<SqliteStores>() implements Storage {
  readonly driver = 'sqlite' as const
  readonly db: Database.Database
  readonly file: string

  constructor(file: string) {
    const db = openSqliteDatabase(file)
    super({
      ...sqliteDocuments(db),
      ...sqlitePeople(db),
      ...sqliteRooms(db),
      ...sqliteAccess(db),
      ...sqliteEvents(db),
      ...sqliteOutbox(db),
      ...sqliteSettings(db),
      ...sqliteSummaries(db),
      ...sqliteFiles(db),
      ...sqliteWebhooks(db),
      ...sqliteApiKeys(db),
      ...sqliteEventPages(db),
      ...sqliteInstanceRooms(db),
      ...sqliteCrm(db),
      ...sqliteGuidance(db),
      ...sqliteBranding(db),
      ...sqliteTeam(db),
      ...sqliteSso(db),
      ...sqliteStages(db),
      ...sqliteTemplates(db),
    })
    this.db = db
    this.file = file
  }

  /**
   * Runs `work` in one transaction: everything it writes is committed (durable, as one commit)
   * when this returns, or nothing is and it throws. The edit fast path appends a turn's edits in
   * one, since a commit costs far more than the row (several writes to the WAL file).
   */
  inOneCommit(work: () => void): void {
    this.db.transaction(work)()
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}
