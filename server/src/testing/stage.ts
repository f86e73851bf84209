import { request as httpRequest } from 'node:http'
import { type BuyerRole, isSellerRole, ROLES, type Role } from '../../../shared/src/access.ts'
import { inviteBuyer } from '../access/invites.ts'
import type { IssuedLink } from '../access/links.ts'
import { addSeller, sellerSignInLink } from '../access/people.ts'
import { createRoom } from '../collaboration/rooms.ts'
import type { Person } from '../storage/storage.ts'
import { secretOf, type TestServer } from './harness.ts'

/**
 * Everyone the authorization matrix tries: the five room roles, someone signed in to another room
 * (`outsider`), and someone with no session at all (`anonymous`).
 */
export const SUBJECTS = [...ROLES, 'outsider', 'anonymous'] as const
export type Subject = (typeof SUBJECTS)[number]

export const isRole = (subject: Subject): subject is Role =>
  (ROLES as readonly string[]).includes(subject)

/** One person at the table: who they are, their session cookie, the address they call from. */
export interface Seat {
  subject: Subject
  /** Null for `anonymous`. */
  person: Person | null
  /** The session cookie (`name=value`), '' without a session. */
  cookie: string
  /** Their own loopback address, so per-address rate limits never tie two people together. */
  address: string
}

export interface SeatedRoom {
  roomId: string
  seats: Record<Subject, Seat>
}

export interface HttpAnswer {
  status: number
  text: string
  setCookie: string | null
}

let addressCount = 0
/** A loopback address not handed out before (127.1.0.1, 127.1.0.2, …). */
export function freshAddress(): string {
  addressCount++
  return `127.1.${Math.floor(addressCount / 250)}.${(addressCount % 250) + 1}`
}

/**
 * An HTTP request as the web app sends it (the CSRF header on every state-changing request), from
 * `from.address`, with `from.cookie` and nothing else: a cookie the answer sets is not kept.
 */
