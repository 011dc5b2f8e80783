import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'
import type { Ctx, Router } from './context'
import { AppError, fromDatabaseError } from './errors'
import { ZUuidSchema } from '../../types/common'

export type { AppEnv, Ctx, Router, WxContext } from './context'

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.join('.') : '_'
    fields[path] ??= issue.message
  }
  return fields
}

function invalid(error: z.ZodError): AppError {
  const fields = fieldErrors(error)
  const first = Object.values(fields)[0]
  return new AppError('INVALID_INPUT', { fields }, first ? `${first}` : undefined)
}

/** Parses a JSON body with its contract: 415 not JSON, 400 malformed JSON, 400 with field paths. */
export async function parseBody<S extends z.ZodTypeAny>(c: Ctx, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? ''
  const text = await c.req.text()
  if (text.trim() === '' && !type) return parseValue(schema, {})
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'application/json' })
  let value: unknown
  try {
    value = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new AppError('MALFORMED_JSON')
  }
  return parseValue(schema, value)
}

export function parseValue<S extends z.ZodTypeAny>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw invalid(result.error)
  const nul = findNul(result.data)
  if (nul !== null) throw new AppError('INVALID_INPUT', { fields: { [nul || '_']: '内容含有无法识别的字符' } }, '内容含有无法识别的字符')
  return result.data
}

// PostgreSQL text cannot hold U+0000: refuse it at the edge, for every contract at once
function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}.${i}` : String(i))
      if (hit !== null) return hit
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, path ? `${path}.${k}` : k)
      if (hit !== null) return hit
    }
  }
  return null
}

export function parseQuery<S extends z.ZodTypeAny>(c: Ctx, schema: S): z.output<S> {
  return parseValue(schema, c.req.query())
}

/** A path id that is not a uuid names nothing: 404, not 400. */
export function parseId(c: Ctx, name = 'id', notFound: ConstructorParameters<typeof AppError>[0] = 'NOT_FOUND'): string {
  const raw = c.req.param(name)
  if (!ZUuidSchema.safeParse(raw).success) throw new AppError(notFound)
  return raw as string
}

export function installErrorHandling(app: Router): void {
  app.notFound((c) => c.json(new AppError('ROUTE_NOT_FOUND').toBody(), 404))
  app.onError((error, c) => {
    let appError: AppError | null
    if (error instanceof AppError) appError = error
    else if (error instanceof HTTPException && error.status === 413) appError = new AppError('PAYLOAD_TOO_LARGE')
    else if (error instanceof HTTPException && error.status < 500) appError = new AppError('INVALID_INPUT', undefined, error.message || undefined)
    else appError = fromDatabaseError(error)
    // a client or proxy that knows HTTP waits as told without reading the body
    if (appError?.code === 'RATE_LIMITED') c.header('retry-after', String(appError.details?.retryAfter ?? 60))
    if (appError) return c.json(appError.toBody(), appError.status as 400)
    c.var.deps?.logger.error({ err: error, requestId: c.var.requestId, method: c.req.method, path: c.req.path }, 'unhandled error')
    return c.json(new AppError('INTERNAL').toBody(), 500)
  })
}
