import { type FastifyReply, type FastifyRequest, LogController } from 'fastify'

/**
 * One JSON log line per request (pino, Fastify's logger) instead of Fastify's two: its id (also
 * in the X-Request-Id header and in error answers), method, path, route, status and duration.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      url: request.url.slice(0, 200),
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    }
    if (error) request.log.error({ ...line, err: error }, 'request failed')
    else request.log.info(line, 'request')
  }
}
