import { describe, expect, it } from 'vitest'
import { accessContract } from './access.contract.ts'
import { apiKeysContract } from './apikeys.contract.ts'
import { brandingContract } from './branding.contract.ts'
import { crmContract } from './crm.contract.ts'
import { documentsContract } from './documents.contract.ts'
import { eventsContract } from './events.contract.ts'
import { filesContract } from './files.contract.ts'
import { guidanceContract } from './guidance.contract.ts'
import { ContractRun, type OpenStorage } from './harness.ts'
import { outboxContract } from './outbox.contract.ts'
import { peopleContract } from './people.contract.ts'
import { roomListContract } from './room-list.contract.ts'
import { roomsContract } from './rooms.contract.ts'
import { settingsContract } from './settings.contract.ts'
import { ssoContract } from './sso.contract.ts'
import { stagesContract } from './stages.contract.ts'
import { summariesContract } from './summaries.contract.ts'
import { teamContract } from './team.contract.ts'
import { webhooksContract } from './webhooks.contract.ts'

/**
 * The behaviour every storage driver must have, one file per concern. A driver's test calls
 * this with a factory for a fresh, empty store (sqlite/sqlite-storage.test.ts; PostgreSQL in
 * scale/postgres-contract.test.ts); each case closes what it opens.
 */
export function storageContract(driver: 'sqlite' | 'postgres', open: OpenStorage): void {
  const run = new ContractRun(driver, open)

  describe(`${driver} storage contract`, () => {
    describe('documents', () => documentsContract(run))
    describe('people', () => peopleContract(run))
    describe('rooms', () => roomsContract(run))
    describe('access', () => accessContract(run))
    describe('events', () => eventsContract(run))
    describe('outbox and audit', () => outboxContract(run))
    describe('settings', () => settingsContract(run))
    describe('summaries', () => summariesContract(run))
    describe('room list', () => roomListContract(run))
    describe('files', () => filesContract(run))
    describe('webhooks', () => webhooksContract(run))
    describe('API keys, calendar feeds and paged reads', () => apiKeysContract(run))
    describe('CRM links', () => crmContract(run))
    describe('nudges and next best actions', () => guidanceContract(run))
    describe('branding', () => brandingContract(run))
    describe('seller team', () => teamContract(run))
    describe('single sign-on', () => ssoContract(run))
    describe('deal stages and templates', () => stagesContract(run))

    it('lifecycle: names its driver, and a closed store refuses work', () =>
      run.with('lifecycle', async (storage) => {
        expect(storage.driver).toBe(driver)
        await storage.initSetting('kept', 'yes')
        await storage.close()
        await expect(storage.getSetting('kept')).rejects.toThrow()
      }))

    // Runs last (cases run in order): it reads what the cases above called.
    it('every method of the storage interface is run by a case of its concern', () => {
      expect(run.uncovered()).toEqual([])
    })
  })
}
