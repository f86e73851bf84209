import * as Y from 'yjs'
import { audit } from '../../access/audit.ts'
import { createRoom } from '../../collaboration/rooms.ts'
import type { Storage } from '../../storage/storage.ts'

/**
 * The data written into the upgrade fixtures (a database made by an earlier release), and every
 * read of it: the fixture stores what that release read back, and the upgrade tests check that
 * today's drivers, after migrating the old database forward, read exactly the same.
 * Only the Storage interface is used, so the same script makes a fixture for any release.
 */

const SELLERS = ['sam@vendor.test', 'tess@vendor.test']
const BUYERS = ['champion@acme.test', 'cfo@acme.test', 'viewer@acme.test', 'gone@acme.test']
const PEOPLE = [...SELLERS, ...BUYERS, 'nobody@acme.test']
const LINKS = ['invite-pending', 'invite-used', 'invite-revoked', 'setup-old', 'signin-sam']
const SESSIONS = ['session-sam', 'session-champion', 'session-gone', 'session-unknown']
const SETTINGS = ['session-secret', 'instance-flag', 'never-set']
/** "Now" for the reads that take it: after every write, before any expiry in the fixture. */
const READ_AT = 2_000_000_000_000
const FAR_FUTURE = 4_000_000_000_000

export async function writeReleaseData(storage: Storage): Promise<void> {
  const id = async (email: string) => {
    const person = await storage.findPersonByEmail(email)
    if (!person) throw new Error(`${email} was not created`)
    return person.id
  }
  for (const email of SELLERS)
    await storage.createPerson({ email, name: email.split('@')[0] ?? email, kind: 'seller' })
  for (const email of BUYERS)
    await storage.createPerson({ email, name: ` ${email.toUpperCase()} `, kind: 'buyer' })
  const [sam, tess, champion, cfo, viewer, gone] = await Promise.all(
    [...SELLERS, ...BUYERS].map(id),
  )
  if (!sam || !tess || !champion || !cfo || !viewer || !gone) throw new Error('people missing')

  await storage.initSetting('session-secret', 'fixture-secret')
  await storage.initSetting('instance-flag', 'on')
  await storage.initSetting('instance-flag', 'ignored')

  // Two rooms seeded from the template: one open (invited), one closed (domain mode).
  const open = await createRoom(storage, { ownerEmail: SELLERS[0] ?? '', title: 'Acme rollout' })
  const closed = await createRoom(storage, {
    ownerEmail: SELLERS[1] ?? '',
    title: 'Globex pilot',
    template: 'standard',
  })
  await storage.setRoomAccess(closed.id, 'domain', ['acme.test', 'globex.test'])
  await storage.closeRoom(closed.id, 1_700_000_500_000)
  await storage.touchRoom(open.id, 1_900_000_000_000)

  await storage.putMember(open.id, tess, 'seller')
  await storage.putMember(open.id, champion, 'stakeholder')
  await storage.putMember(open.id, champion, 'champion')
  await storage.putMember(open.id, cfo, 'stakeholder')
  await storage.putMember(open.id, viewer, 'viewer')
  await storage.putMember(open.id, gone, 'viewer')
  await storage.putMember(closed.id, cfo, 'viewer')
  await storage.markJoined(open.id, champion, 1_700_000_100_000)
  await storage.markJoined(open.id, cfo, 1_700_000_200_000)
  await storage.removeMember(open.id, gone)
  await storage.setRevoked(open.id, gone, true, 1_700_000_300_000)
  await storage.setRevoked(open.id, viewer, true, 1_700_000_300_000)
  await storage.setRevoked(open.id, viewer, false, 1_700_000_400_000)

  await storage.createSession('session-sam', { personId: sam, roomId: null, expiresAt: FAR_FUTURE })
  await storage.createSession('session-champion', {
    personId: champion,
    roomId: open.id,
    expiresAt: FAR_FUTURE,
  })
  await storage.createSession('session-gone', { personId: gone, roomId: open.id, expiresAt: 9 })
  await storage.revokeSessions({ personId: gone, roomId: open.id }, 1_700_000_300_000)
  await storage.revokeSession('session-champion', 1_700_000_350_000)

  const link = (tokenHash: string, kind: 'invite' | 'setup' | 'signin', personId: string | null) =>
    storage.createLink({
      kind,
      tokenHash,
      personId,
      roomId: kind === 'invite' ? open.id : null,
      expiresAt: kind === 'setup' ? null : FAR_FUTURE,
    })
  await link('invite-pending', 'invite', cfo)
  const used = await link('invite-used', 'invite', champion)
  await storage.consumeLink(used.id, 1_700_000_100_000)
  const revoked = await link('invite-revoked', 'invite', viewer)
  await storage.revokeLinkById(revoked.id, open.id, 1_700_000_150_000)
  await link('setup-old', 'setup', null)
  await storage.revokeLinks({ kind: 'setup' }, 1_700_000_160_000)
  await link('signin-sam', 'signin', sam)

  await storage.recordAccessChange({ roomId: open.id, personId: gone, kind: 'revoked' })
  await storage.recordAccessChange({ roomId: closed.id, personId: null, kind: 'room-closed' })
  await storage.recordAccessChange({ roomId: null, personId: gone, kind: 'signed-out' })

  for (const action of ['room.created', 'member.invited', 'member.removed']) {
    await audit(storage, {
      roomId: action === 'room.created' ? null : open.id,
      actor: sam,
      action,
      subject: BUYERS[3] ?? null,
      detail: { action, nested: { list: [1, 2] } },
      ip: '127.0.0.1',
    })
  }

  const sent = await storage.enqueueMail({ to: BUYERS[0] ?? '', subject: 'Welcome', body: 'Hi' })
  const failed = await storage.enqueueMail({ to: BUYERS[1] ?? '', subject: 'Code', body: '123' })
  await storage.enqueueMail({ to: SELLERS[0] ?? '', subject: 'Digest', body: 'Three things' })
  await storage.markMail(sent.id, { sentAt: 1_700_000_600_000, error: null })
  await storage.markMail(failed.id, { sentAt: null, error: 'connection refused' })

  const code = (email: string, createdAt: number) =>
    storage.createEmailCode({
      roomId: closed.id,
      email,
      codeHash: `hash-${email}-${createdAt}`,
      createdAt,
      expiresAt: createdAt + 600_000,
    })
  const first = await code('new@acme.test', 1_700_000_000_000)
  await storage.failEmailCode(first.id)
  const second = await code('new@acme.test', 1_700_000_700_000)
  await storage.failEmailCode(second.id)
  await storage.failEmailCode(second.id)
  await storage.consumeEmailCode(second.id, 1_700_000_710_000)
  await code('other@globex.test', 1_700_000_800_000)

  await storage.appendEvents([
    event(open.id, champion, 'room.opened', null, null, {}, 1_700_000_100_000),
    event(open.id, champion, 'section.viewed', 'pricing', 12_000, {}, 1_700_000_112_000),
    event(open.id, cfo, 'comment.added', null, null, { threadId: 't1' }, 1_700_000_112_000),
    event(open.id, champion, 'section.read', null, null, { sectionId: 's1' }, 1_700_000_120_000),
    event(closed.id, cfo, 'task.completed', null, null, { taskId: 'k1' }, 1_700_000_130_000),
  ])
  await storage.setDigestState(sam, { sentAt: 1_700_000_900_000 })
  await storage.setDigestState(cfo, { optOut: true })
  await storage.setDigestState(tess, { sentAt: 1_700_000_900_000, optOut: false })

  // The open room's document: a snapshot, two edits compacted into it, one edit still in the log.
  const name = `room.${open.id}`
  const stored = await storage.loadDocument(name)
  const doc = new Y.Doc()
  if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
  const edit = (key: string) => {
    const before = Y.encodeStateVector(doc)
    doc.getMap('meta').set(key, `value of ${key}`)
    return Y.encodeStateAsUpdate(doc, before)
  }
  await storage.appendUpdate(name, edit('first'))
  const upTo = await storage.appendUpdate(name, edit('second'))
  const compacted = Y.encodeStateAsUpdate(doc)
  await storage.appendUpdate(name, edit('third'))
  await storage.compactDocument(name, compacted, upTo)
  await storage.appendUpdate(`room.${closed.id}.internal`, edit('internal'))
  doc.destroy()
}

