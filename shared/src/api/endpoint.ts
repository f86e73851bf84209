import * as z from 'zod/mini'

/**
 * One HTTP endpoint of Quorum: its method and path, and zod schemas of its request (path
 * parameters, query, JSON body) and answer. The server registers its handler against this
 * declaration and validates the request with it, the web app's fetch helper builds the request
 * from it and takes its answer type from it, and the OpenAPI document is generated from it.
 */
export type Method = 'GET' | 'POST'

/** An answer that is not JSON (a CSV export, an HTML page, metrics text, a page image, a PDF). */
export interface MediaAnswer {
  mediaType:
    | 'text/csv'
    | 'text/html'
    | 'text/plain'
    | 'text/calendar'
    | 'image/png'
    | 'application/pdf'
  description: string
}

/**
 * A request body that is not JSON but the bytes of a file (an upload), streamed by the server
 * as it arrives; its metadata travels in the query.
 */
export interface RawBody {
  /** The media types a client may send it as (`application/octet-stream` when unsure). */
  mediaTypes: readonly string[]
  description: string
}

type ObjectSchema = z.ZodMiniObject

export interface Endpoint {
  /** Unique and stable: the OpenAPI operationId. */
  name: string
  method: Method
  /** As registered with the server: `/api/rooms/:roomId/token`. */
  path: string
  summary: string
  /** The OpenAPI tag: which part of Quorum this is (rooms, access, signals…). */
  tag: string
  /** Who may call it, in words, for the reference. */
  access: string
  params?: ObjectSchema
  query?: ObjectSchema
  body?: ObjectSchema
  /** A file as the whole request body (never together with `body`). */
  rawBody?: RawBody
  /**
   * How the caller proves who they are: the session cookie (default; state-changing requests
   * then need the X-Quorum-CSRF header), or an API key (`Authorization: Bearer <key>`, cookies
   * never read, so no CSRF header) for the public REST API.
   */
  auth?: 'session' | 'api-key'
  /** The success status: 200 unless the endpoint creates something (201). */
  status?: 200 | 201
  answer: z.ZodMiniType | MediaAnswer
}

/** Declares an endpoint, keeping the exact schema types for the server and the client. */
export const endpoint = <const E extends Endpoint>(declared: E): E => declared

type Empty = Record<string, never>
type Schema<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E[K] extends z.ZodMiniType
  ? E[K]
  : undefined

/** What the server reads, after validation. */
export type ParamsOf<E extends Endpoint> =
  Schema<E, 'params'> extends z.ZodMiniType ? z.output<Schema<E, 'params'>> : Empty
export type QueryOf<E extends Endpoint> =
  Schema<E, 'query'> extends z.ZodMiniType ? z.output<Schema<E, 'query'>> : Empty
export type BodyOf<E extends Endpoint> =
  Schema<E, 'body'> extends z.ZodMiniType ? z.output<Schema<E, 'body'>> : Empty

/** What a client sends. */
export interface RequestOf<E extends Endpoint> {
  params?: Schema<E, 'params'> extends z.ZodMiniType ? z.input<Schema<E, 'params'>> : never
  query?: Schema<E, 'query'> extends z.ZodMiniType ? z.input<Schema<E, 'query'>> : never
  body?: Schema<E, 'body'> extends z.ZodMiniType ? z.input<Schema<E, 'body'>> : never
}

/** The JSON answer: what the server must produce and what the client receives. */
export type AnswerOf<E extends Endpoint> = E['answer'] extends z.ZodMiniType
  ? z.output<E['answer']>
  : string

export const isMediaAnswer = (answer: Endpoint['answer']): answer is MediaAnswer =>
  !(answer instanceof z.ZodMiniType)

/** The path with its parameters filled in (each encoded). */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`${path}: no value for :${name}`)
    return encodeURIComponent(value)
  })
}

/** Every error answer: `{ "error": { "code", "message", "field"?, "requestId"? } }`. */
export const ProblemAnswer = z
  .object({
    error: z.object({
      code: z.enum([
        'invalid',
        'unauthorized',
        'forbidden',
        'not-found',
        'conflict',
        'gone',
        'too-large',
        'unsupported-type',
        'unprocessable',
        'rate-limited',
        'internal',
        'unavailable',
      ]),
      message: z
        .string()
        .check(z.meta({ description: 'What went wrong and what to do, for people.' })),
      field: z.optional(
        z.string().check(z.meta({ description: 'The request field that was refused (400 only).' })),
      ),
      requestId: z.optional(
        z
          .string()
          .check(
            z.meta({ description: 'The id of the request in the server log (X-Request-Id).' }),
          ),
      ),
    }),
  })
  .check(z.meta({ id: 'Problem' }))
export type ProblemAnswer = z.infer<typeof ProblemAnswer>
