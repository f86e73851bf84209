import { describe, expect, it } from 'vitest'
import { changeAccess, OPERATOR } from '../server/src/access/change-access.ts'
import { loadRoomDoc } from '../server/src/collaboration/room-doc.ts'
import { listTasks } from '../shared/src/room/index.ts'
import { ARTIFACTS } from './fixtures/browser.ts'
import { useDealRoom } from './fixtures/people.ts'

describe('a change the server refuses', () => {
  const room = useDealRoom()

  it('is not kept on the device: the page says so and shows the room as everyone sees it', async () => {
    const deal = await room.deal()
    const { storage } = room.server()
    const seller = await room.enter(deal.sellerLink)
    const champion = await room.enter(deal.links.champion)
    const page = champion.page
    await champion.open('Plan')

    // Offline, the champion adds a task; meanwhile the seller team makes them a viewer.
    // (Offline emulation stops new connections; the open socket is cut as a real drop would.)
    await page.context().setOffline(true)
    room.server().dropCollabSockets()
    await champion.syncBadge.filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 })
    await champion.addTask('Evaluation', 'Written offline before the demotion')
    const members = await storage.listMembers(deal.roomId)
    const dana = members.find((member) => member.role === 'champion')
    if (!dana) throw new Error('no champion')
    await changeAccess(
      storage,
      { id: OPERATOR, ip: null },
      { kind: 'set-role', roomId: deal.roomId, personId: dana.personId, role: 'viewer' },
    )

    // Back online: the server refuses the offline edit; the page tells why and starts again.
    await page.context().setOffline(false)
    const alert = page.getByRole('alert').filter({ hasText: 'Your last change was not saved.' })
    await alert.waitFor({ timeout: 15_000 })
    expect(await alert.textContent()).toContain('Your role cannot change this room.')
    await page.getByRole('note').filter({ hasText: 'You are viewing this room' }).waitFor()
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor({ timeout: 10_000 })
    await page.screenshot({ path: `${ARTIFACTS}/write-refused.png` })
    expect(await champion.task('Written offline before the demotion').count()).toBe(0)

    // Nobody else ever saw it, and the room as stored does not have it.
    await seller.open('Plan')
    expect(await seller.task('Written offline before the demotion').count()).toBe(0)
    const stored = await loadRoomDoc(storage, deal.roomId)
    expect(listTasks(stored).map((task) => task.title)).not.toContain(
      'Written offline before the demotion',
    )

    await alert.getByRole('button', { name: 'Dismiss' }).click()
    await alert.waitFor({ state: 'detached' })

    // A reload finds no trace of it on the device either.
    await page.reload()
    await champion.syncBadge.filter({ hasText: 'Synced' }).waitFor({ timeout: 10_000 })
    await champion.open('Plan')
    expect(await champion.task('Written offline before the demotion').count()).toBe(0)
  })
})
