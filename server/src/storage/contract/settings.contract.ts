import { expect, it } from 'vitest'
import type { ContractRun } from './harness.ts'

export function settingsContract(run: ContractRun): void {
  it('the first value set wins, under concurrency too', () =>
    run.with('settings', async (storage) => {
      expect(await storage.getSetting('secret')).toBeNull()
      expect(await storage.initSetting('secret', 'one')).toBe('one')
      expect(await storage.initSetting('secret', 'two')).toBe('one')
      expect(await storage.getSetting('secret')).toBe('one')
      const raced = await Promise.all([
        storage.initSetting('flag', 'a'),
        storage.initSetting('flag', 'b'),
      ])
      expect(new Set(raced).size).toBe(1)
      expect(await storage.getSetting('flag')).toBe(raced[0])
    }))
}
