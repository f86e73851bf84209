import {
  type AnswerOf,
  type Endpoint,
  fillPath,
  type ProblemAnswer,
  type RequestOf,
} from '../../shared/src/api/endpoint.ts'

/**
 * Calls to the Quorum JSON API, built from the endpoint declarations the server registers too
 * (shared/src/api/): the path, the method and the answer's type come from one place. Errors carry
 * the server's message, written for people.
 */
export type { MemberInfo, RoomDetails, RoomListEntry } from '../../shared/src/api/rooms.ts'

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

/** `?a=1&kind=x&kind=y` from a query object (repeated parameters as arrays). */
function searchOf(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const each of Array.isArray(value) ? value : [value])
      if (each !== undefined && each !== null) search.append(name, String(each))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** Sends one request to a declared endpoint and returns its answer. */
export async function call<E extends Endpoint>(
  endpoint: E,
  request: RequestOf<E> = {},
): Promise<AnswerOf<E>> {
  const { method } = endpoint
  const path = fillPath(endpoint.path, request.params as Record<string, string> | undefined)
  const url = `${path}${searchOf(request.query as Record<string, unknown> | undefined)}`
  const { body } = request
  let response: Response
  try {
    response = await fetch(url, {
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
  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const problem = (payload as Partial<ProblemAnswer> | null)?.error
    throw new ApiError(
      response.status,
      problem?.code ?? 'error',
      problem?.message ?? `The server answered ${response.status}.`,
    )
  }
  // The server checks its answers against the same schema in its tests.
  return payload as AnswerOf<E>
}
