import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parser } from 'stream-json'
import { pick } from 'stream-json/filters/Pick'
import { streamArray } from 'stream-json/streamers/StreamArray'

/** One LeanCloud object as JSON (what the export holds and what the SDK's toFullJSON gives). */
export type LcRow = Record<string, unknown> & { objectId: string; createdAt: string }

/** A row the source could not read (bad JSON line, no objectId): refused with its reason. */
export interface LcBadRow {
  bad: true
  ref: string
  reason: string
}

export type LcItem = LcRow | LcBadRow
export const isBad = (i: LcItem): i is LcBadRow => (i as LcBadRow).bad === true

export interface Checkpoint {
  createdAt: string
  objectId: string
}

export interface LcSource {
  /** Default name of the source app in the external-id table. */
  readonly appName: string
  /** Live pulls resume from a checkpoint; an export is read whole (the external ids skip what is in). */
  readonly resumable: boolean
  /** Pages of rows of one class, in (createdAt, objectId) order for live pulls, starting after `after`. */
  pages(className: string, batch: number, after: Checkpoint | null): AsyncIterable<LcItem[]>
  /** Rows of a class, when the source can tell cheaply (for the progress bar). */
  count(className: string, after: Checkpoint | null): Promise<number | null>
  /** URL of a _File object a row points at. */
  fileUrl(objectId: string): Promise<string | null>
  /** A class the source has no data for (no file in the export) is reported, not an error. */
  has(className: string): Promise<boolean>
}

function checkRow(value: unknown, ref: string): LcItem {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { bad: true, ref, reason: '不是一个对象' }
  const row = value as Record<string, unknown>
  if (typeof row.objectId !== 'string' || row.objectId.length === 0 || row.objectId.length > 100) return { bad: true, ref, reason: '缺少 objectId' }
  const created = dateOf(row.createdAt)
  if (!created) return { bad: true, ref: row.objectId, reason: 'createdAt 不是日期' }
  return { ...row, objectId: row.objectId, createdAt: created }
}

/** LeanCloud dates come as ISO strings or {__type: 'Date', iso}. */
export function dateOf(value: unknown): string | null {
  const iso = typeof value === 'string' ? value : value && typeof value === 'object' && (value as { iso?: unknown }).iso
  if (typeof iso !== 'string') return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

// ------------------------------------------------------------------ export folder

/**
 * LeanCloud's data export: one file per class, `<Class>.jsonl` (one object per line) or
 * `<Class>.json` (a JSON array, or `{"results": [...]}`, read with a streaming parser: no size limit),
 * optionally split into parts `<Class>.<n>.jsonl`. Every file is streamed; memory does not grow with the file.
 */
export function exportFolderSource(dir: string): LcSource {
  const root = resolve(dir)
  if (!existsSync(root)) throw new Error(`导出目录不存在：${root}`)
  const names = readdirSync(root)
  const filesOf = (className: string) =>
    names
      .filter((n) => n === `${className}.jsonl` || n === `${className}.json` || (n.startsWith(`${className}.`) && /^\.\d+\.jsonl?$/.test(n.slice(className.length))))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((n) => join(root, n))
  let files: Map<string, string> | null = null

  async function* items(className: string): AsyncIterable<LcItem> {
    for (const file of filesOf(className)) {
      const form = await fileForm(file)
      if (form !== 'lines') {
        // {"results": [...]} is what LeanCloud's REST API and older exports wrap a class in
        const tokens = createReadStream(file).pipe(parser())
        const stream = (form === 'results' ? tokens.pipe(pick({ filter: 'results' })) : tokens).pipe(streamArray())
        try {
          for await (const { key, value } of stream as AsyncIterable<{ key: number; value: unknown }>) yield checkRow(value, `${basename(file)}[${key}]`)
        } catch (error) {
          yield { bad: true, ref: basename(file), reason: `JSON 格式错误，其后的内容未读：${(error as Error).message.slice(0, 120)}` }
        }
      } else {
        const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
        let n = 0
        for await (const line of lines) {
          n++
          if (!line.trim()) continue
          let value: unknown
          try {
            value = JSON.parse(line)
          } catch {
            yield { bad: true, ref: `${basename(file)}:${n}`, reason: `第 ${n} 行不是合法的 JSON` }
            continue
          }
          yield checkRow(value, `${basename(file)}:${n}`)
        }
      }
    }
  }

  return {
    appName: basename(root),
    resumable: false,
    async *pages(className, batch) {
      let page: LcItem[] = []
      for await (const item of items(className)) {
        page.push(item)
        if (page.length >= batch) {
          yield page
          page = []
        }
      }
      if (page.length) yield page
    },
    async count() {
      return null
    },
    async fileUrl(objectId) {
      if (!files) {
        // only the _File class is held in memory, and only id → url
        files = new Map()
        for await (const item of items('_File')) {
          if (!isBad(item) && typeof item.url === 'string') files.set(item.objectId, item.url)
        }
      }
      return files.get(objectId) ?? null
    },
    async has(className) {
      return filesOf(className).length > 0
    },
  }
}

async function fileForm(file: string): Promise<'array' | 'results' | 'lines'> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(512)
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
    const head = buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
    if (head.startsWith('[')) return 'array'
    return /^\{\s*"results"\s*:\s*\[/.test(head) ? 'results' : 'lines'
  } finally {
    await fh.close()
  }
}

// ------------------------------------------------------------------ live pull (leancloud-storage)

export interface LiveOptions {
  appId: string
  appKey: string
  serverURL: string
  /** Needed on a real LeanCloud app to read other users' phone numbers and ACL-protected rows. */
  masterKey?: string | null
}

type AVModule = typeof import('leancloud-storage')
let initialised: string | null = null

function av(options: LiveOptions): AVModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AV = require('leancloud-storage') as AVModule
  const key = JSON.stringify(options)
  if (initialised !== key) {
    // re-initialising for another app (tests against several fake servers) is what init is for here:
    // the SDK only warns because a browser app should not switch apps
    const warn = console.warn
    console.warn = () => {}
    try {
      AV.init({ appId: options.appId, appKey: options.appKey, masterKey: options.masterKey ?? undefined, serverURL: options.serverURL })
    } finally {
      console.warn = warn
    }
    initialised = key
  }
  return AV
}

