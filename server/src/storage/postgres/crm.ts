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
import { numbered } from '../file-rows.ts'
import type { PostgresDatabase } from './database.ts'

export function postgresCrm(database: PostgresDatabase): CrmStore {
  const getCrmLink: CrmStore['getCrmLink'] = async (roomId, provider) => {
    const row = await database.row(numbered(CRM_LINK), [roomId, provider])
    return row ? toCrmLink(row) : null
  }
  return {
    async putCrmLink(link) {
      await database.run(numbered(PUT_CRM_LINK), crmLinkValues(link))
      const stored = await getCrmLink(link.roomId, link.provider)
      if (!stored) throw new Error(`The link of room ${link.roomId} vanished`)
      return stored
    },
    getCrmLink,
    async listCrmLinks(roomId) {
      return (await database.rows(numbered(CRM_LINKS_OF_ROOM), [roomId])).map(toCrmLink)
    },
    async findCrmLinks(provider, externalId) {
      return (await database.rows(numbered(CRM_LINKS_OF_RECORD), [provider, externalId])).map(
        toCrmLink,
      )
    },
    async deleteCrmLink(roomId, provider) {
      return (await database.count(numbered(DELETE_CRM_LINK), [roomId, provider])) === 1
    },
  }
}
