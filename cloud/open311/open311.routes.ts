import { Hono } from 'hono'
import type { AppEnv, Ctx } from '../platform/http'
import { AppError } from '../platform/errors'
import { keyDigest, limitRequest } from '../platform/rate-limit'
import { HTTPException } from 'hono/http-exception'
import { ZOpen311PostSchema, ZOpen311QuerySchema } from '../../types/open311'
import { render, type Format } from './open311.format'
import { listServices, serviceDefinition } from './open311.services'
import { submitOpen311Request } from './submit-open311-request'
import { listOpen311RequestsUseCase } from './list-open311-requests'
import type { z } from 'zod'

/** GeoReport v2 errors: an array of {code, description}; 400, 403, 404 and 429 (rate limit) are used. */
class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    description: string,
  ) {
    super(description)
  }
}

function splitFormat(name: string): { base: string; format: Format } {
  const m = /^(.*)\.(json|xml)$/.exec(name)
  if (!m) throw new Open311Error(404, 'format must be .json or .xml')
  return { base: m[1], format: m[2] as Format }
}

function parse<S extends z.ZodTypeAny>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value)
  if (!r.success) throw new Open311Error(400, r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '))
  return r.data
}

function send(c: Ctx, format: Format, body: Parameters<typeof render>[1], root: string, item?: string, status: 200 | 201 | 400 | 403 | 404 | 429 = 200) {
  const out = render(format, body, root, item)
  return c.body(out.text, status, { 'content-type': out.type })
}

async function handle(c: Ctx, run: (format: Format) => Promise<Response>): Promise<Response> {
  const last = c.req.path.split('/').pop() ?? ''
  const format: Format = last.endsWith('.xml') ? 'xml' : 'json'
  try {
    return await run(format)
  } catch (error) {
    let status: 400 | 403 | 404 | 429
    let description: string
    if (error instanceof Open311Error) [status, description] = [error.status, error.message]
    else if (error instanceof AppError && error.code === 'RATE_LIMITED') {
      ;[status, description] = [429, `${error.message} (retry after ${error.details?.retryAfter} s)`]
      c.header('retry-after', String(error.details?.retryAfter))
    } else if (error instanceof AppError && (error.status === 403 || error.status === 404)) [status, description] = [error.status, error.message]
    else if (error instanceof AppError && error.status < 500) [status, description] = [400, error.message]
    else if (error instanceof HTTPException && error.status < 500) [status, description] = [400, error.message || 'bad request']
    else throw error
    return send(c, format, [{ code: status, description }], 'errors', 'error', status)
  }
}

async function formBody(c: Ctx): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) throw new Open311Error(400, 'POST body must be application/x-www-form-urlencoded')
  try {
    const form = await c.req.parseBody()
    for (const v of Object.values(form)) if (typeof v === 'string' && v.includes('\u0000')) throw new Open311Error(400, 'invalid characters')
    return form
  } catch (error) {
    if (error instanceof Open311Error) throw error
    throw new Open311Error(400, 'malformed form body')
  }
}

export const open311Routes = new Hono<AppEnv>()
  .get('/:file', (c) =>
    handle(c, async () => {
      const { base, format } = splitFormat(c.req.param('file'))
      if (base === 'discovery') {
        const url = new URL(c.req.url)
        return send(
          c,
          format,
          {
            changeset: '2026-11-27T00:00:00Z',
            contact: '天平街道城运中心',
            key_service: '向街道管理员申请 api_key',
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url: `${url.origin}/open311/v2`,
                changeset: '2026-11-27T00:00:00Z',
                type: 'production',
                formats: ['application/json', 'text/xml'],
              },
            ],
          },
          'discovery',
        )
      }
      if (base === 'services') return send(c, format, listServices(), 'services', 'service')
      if (base === 'requests') return send(c, format, await listOpen311RequestsUseCase(c.var.deps, parse(ZOpen311QuerySchema, c.req.query())), 'service_requests', 'request')
      throw new Open311Error(404, 'not found')
    }),
  )
  .get('/services/:file', (c) =>
    handle(c, async () => {
      const { base, format } = splitFormat(c.req.param('file'))
      const def = serviceDefinition(base)
      if (!def) throw new Open311Error(404, `service_code ${base} not found`)
      return send(c, format, def, 'service_definition')
    }),
  )
  .get('/requests/:file', (c) =>
    handle(c, async () => {
      const { base, format } = splitFormat(c.req.param('file'))
      const found = await listOpen311RequestsUseCase(c.var.deps, { id: base })
      if (found.length === 0) throw new Open311Error(404, `service_request_id ${base} not found`)
      return send(c, format, found, 'service_requests', 'request')
    }),
  )
  .post('/:file', (c) =>
    handle(c, async () => {
      const { base, format } = splitFormat(c.req.param('file'))
      if (base !== 'requests') throw new Open311Error(404, 'not found')
      const input = parse(ZOpen311PostSchema, await formBody(c))
      await limitRequest(c, [{ name: 'open311Post', subject: keyDigest(input.api_key) }])
      if (!listServices().some((s) => s.service_code === input.service_code)) throw new Open311Error(400, `service_code ${input.service_code} not found`)
      return send(c, format, await submitOpen311Request(c.var.deps, input), 'service_requests', 'request', 201)
    }),
  )
