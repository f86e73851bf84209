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
  /** A file of a type Quorum does not take (decided from its bytes). */
  | 'unsupported-type'
  /** Well-formed but unusable: a corrupt or encrypted file, too many pages, a failed conversion. */
  | 'unprocessable'
  | 'rate-limited'
  /** Something this server lacks (LibreOffice for office files). */
  | 'unavailable'

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
  'unsupported-type': 415,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
}

/** A 429 that says when to come back (sent as `Retry-After`, in seconds). */
export class RetryLater extends Problem {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate-limited', message)
  }
}