/**
 * Pulls classes through the LeanCloud JS SDK: each page is `createdAt > last OR (createdAt = last
 * AND objectId > lastId)` in (createdAt, objectId) order, at most 1,000 rows (LeanCloud's limit), so
 * a class of millions of rows streams in constant memory and a pull continues from any checkpoint.
 */
export function liveSource(options: LiveOptions): LcSource {
  const AV = av(options)
  const findOptions = options.masterKey ? { useMasterKey: true } : undefined
  const queryAfter = (className: string, after: Checkpoint | null) => {
    if (!after) return new AV.Query(className)
    const at = new Date(after.createdAt)
    return AV.Query.or(new AV.Query(className).greaterThan('createdAt', at), new AV.Query(className).equalTo('createdAt', at).greaterThan('objectId', after.objectId))
  }
  return {
    appName: options.appId,
    resumable: true,
    async *pages(className, batch, after) {
      const limit = Math.min(Math.max(batch, 1), 1000)
      let cursor = after
      for (;;) {
        av(options)
        const q = queryAfter(className, cursor).ascending('createdAt').addAscending('objectId').limit(limit)
        const objects = await q.find(findOptions)
        if (objects.length === 0) return
        const page = objects.map((o) => checkRow(o.toFullJSON(), o.id ?? '?'))
        yield page
        const last = objects[objects.length - 1]
        cursor = { createdAt: last.createdAt!.toISOString(), objectId: last.id! }
        if (objects.length < limit) return
      }
    },
    async count(className, after) {
      av(options)
      return queryAfter(className, after).count(findOptions)
    },
    async fileUrl(objectId) {
      av(options)
      const found = await new AV.Query('_File').equalTo('objectId', objectId).first(findOptions)
      const url = found?.get('url')
      return typeof url === 'string' ? url : null
    },
    async has(className) {
      av(options)
      try {
        await new AV.Query(className).limit(1).find(findOptions)
        return true
      } catch (error) {
        // 101: the class does not exist in this app (nothing to import), not a failure
        if ((error as { code?: unknown }).code === 101) return false
        throw error
      }
    },
  }
}