export function sendHttp(
  port: number,
  from: { address: string; cookie: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpAnswer> {
  // Bytes go as they are (a file upload); anything else as JSON.
  const raw = body instanceof Uint8Array
  const payload =
    body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: from.address,
        headers: {
          ...(payload === undefined
            ? {}
            : {
                'content-type': raw ? 'application/octet-stream' : 'application/json',
                'content-length': Buffer.byteLength(payload),
              }),
          ...(method === 'GET' ? {} : { 'x-quorum-csrf': '1' }),
          ...(from.cookie ? { cookie: from.cookie } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            setCookie: response.headers['set-cookie']?.[0]?.split(';')[0] ?? null,
          }),
        )
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

const BUYERS: readonly BuyerRole[] = ['champion', 'stakeholder', 'viewer']

/**
 * The people of the authorization matrix and their rooms, on a real server (the owner is the
 * first seller account, so the seller team's admin; the other sellers are members):
 * - `main`: a room with one person in every role, each signed in through their own link;
 * - `other`: another seller's room, where the outsider is a champion (signed in to it), with a
 *   canary nobody of `main` may ever see;
 * - `joinable`: a room anyone at buyer.test may join with an e-mailed code;
 * - `bystander`: a stakeholder of `main` who is none of the seats ("someone else").
 */
export class Stage {
  private buyerCount = 0

  private constructor(
    readonly test: TestServer,
    readonly port: number,
    readonly main: SeatedRoom,
    readonly other: { roomId: string; owner: Person; outsider: Person },
    readonly joinable: { roomId: string },
    readonly bystander: Person,
    private readonly people: Map<Role, Person>,
  ) {}

  static async open(test: TestServer): Promise<Stage> {
    const { storage, httpUrl } = test
    const port = test.server.port
    const owner = await addSeller(storage, httpUrl, {
      email: 'owner@vendor.test',
      name: 'Olga Owner',
    })
    const seller = await addSeller(storage, httpUrl, {
      email: 'seller@vendor.test',
      name: 'Sid Seller',
    })
    const coOwner = await addSeller(storage, httpUrl, {
      email: 'coowner@vendor.test',
      name: 'Cora Coowner',
    })
    const room = await createRoom(storage, { ownerEmail: owner.person.email, title: 'Main room' })
    await storage.putMember(room.id, seller.person.id, 'seller')
    await storage.putMember(room.id, coOwner.person.id, 'co-owner')
    const seats = {} as Record<Subject, Seat>
    const sit = async (subject: Subject, person: Person | null, link: IssuedLink | null) => {
      const address = freshAddress()
      const cookie = link ? await redeem(port, address, link) : ''
      seats[subject] = { subject, person, cookie, address }
    }
    const people = new Map<Role, Person>([
      ['owner', owner.person],
      ['seller', seller.person],
      ['co-owner', coOwner.person],
    ])
    await sit('owner', owner.person, owner.signIn)
    await sit('co-owner', coOwner.person, coOwner.signIn)
    await sit('seller', seller.person, seller.signIn)
    for (const role of BUYERS) {
      const { person, invite } = await inviteBuyer(storage, httpUrl, {
        roomId: room.id,
        email: `${role}@buyer.test`,
        name: `${role[0]?.toUpperCase()}${role.slice(1)} Buyer`,
        role,
        ttlMs: null,
      })
      people.set(role, person)
      await sit(role, person, invite)
    }
    const { person: bystander } = await inviteBuyer(storage, httpUrl, {
      roomId: room.id,
      email: 'colleague@buyer.test',
      name: 'Colin Colleague',
      role: 'stakeholder',
      ttlMs: null,
    })

    const rival = await addSeller(storage, httpUrl, {
      email: 'rival@vendor.test',
      name: 'Rita Rival',
    })
    const otherRoom = await createRoom(storage, { ownerEmail: rival.person.email, title: 'Room B' })
    const outsider = await inviteBuyer(storage, httpUrl, {
      roomId: otherRoom.id,
      email: 'outsider@elsewhere.test',
      name: 'Otto Outsider',
      role: 'champion',
      ttlMs: null,
    })
    await sit('outsider', outsider.person, outsider.invite)
    await sit('anonymous', null, null)

    const openRoom = await createRoom(storage, {
      ownerEmail: owner.person.email,
      title: 'Open room',
    })
    await storage.setRoomAccess(openRoom.id, 'domain', ['buyer.test'])

    return new Stage(
      test,
      port,
      { roomId: room.id, seats },
      { roomId: otherRoom.id, owner: rival.person, outsider: outsider.person },
      { roomId: openRoom.id },
      bystander,
      people,
    )
  }

  /** The person who holds `role` in the main room (and in every room `seatedRoom` makes). */
  person(role: Role): Person {
    const person = this.people.get(role)
    if (!person) throw new Error(`no ${role} on the stage`)
    return person
  }

  send(from: { address: string; cookie: string }, method: string, path: string, body?: unknown) {
    return sendHttp(this.port, from, method, path, body)
  }

  /**
   * A new room with the same people in the same roles, the buyers signed in to it (a buyer's
   * session opens one room): for requests that end the room they are made in.
   */
  async seatedRoom(): Promise<SeatedRoom> {
    const { storage, httpUrl } = this.test
    const room = await createRoom(storage, {
      ownerEmail: this.person('owner').email,
      title: 'A room to close',
    })
    await storage.putMember(room.id, this.person('seller').id, 'seller')
    await storage.putMember(room.id, this.person('co-owner').id, 'co-owner')
    const seats = { ...this.main.seats }
    for (const role of BUYERS) {
      const { invite } = await inviteBuyer(storage, httpUrl, {
        roomId: room.id,
        email: this.person(role).email,
        name: this.person(role).name,
        role,
        ttlMs: null,
      })
      const seat = this.main.seats[role]
      seats[role] = { ...seat, cookie: await redeem(this.port, seat.address, invite) }
    }
    return { roomId: room.id, seats }
  }

  /** Someone newly invited to `roomId` who has not opened their link yet. */
  async newBuyer(roomId: string, role: BuyerRole = 'viewer') {
    this.buyerCount++
    return inviteBuyer(this.test.storage, this.test.httpUrl, {
      roomId,
      email: `newcomer-${this.buyerCount}@buyer.test`,
      name: `Newcomer ${this.buyerCount}`,
      role,
      ttlMs: null,
    })
  }

  /** A second session of the seat's person, signed in through a fresh link. */
  async spareCookie(seat: Seat, roomId = this.main.roomId): Promise<string> {
    const person = seat.person
    if (!person) return ''
    const { storage, httpUrl } = this.test
    const link =
      person.kind === 'seller'
        ? (await sellerSignInLink(storage, httpUrl, person.email)).signIn
        : await this.reinvite(person, seat.subject === 'outsider' ? this.other.roomId : roomId)
    return redeem(this.port, seat.address, link)
  }

  /** Signs the seat in again (after it signed out everywhere). */
  async renew(seat: Seat): Promise<void> {
    seat.cookie = await this.spareCookie(seat)
  }

  private async reinvite(person: Person, roomId: string): Promise<IssuedLink> {
    const member = await this.test.storage.getMember(roomId, person.id)
    if (!member || isSellerRole(member.role))
      throw new Error(`${person.email} is no buyer of room ${roomId}`)
    const { invite } = await inviteBuyer(this.test.storage, this.test.httpUrl, {
      roomId,
      email: person.email,
      name: person.name,
      role: member.role,
      ttlMs: null,
    })
    return invite
  }
}

/** Opens a one-time link as a browser would; the session cookie it sets. */
async function redeem(port: number, address: string, link: IssuedLink): Promise<string> {
  const answer = await sendHttp(port, { address, cookie: '' }, 'POST', '/api/links/redeem', {
    secret: secretOf(link.url),
  })
  if (answer.status !== 200 || !answer.setCookie)
    throw new Error(`signing in with ${link.url} answered ${answer.status}: ${answer.text}`)
  return answer.setCookie
}
