import type Database from 'better-sqlite3'
import type { CrmStore } from '../crm.ts'
import {
  CRM_LINK,
  CRM_LINKS_OF_RECORD,
  CRM_LINKS_OF_ROOM,
  crmLinkValues,
  DELETE_CRM_LINK,
  PUT_CRM_LINK,
  toCrmLink,
} from '../crm-rows.ts'
import type { Row } from '../rows.ts'

export function sqliteCrm(db: Database.Database): CrmStore {
  const statements = {
    put: db.prepare(PUT_CRM_LINK),
    get: db.prepare(CRM_LINK),
    ofRoom: db.prepare(CRM_LINKS_OF_ROOM),
    ofRecord: db.prepare(CRM_LINKS_OF_RECORD),
    remove: db.prepare(DELETE_CRM_LINK),
  }
  return {
    async putCrmLink(link) {
      statements.put.run(...crmLinkValues(link))
      return toCrmLink(statements.get.get(link.roomId, link.provider) as Row)
    },
    async getCrmLink(roomId, provider) {
      const row = statements.get.get(roomId, provider) as Row | undefined
      return row ? toCrmLink(row) : null
    },
    async listCrmLinks(roomId) {
      return (statements.ofRoom.all(roomId) as Row[]).map(toCrmLink)
    },
    async findCrmLinks(provider, externalId) {
      return (statements.ofRecord.all(provider, externalId) as Row[]).map(toCrmLink)
    },
    async deleteCrmLink(roomId, provider) {
      return statements.remove.run(roomId, provider).changes === 1
    },
  }
}
