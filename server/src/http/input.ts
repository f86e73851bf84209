import * as z from 'zod/mini'
import { Problem } from '../errors.ts'

/**
 * Request input (path, query, JSON body) is read through the zod schemas of shared/src/api/.
 * A malformed value is refused with a 400 whose message names the field, so a client learns what
 * to fix instead of meeting a 404, a 500 or a silently ignored typo.
 */

/** A 400 about one field; the problem JSON carries the field's name as `field` too. */
export class InvalidInput extends Problem {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('invalid', message)
  }
}

export type InputPart = 'path' | 'query' | 'body'

const namesOf = (schema: z.ZodMiniType): string[] =>
  schema instanceof z.ZodMiniObject ? Object.keys(schema.shape) : []

/** A parameter or field the route does not read: a typo would otherwise be dropped in silence. */
function unknownName(schema: z.ZodMiniType, part: InputPart, name: string): InvalidInput {
  const field = name.slice(0, 40)
  const takes = namesOf(schema)
    .map((known) => `"${known}"`)
    .join(', ')
  return new InvalidInput(
    field,
    part === 'query'
      ? `Unknown query parameter "${field}"; this request takes ${takes}`
      : `Unknown field "${field}"; this request takes ${takes}`,
  )
}

/** The value as `schema` reads it, or the first problem with it as a 400 naming the field. */
export function readInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  part: InputPart,
): z.output<S> {
  const result = schema.safeParse(value ?? {})
  if (result.success) return result.data
  const { issues } = result.error
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys')
  if (unknown && unknown.code === 'unrecognized_keys')
    throw unknownName(schema, part, unknown.keys[0] ?? '')
  const [first] = issues
  const field = first?.path[0]
  const message = first?.message ?? 'The request is not valid'
  if (typeof field === 'string') throw new InvalidInput(field, message)
  throw new Problem('invalid', message)
}