function event(
  roomId: string,
  personId: string,
  kind: 'room.opened' | 'section.viewed' | 'comment.added' | 'section.read' | 'task.completed',
  section: string | null,
  durationMs: number | null,
  detail: Record<string, unknown>,
  at: number,
) {
  return { roomId, personId, side: 'buyer' as const, kind, section, durationMs, detail, at }
}

const base64 = (bytes: Uint8Array | null) =>
  bytes === null ? null : Buffer.from(bytes).toString('base64')

/** Everything the release data can be read back as, as JSON-ready values. */
export async function readReleaseData(storage: Storage): Promise<Record<string, unknown>> {
  const reads: Record<string, unknown> = {}
  const rooms = await storage.listRooms()
  reads.listRooms = rooms
  const people = await Promise.all(PEOPLE.map((email) => storage.findPersonByEmail(email)))
  reads.findPersonByEmail = people
  const personIds = people.flatMap((person) => (person ? [person.id] : []))
  reads.getPerson = await Promise.all(personIds.map((id) => storage.getPerson(id)))
  reads.countPeople = [await storage.countPeople('seller'), await storage.countPeople('buyer')]
  for (const room of rooms) {
    const of = (key: string, value: unknown) => {
      reads[`${key} ${room.title}`] = value
    }
    of('getRoom', await storage.getRoom(room.id))
    of('listMembers', await storage.listMembers(room.id))
    of('getMember', await Promise.all(personIds.map((id) => storage.getMember(room.id, id))))
    of('isRevoked', await Promise.all(personIds.map((id) => storage.isRevoked(room.id, id))))
    of('hasEvents', await Promise.all(personIds.map((id) => storage.hasEvents(room.id, id))))
    of('listPendingInvites', await storage.listPendingInvites(room.id, READ_AT))
    of('listEvents', await storage.listEvents({ roomId: room.id }))
    of('latestEmailCode', [
      await storage.latestEmailCode(room.id, 'new@acme.test'),
      await storage.latestEmailCode(room.id, 'other@globex.test'),
    ])
    for (const name of [`room.${room.id}`, `room.${room.id}.internal`]) {
      const stored = await storage.loadDocument(name)
      of(`loadDocument ${name.endsWith('.internal') ? 'internal' : 'shared'}`, {
        snapshot: base64(stored?.snapshot ?? null),
        updates: stored?.updates.map(base64),
        lastSeq: stored?.lastSeq,
        countUpdates: await storage.countUpdates(name),
      })
    }
  }
  reads.listRoomsOf = await Promise.all(personIds.map((id) => storage.listRoomsOf(id)))
  reads.digestState = await Promise.all(personIds.map((id) => storage.digestState(id)))
  reads.getSession = await Promise.all(SESSIONS.map((hash) => storage.getSession(hash)))
  reads.findLinkByHash = await Promise.all(LINKS.map((hash) => storage.findLinkByHash(hash)))
  reads.accessChangesSince = await storage.accessChangesSince(0)
  reads.lastAccessChangeSeq = await storage.lastAccessChangeSeq()
  reads.listAudit = await storage.listAudit({ limit: 100 })
  reads.listOutbox = await storage.listOutbox(100)
  reads.countEmailCodesSince = await storage.countEmailCodesSince('new@acme.test', 0)
  reads.getSetting = await Promise.all(SETTINGS.map((key) => storage.getSetting(key)))
  return reads
}
