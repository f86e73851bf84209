/** Calls to the Quorum JSON API. Errors carry the server's message, written for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** The network is unreachable (offline), as opposed to the server saying no. */
export class OfflineError extends Error {}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'X-Quorum-CSRF': '1' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new OfflineError('You appear to be offline.')
  }
  const payload = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string } })
    | null
  if (!response.ok) {
    throw new ApiError(
      response.status,
      payload?.error?.code ?? 'error',
      payload?.error?.message ?? `The server answered ${response.status}.`,
    )
  }
  return payload as T
}

export interface SessionInfo {
  person: { id: string; name: string; email: string; kind: 'seller' | 'buyer' }
  roomId: string | null
}

export interface RoomListEntry {
  id: string
  title: string
  role: string
  owner: string
  members: number
  lastActivity: number
  closed: boolean
  /** Seller team only: 0–100 and why. */
  health: { score: number; reasons: string[] } | null
}

export interface MemberInfo {
  personId: string
  name: string
  role: string
  joinedAt: number | null
  email?: string
}

export interface RoomDetails {
  room: { id: string; title: string; template: string; createdAt: number }
  me: { personId: string; name: string; email: string; role: string }
  members: MemberInfo[]
}
