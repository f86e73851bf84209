import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProblemAnswer } from '../../../shared/src/api/endpoint.ts'
import { HTTP_STATUS, Problem, RetryLater } from '../errors.ts'
import { InvalidInput } from './input.ts'

/** Largest JSON body the API reads. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * `{ "error": { "code", "message", "field"?, "requestId" } }` with the matching status; the
 * request id is the one in the log line of this request and in its X-Request-Id header.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  const body: ProblemAnswer = {
    error: {
      code: problem.kind,
      message: problem.message,
      ...(problem instanceof InvalidInput ? { field: problem.field } : {}),
      requestId: String(request.id),
    },
  }
  if (problem instanceof RetryLater) reply.header('retry-after', String(problem.retryAfterSeconds))
  reply.code(HTTP_STATUS[problem.kind]).header('cache-control', 'no-store').send(body)
}

const isFastifyError = (error: unknown): error is FastifyError =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'

/** Every error a route or Fastify throws, as problem JSON; the unexpected ones are logged. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof Problem) {
    sendProblem(request, reply, error)
    return
  }
  if (isFastifyError(error)) {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      sendProblem(
        request,
        reply,
        new Problem('too-large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`),
      )
      return
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      sendProblem(request, reply, new Problem('invalid', error.message))
      return
    }
  }
  request.log.error({ err: error }, 'Unexpected error while handling a request')
  const body: ProblemAnswer = {
    error: {
      code: 'internal',
      message: 'Something went wrong on the server; it has been logged.',
      requestId: String(request.id),
    },
  }
  reply.code(500).header('cache-control', 'no-store').send(body)
}
