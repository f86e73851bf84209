type Json = Record<string, unknown>

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  )

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const INDENT = '  '

/** A JSON Schema written as a TypeScript-like type, HTML-escaped, with links to named shapes. */
function typeOf(schema: unknown, depth = 0): string {
  if (!isObject(schema)) return 'any'
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop() ?? ''
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`
  }
  if ('const' in schema) return escapeHtml(JSON.stringify(schema.const))
  if (Array.isArray(schema.enum))
    return schema.enum.map((value) => escapeHtml(JSON.stringify(value))).join(' | ')
  const variants = schema.anyOf ?? schema.oneOf
  if (Array.isArray(variants)) return variants.map((each) => typeOf(each, depth)).join(' | ')
  if (Array.isArray(schema.type))
    return schema.type.map((type) => typeOf({ ...schema, type }, depth)).join(' | ')
  switch (schema.type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {}
      const required = new Set(Array.isArray(schema.required) ? schema.required : [])
      const entries = Object.entries(properties)
      if (entries.length === 0)
        return isObject(schema.additionalProperties)
          ? `{ [key: string]: ${typeOf(schema.additionalProperties, depth)} }`
          : 'object'
      const pad = INDENT.repeat(depth + 1)
      const lines = entries.map(([name, property]) => {
        const note =
          isObject(property) && typeof property.description === 'string'
            ? ` <span class="note">// ${escapeHtml(property.description)}</span>`
            : ''
        return `${pad}${escapeHtml(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, depth + 1)}${note}`
      })
      return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`
    }
    case 'array':
      return `Array&lt;${typeOf(schema.items, depth)}&gt;`
    case 'integer':
      return 'integer'
    case 'string':
      return typeof schema.format === 'string' ? `string (${escapeHtml(schema.format)})` : 'string'
    case 'number':
    case 'boolean':
    case 'null':
      return schema.type
    default:
      return 'any'
  }
}

function operationHtml(path: string, method: string, operation: Json): string {
  const parameters = Array.isArray(operation.parameters)
    ? operation.parameters.filter(isObject)
    : []
  const body = isObject(operation.requestBody) ? operation.requestBody : null
  const bodySchema = body ? Object.values(isObject(body.content) ? body.content : {})[0] : null
  const responses = isObject(operation.responses) ? operation.responses : {}
  const success = Object.entries(responses).find(([status]) => status.startsWith('2'))
  const successContent =
    success && isObject(success[1]) && isObject(success[1].content) ? success[1].content : {}
  const [mediaType, media] = Object.entries(successContent)[0] ?? ['', null]
  const id = String(operation.operationId ?? '')
  return `<section class="op" id="${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(operation.summary ?? ''))}. <em>${escapeHtml(String(operation.description ?? ''))}</em></p>
${
  parameters.length > 0
    ? `<table><tr><th>Parameter</th><th>In</th><th>Type</th><th></th></tr>${parameters
        .map(
          (parameter) =>
            `<tr><td><code>${escapeHtml(String(parameter.name))}</code>${parameter.required ? '' : '?'}</td><td>${escapeHtml(String(parameter.in))}</td><td><code>${typeOf(parameter.schema)}</code></td><td>${escapeHtml(String(parameter.description ?? ''))}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${bodySchema && isObject(bodySchema) ? `<h4>Body (JSON)</h4><pre>${typeOf(bodySchema.schema)}</pre>` : ''}
<h4>Answer ${escapeHtml(success?.[0] ?? '')} (${escapeHtml(mediaType)})</h4>
<pre>${isObject(media) && mediaType === 'application/json' ? typeOf(media.schema) : escapeHtml(String(success && isObject(success[1]) ? success[1].description : ''))}</pre>
</section>`
}

/**
 * The API reference as one self-contained page rendered from the OpenAPI document: no script
 * and nothing from another origin, so it passes the app's Content-Security-Policy as it is.
 */
export function apiReferencePage(document: Json): string {
  const info = isObject(document.info) ? document.info : {}
  const paths = isObject(document.paths) ? document.paths : {}
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(isObject(methods) ? methods : {}).map(([method, operation]) => ({
      path,
      method,
      operation: isObject(operation) ? operation : {},
    })),
  )
  const tags = [...new Set(operations.map(({ operation }) => String(operation.tags ?? '')))]
  const components = isObject(document.components) ? document.components : {}
  const schemas = isObject(components.schemas) ? components.schemas : {}
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(String(info.title ?? 'API'))} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f27}
h2{margin-top:2.5rem;border-bottom:1px solid #e2e5eb;text-transform:capitalize}.op{border:1px solid #e2e5eb;border-radius:8px;padding:4px 16px;margin:16px 0}
h3{font-size:15px}.method{display:inline-block;min-width:3.5rem;padding:1px 6px;border-radius:4px;color:#fff;background:#2f6feb;font-size:12px;text-align:center}
.method.post{background:#1a7f37}pre{background:#f6f8fa;padding:8px 12px;border-radius:6px;overflow:auto;font-size:13px}
table{border-collapse:collapse;font-size:14px}td,th{border-bottom:1px solid #eef0f3;padding:4px 10px 4px 0;text-align:left;vertical-align:top}
.note{color:#5d6676}nav a{margin-right:12px}</style></head><body>
<h1>${escapeHtml(String(info.title ?? 'API'))}</h1>
<p>${escapeHtml(String(info.description ?? ''))}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${tags.map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join('')}<a href="#schemas">shapes</a></nav>
${tags
  .map(
    (tag) =>
      `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${operations
        .filter(({ operation }) => String(operation.tags ?? '') === tag)
        .map(({ path, method, operation }) => operationHtml(path, method, operation))
        .join('\n')}`,
  )
  .join('\n')}
<h2 id="schemas">Shapes</h2>
${Object.entries(schemas)
  .map(
    ([name, schema]) =>
      `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3><pre>${typeOf(schema)}</pre>`,
  )
  .join('\n')}
</body></html>`
}
