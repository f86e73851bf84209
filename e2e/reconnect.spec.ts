import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadRoomDoc } from '../server/src/collaboration/room-doc.ts'
import { listTasks, roots } from '../shared/src/room/index.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'
import type { RoomView } from './fixtures/room-page.ts'

type BadgeWindow = Window & { badgeStates?: string[] }

/**
 * Records every state the sync badge takes (its `data-sync`), so a state that lasts only a few
 * milliseconds, like re-syncing after a drop on a fast network, is seen too.
 */
async function recordBadge(view: RoomView): Promise<() => Promise<string[]>> {
  await view.syncBadge.evaluate((badge) => {
    const previous: string[] = []
    const observer = new MutationObserver((records) => {
      for (const record of records) previous.push(record.oldValue ?? '')
    })
    observer.observe(badge, { attributeFilter: ['data-sync'], attributeOldValue: true })
    ;(window as BadgeWindow).badgeStates = previous
  })
  return () =>
    view.syncBadge.evaluate((badge) => [
      ...((window as BadgeWindow).badgeStates ?? []),
      badge.getAttribute('data-sync') ?? '',
    ])
}

/** The focused element's accessible label, to tell whether focus stayed where the person was. */
const focusedLabel = (view: RoomView) =>
  view.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)

describe('a reconnect never takes away what someone is working on', () => {
  const room = useDealRoom()

  it('a half-typed task and words typed in the business case survive repeated socket drops of a room opened online', async () => {
    const deal = await room.deal()
    const seller = await room.enter(deal.sellerLink)
    // A fresh browser context: no copy of the room on this device, it came from the server.
    const champion = await room.enter(deal.links.champion)
    const states = await recordBadge(champion)
    const drops: string[][] = []
    /** Cuts every collaboration socket and waits until the champion is back in sync. */
    const dropAndResync = async () => {
      const before = (await states()).length - 1
      expect(room.server().dropCollabSockets()).toBeGreaterThan(0)
      await expect
        .poll(
          async () => {
            const since = (await states()).slice(before)
            return since.length > 1 && since.at(-1) === 'synced'
          },
          { timeout: 10_000 },
        )
        .toBe(true)
      drops.push((await states()).slice(before))
    }

    await Promise.all([seller.open('Plan'), champion.open('Plan')])
    const newTask = champion.page.getByRole('textbox', { name: 'New task in Discovery' })
    await newTask.click()
    const words = ['Ask', 'IT', 'for', 'the', 'SSO', 'metadata']
    await champion.page.keyboard.type(words[0] ?? '')
    for (const word of words.slice(1)) {
      await dropAndResync()
      // Still where she was: the box kept its text and her focus, so she just keeps typing.
      expect(await focusedLabel(champion)).toBe('New task in Discovery')
      await champion.page.keyboard.type(` ${word}`)
    }
    const title = words.join(' ')
    expect(await newTask.inputValue()).toBe(title)
    await champion.page.keyboard.press('Enter')
    await seller.task(title).waitFor({ timeout: 5000 })

    // The badge said what was going on each time: offline, reconnecting, then synced again.
    for (const sequence of drops) {
      expect(sequence).toContain('offline')
      expect(sequence).toContain('reconnecting')
      expect(sequence.at(-1)).toBe('synced')
    }

    // A slow re-authentication keeps the badge on "Reconnecting…" long enough to see it.
    let releaseToken = () => {}
    const tokenHeld = new Promise<void>((resolve) => {
      releaseToken = resolve
    })
    await champion.page.route('**/api/rooms/*/token', async (route) => {
      await tokenHeld
      await route.continue()
    })
    room.server().dropCollabSockets()
    await champion.syncBadge.filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 5000 })
    expect(await champion.syncBadge.getAttribute('data-sync')).toBe('reconnecting')
    // …while the plan stays on screen.
    expect(await newTask.isVisible()).toBe(true)
    const bar = await champion.page.locator('header.topbar').boundingBox()
    await champion.page.screenshot({
      path: join(ARTIFACTS, 'reconnect-badge.png'),
      clip: bar ?? undefined,
    })
    releaseToken()
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor({ timeout: 10_000 })
    await champion.page.unroute('**/api/rooms/*/token')

    // The business case: words typed continuously while the sockets drop and come back.
    await Promise.all([seller.open('Business case'), champion.open('Business case')])
    await champion.editor().waitFor()
    await seller.editor().waitFor()
    await champion.caretAfterSection('Impact')
    const typed: string[] = []
    for (let round = 1; round <= 6; round++) {
      const marker = (await states()).length - 1
      room.server().dropCollabSockets()
      for (let index = 1; index <= 5; index++) {
        const word = `r${round}w${index}`
        typed.push(word)
        await champion.page.keyboard.type(` ${word}`, { delay: 25 })
      }
      await expect
        .poll(async () => (await states()).slice(marker).includes('reconnecting'), {
          timeout: 10_000,
        })
        .toBe(true)
    }
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor({ timeout: 10_000 })
    const sentence = ` ${typed.join(' ')}`
    expect(await champion.editorText()).toContain(sentence)
    await expect
      .poll(
        async () => {
          const text = await seller.editorText()
          return typed.filter((word) => !text.includes(` ${word}`))
        },
        { timeout: 10_000 },
      )
      .toEqual([])
    expect(await seller.editorText()).toContain(sentence)

    // And in the stored room, with the task.
    const stored = await loadRoomDoc(room.server().storage, deal.roomId)
    expect(roots.businessCase(stored).toString()).toContain(sentence)
    expect(listTasks(stored).map((task) => task.title)).toContain(title)
  })
})
