import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type * as z from 'zod/mini'
import {
  type BodyOf,
  type Endpoint,
  isMediaAnswer,
  type ParamsOf,
  type QueryOf,
} from '../../../shared/src/api/endpoint.ts'
import { Problem } from '../errors.ts'
import { readInput } from './input.ts'

export interface RouteContext<E extends Endpoint> {
  request: FastifyRequest
  reply: FastifyReply
  /** The path parameters, already checked (before the handler runs, as every route needs them). */
  params: ParamsOf<E>
  /** The query string, checked when the handler asks (after its own checks, such as the session). */
  query(): QueryOf<E>
  /** The JSON body, checked when the handler asks. */
  body(): BodyOf<E>
}

/** A page or file: what a handler of a non-JSON endpoint answers (or the reply it sent). */
export type MediaReply =
  | {
      status?: number
      body: string
      headers?: Record<string, string>
    }
  | FastifyReply

type HandlerAnswer<E extends Endpoint> = E['answer'] extends z.ZodMiniType
  ? z.input<E['answer']>
  : MediaReply

export type Handler<E extends Endpoint> = (context: RouteContext<E>) => Promise<HandlerAnswer<E>>

export interface RouteOptions {
  /** Check every JSON answer against its schema (tests): a drift from the contract is a 500. */
  checkAnswers: boolean
}

/**
 * State-changing requests must carry `X-Quorum-CSRF: 1`: a page on another site cannot add it
 * without a CORS preflight, which this server never grants, so a cookie alone never changes
 * anything.
 */
async function requireCsrfHeader(request: FastifyRequest): Promise<void> {
  if (request.headers['x-quorum-csrf'] !== '1')
    throw new Problem(
      'forbidden',
      'Missing the X-Quorum-CSRF header required on state-changing requests',
    )
}

/** Registers the handler of one declared endpoint. */
export function route<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  options: RouteOptions,
  handle: Handler<E>,
): void {
  const { answer } = endpoint
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    // A key in the Authorization header is no ambient credential: a page on another site cannot
    // make a browser send one, so API-key routes need no CSRF header.
    ...(endpoint.method === 'GET' || endpoint.auth === 'api-key'
      ? {}
      : { onRequest: requireCsrfHeader }),
    handler: async (request, reply) => {
      const params = (
        endpoint.params ? readInput(endpoint.params, request.params, 'path') : {}
      ) as ParamsOf<E>
      const query = () =>
        (endpoint.query ? readInput(endpoint.query, request.query, 'query') : {}) as QueryOf<E>
      const body = () =>
        (endpoint.body ? readInput(endpoint.body, request.body, 'body') : {}) as BodyOf<E>
      const result: unknown = await handle({ request, reply, params, query, body })
      // The handler answered itself (a page from the web app, say).
      if (reply.sent || result === reply) return reply
      if (isMediaAnswer(answer)) {
        const media = result as Exclude<MediaReply, FastifyReply>
        return reply
          .code(media.status ?? endpoint.status ?? 200)
          .headers({ 'content-type': `${answer.mediaType}; charset=utf-8`, ...media.headers })
          .send(media.body)
      }
      if (options.checkAnswers) {
        const checked = answer.safeParse(result)
        if (!checked.success)
          throw new Error(
            `${endpoint.method} ${endpoint.path} answered outside its contract: ${checked.error.message}`,
          )
      }
      return reply
        .code(endpoint.status ?? 200)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(result)
    },
  })
}
