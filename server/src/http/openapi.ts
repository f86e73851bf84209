import * as z from 'zod/mini'
import { type Endpoint, isMediaAnswer, ProblemAnswer } from '../../../shared/src/api/endpoint.ts'

type JsonSchema = Record<string, unknown>

const OPENAPI_PATH = (path: string) => path.replace(/:(\w+)/g, '{$1}')

/** Error answers each endpoint may give, beyond its success. */
const ERRORS: Record<string, string> = {
  '400': 'A field or parameter is malformed (the answer names it), or the method is wrong',
  '401': 'Not signed in, or the session has ended',
  '403': 'The role does not allow it, or the X-Quorum-CSRF header is missing',
  '404': 'No such room, person or link',
  '410': 'The room was closed, or the link was used or has expired',
  '413': 'The body is over 64 KiB (an uploaded file: over MAX_UPLOAD_MB)',
  '429':
    'Too many attempts from this address or for this e-mail (an API key: too many requests this minute; see Retry-After)',
}

/** Further error answers of endpoints that take a file. */
const UPLOAD_ERRORS: Record<string, string> = {
  '415': 'The file is of a type Quorum does not take (read from its bytes)',
  '422':
    'The file is corrupt, encrypted or has too many pages, or its conversion failed or took too long',
  '503': 'An office file, and LibreOffice is not installed here or is busy with others (try again)',
}

/**
 * JSON Schema 2020-12 (what OpenAPI 3.1 uses) of a schema. Shapes with a `meta({ id })` come out
 * as `$defs`; they are moved to the document's components, and their references with them.
 */
function schemaOf(
  schema: z.ZodMiniType,
  io: 'input' | 'output',
  shapes: Map<string, unknown>,
): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...json
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  })
  const moved = (value: unknown): JsonSchema =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'))
  for (const [id, shape] of Object.entries($defs ?? {})) shapes.set(id, moved(shape))
  return moved(json)
}

/** One OpenAPI parameter per property of a path or query schema. */
function parametersOf(
  schema: z.ZodMiniType,
  where: 'path' | 'query',
  shapes: Map<string, unknown>,
): JsonSchema[] {
  const json = schemaOf(schema, 'input', shapes)
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      ...(property.type === 'array' ? { style: 'form', explode: true } : {}),
    }
  })
}

function operationOf(endpoint: Endpoint, shapes: Map<string, unknown>): JsonSchema {
  const { answer } = endpoint
  const success = isMediaAnswer(answer)
    ? {
        description: answer.description,
        content: { [answer.mediaType]: { schema: { type: 'string' } } },
      }
    : {
        description: 'OK',
        content: { 'application/json': { schema: schemaOf(answer, 'output', shapes) } },
      }
  const parameters = [
    ...(endpoint.params ? parametersOf(endpoint.params, 'path', shapes) : []),
    ...(endpoint.query ? parametersOf(endpoint.query, 'query', shapes) : []),
    ...(endpoint.method === 'GET' || endpoint.auth === 'api-key'
      ? []
      : [
          {
            name: 'X-Quorum-CSRF',
            in: 'header',
            required: true,
            description: 'Must be 1 on every state-changing request.',
            schema: { type: 'string', const: '1' },
          },
        ]),
  ]
  return {
    operationId: endpoint.name,
    summary: endpoint.summary,
    description: `Who may call it: ${endpoint.access}.`,
    tags: [endpoint.tag],
    ...(endpoint.auth === 'api-key' ? { security: [{ apiKey: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(endpoint.body, 'input', shapes) } },
          },
        }
      : {}),
    ...(endpoint.rawBody
      ? {
          requestBody: {
            required: true,
            description: endpoint.rawBody.description,
            content: Object.fromEntries(
              endpoint.rawBody.mediaTypes.map((mediaType) => [
                mediaType,
                { schema: { type: 'string', contentMediaType: mediaType } },
              ]),
            ),
          },
        }
      : {}),
    responses: {
      [String(endpoint.status ?? 200)]: success,
      ...Object.fromEntries(
        Object.entries({ ...ERRORS, ...(endpoint.rawBody ? UPLOAD_ERRORS : {}) }).map(
          ([status, description]) => [
            status,
            {
              description,
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            },
          ],
        ),
      ),
    },
  }
}

/** The OpenAPI 3.1 document of these endpoints. */
export function openApiDocument(endpoints: readonly Endpoint[], publicUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  const shapes = new Map<string, unknown>()
  for (const endpoint of endpoints) {
    const path = OPENAPI_PATH(endpoint.path)
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operationOf(endpoint, shapes) }
  }
  const problem = schemaOf(ProblemAnswer, 'output', shapes)
  if (!shapes.has('Problem')) shapes.set('Problem', problem)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quorum API',
      version: '1',
      description:
        'The HTTP API of a Quorum server: sessions from one-time links, rooms, access, insights. ' +
        'Sessions are the httpOnly `quorum_session` cookie; state-changing requests need the ' +
        '`X-Quorum-CSRF: 1` header. Errors are `{ "error": { "code", "message", "field"?, ' +
        '"requestId" } }`.',
    },
    servers: [{ url: publicUrl }],
    tags: [...new Set(endpoints.map((endpoint) => endpoint.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries([...shapes].sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'quorum_session' },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A key from the Integrations page or `quorum apikey create`, with the scopes the operation names.',
        },
      },
    },
  }
}
