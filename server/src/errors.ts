/**
 * An error meant for the person at the other end (CLI user, API client): the message says what
 * went wrong and what to do; the kind maps to an exit code or HTTP status.
 */
export type ProblemKind =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'gone'
  | 'too-large'
  | 'rate-limited'

export class Problem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message)
    this.name = 'Problem'
  }
}

export const HTTP_STATUS: Record<ProblemKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  'rate-limited': 429,
}
