import type { AccessMode, Role } from '../../../shared/src/access.ts'

export interface Room {
  id: string
  title: string
  ownerId: string
  template: string
  createdAt: number
  lastActivityAt: number
  closedAt: number | null
  accessMode: AccessMode
  /** Lower-case domains (no @) whose addresses may join after verifying, in 'domain' mode. */
  allowedDomains: string[]
}

export interface RoomSummary extends Room {
  ownerEmail: string
  ownerName: string
  memberCount: number
}

export interface NewRoom {
  id: string
  title: string
  ownerId: string
  template: string
  /** Initial snapshots of the room's documents, written in the same transaction. */
  documents: Array<{ name: string; snapshot: Uint8Array }>
}

export interface Member {
  roomId: string
  personId: string
  role: Role
  createdAt: number
  /** When they first opened the room; null while invited but not joined. */
  joinedAt: number | null
  email: string
  name: string
}

/** Rooms and who is in each, with which role. */
export interface RoomStore {
  createRoom(input: NewRoom): Promise<Room>
  getRoom(id: string): Promise<Room | null>
  listRooms(): Promise<RoomSummary[]>
  touchRoom(id: string, at: number): Promise<void>
  closeRoom(id: string, at: number): Promise<void>
  /** Adds a member or changes their role. */
  putMember(roomId: string, personId: string, role: Role): Promise<Member>
  getMember(roomId: string, personId: string): Promise<Member | null>
  listMembers(roomId: string): Promise<Member[]>
  /** Takes a person out of a room; false if they were not in it. */
  removeMember(roomId: string, personId: string): Promise<boolean>
  /** Records the first time a member opened the room (later calls change nothing). */
  markJoined(roomId: string, personId: string, at: number): Promise<void>
  /** Rooms a person is a member of, most recently active first, with their role. */
  listRoomsOf(personId: string): Promise<Array<RoomSummary & { role: Role }>>
}
