import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dataset, LcObject } from './leancloud-export'

/**
 * A small LeanCloud-compatible server for tests: the REST endpoints the leancloud-storage SDK calls
 * for queries — GET /1.1/classes/<Class> with where (JSON: equality, $gt/$gte/$lt/$lte on dates as
 * {__type:'Date', iso} and on strings, $or/$and), limit, skip, order ("createdAt,objectId",
 * "-createdAt"), count — and GET /1.1/classes/<Class>/<objectId>. It checks X-LC-Id, logs every
 * request, serves photos at /files/<name>, and can be told to fail.
 */
export interface FakeLeanCloud {
  url: string
  appId: string
  appKey: string
  data: Dataset
  files: Map<string, Buffer>
  requests: { method: string; path: string; query: Record<string, string> }[]
  /** Pages (queries with an order) of `className`: after `after` more succeed, the next `n` answer 500. */
  failPages(className: string, after: number, n?: number): void
  close(): Promise<void>
}

type Where = Record<string, unknown>

function operand(v: unknown): number | string | boolean | null {
  if (v && typeof v === 'object' && (v as { __type?: string }).__type === 'Date') return new Date((v as { iso: string }).iso).getTime()
  if (v && typeof v === 'object' && (v as { __type?: string }).__type === 'Pointer') return (v as { objectId: string }).objectId
  return v as string
}

function fieldValue(row: LcObject, key: string): number | string | boolean | null {
  const v = row[key]
  if ((key === 'createdAt' || key === 'updatedAt') && typeof v === 'string') return new Date(v).getTime()
  return operand(v)
}

function matches(row: LcObject, where: Where): boolean {
  return Object.entries(where).every(([key, cond]) => {
    if (key === '$or') return (cond as Where[]).some((w) => matches(row, w))
    if (key === '$and') return (cond as Where[]).every((w) => matches(row, w))
    const value = fieldValue(row, key)
    const isOps = cond && typeof cond === 'object' && !Array.isArray(cond) && Object.keys(cond).every((k) => k.startsWith('$'))
    if (!isOps) return value === operand(cond)
    return Object.entries(cond as Record<string, unknown>).every(([op, arg]) => {
      const a = operand(arg) as number
      if (value === null || value === undefined) return op === '$exists' ? arg === false : false
      switch (op) {
        case '$gt':
          return (value as number) > a
        case '$gte':
          return (value as number) >= a
        case '$lt':
          return (value as number) < a
        case '$lte':
          return (value as number) <= a
        case '$ne':
          return value !== a
        case '$in':
          return (arg as unknown[]).map(operand).includes(value)
        case '$exists':
          return arg === true
        default:
          throw new Error(`operator ${op} not supported by the fake server`)
      }
    })
  })
}

function sortBy(order: string | undefined) {
  const keys = (order ?? 'createdAt')
    .split(',')
    .filter(Boolean)
    .map((k) => (k.startsWith('-') ? { key: k.slice(1), dir: -1 } : { key: k, dir: 1 }))
  return (a: LcObject, b: LcObject) => {
    for (const { key, dir } of keys) {
      const x = fieldValue(a, key) as number | string
      const y = fieldValue(b, key) as number | string
      if (x < y) return -dir
      if (x > y) return dir
    }
    return 0
  }
}

export async function startFakeLeanCloud(data: Dataset, options: { appId?: string; appKey?: string } = {}): Promise<FakeLeanCloud> {
  const appId = options.appId ?? 'fakeAppId-MdYXbMMI'
  const appKey = options.appKey ?? 'fakeAppKey'
  const files = new Map<string, Buffer>()
  const requests: FakeLeanCloud['requests'] = []
  let failing: { className: string; okBefore: number; failures: number } | null = null

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    const query = Object.fromEntries(u.searchParams)
    requests.push({ method: req.method ?? 'GET', path: u.pathname, query })
    const fileMatch = /^\/files\/([^/]+)$/.exec(u.pathname)
    if (fileMatch) {
      const bytes = files.get(decodeURIComponent(fileMatch[1]))
      if (!bytes) return send(res, 404, { error: 'not found' })
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length })
      return res.end(bytes)
    }
    const m = /^\/1\.1\/classes\/([A-Za-z_][A-Za-z0-9_]*)(?:\/([^/]+))?$/.exec(u.pathname)
    if (!m || req.method !== 'GET') return send(res, 404, { code: 404, error: 'Not Found' })
    if (req.headers['x-lc-id'] !== appId) return send(res, 401, { code: 401, error: 'Unauthorized.' })
    if (failing && failing.className === m[1] && !m[2] && query.order) {
      if (failing.okBefore <= 0 && failing.failures > 0) {
        failing.failures--
        return send(res, 500, { code: 1, error: 'Internal server error. No information available.' })
      }
      failing.okBefore--
    }
    // like LeanCloud: a class that was never created answers 101
    if (!data[m[1]]) return send(res, 404, { code: 101, error: "Class or object doesn't exists." })
    const rows = data[m[1]]
    if (m[2]) {
      const row = rows.find((r) => r.objectId === m[2])
      return row ? send(res, 200, row) : send(res, 404, { code: 101, error: 'Object not found.' })
    }
    let where: Where = {}
    try {
      where = query.where ? (JSON.parse(query.where) as Where) : {}
    } catch {
      return send(res, 400, { code: 107, error: 'Malformed json object. A json dictionary is expected.' })
    }
    let found: LcObject[]
    try {
      found = rows.filter((r) => matches(r, where)).sort(sortBy(query.order))
    } catch (error) {
      return send(res, 400, { code: 102, error: (error as Error).message })
    }
    const skip = Number(query.skip ?? 0)
    const limit = Math.min(Number(query.limit ?? 100), 1000)
    const body: { results: LcObject[]; count?: number } = { results: limit === 0 ? [] : found.slice(skip, skip + limit) }
    if (query.count === '1') body.count = found.length
    return send(res, 200, body)
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res)
    } catch (error) {
      send(res, 500, { code: 1, error: String(error) })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appKey,
    data,
    files,
    requests,
    failPages(className, after, n = 1) {
      failing = { className, okBefore: after, failures: n }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
