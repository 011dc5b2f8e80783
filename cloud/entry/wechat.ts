/**
 * WeChat cloud function `api`: `wx.cloud.callFunction({ name: 'api', data: { method, path, query,
 * body, headers } })` → the same Hono app. Identity is only what getWXContext says (OPENID);
 * nothing in the event can claim to be someone. Only the timer trigger runs `tick`: it is the one
 * caller without an OPENID (getWXContext); a mini-program user's call always has one, so
 * `{ tick: true }` or `Type: 'Timer'` from a user is refused (403) and runs nothing.
 */
import { tick } from '../app'
import { boot } from './boot'
import { AppError } from '../platform/errors'
import type { WxContext } from '../platform/http'
import { rewriteFileUrls, wechatStorage, type WechatStorage, type WxCloudFiles } from '../platform/storage-wechat'

export interface CloudEvent {
  method?: string
  path?: string
  query?: Record<string, string>
  body?: unknown
  headers?: Record<string, string>
  tick?: boolean
  Type?: string
}

export interface CloudResponse {
  statusCode: number
  headers: Record<string, string>
  body: unknown
}

interface WxServerSdk extends WxCloudFiles {
  init(options: { env: unknown }): void
  getWXContext(): WxContext
  DYNAMIC_CURRENT_ENV: unknown
}

let booted: ReturnType<typeof boot> | null = null
let sdk: WxServerSdk | null = null

function loadSdk(): WxServerSdk {
  if (!sdk) {
    // kept out of the bundle: the cloud installs it from the function's own package.json
    sdk = require('wx-server-sdk') as WxServerSdk
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
  }
  return sdk
}

function app() {
  // a cloud function's disk is temporary: production sets DATABASE_URL to a managed PostgreSQL.
  // runtime 'cloud': production mode unless DEMO_MODE=true is set on the function explicitly
  // photos: the environment's cloud storage unless STORAGE=s3 (or local, for a demo) is set
  if (!booted) {
    const env = process.env
    const storage = !env.STORAGE || env.STORAGE === 'wechat' ? wechatStorage(loadSdk(), { filePrefix: env.WX_CLOUD_FILE_PREFIX || null }) : undefined
    booted = boot({ dataDir: env.DATA_DIR || '/tmp/linli', databaseUrl: env.DATABASE_URL || null, runtime: 'cloud', storage })
    booted.catch(() => (booted = null)) // a refused configuration is reported on every call, not cached
  }
  return booted
}

export async function main(event: CloudEvent): Promise<CloudResponse | { tick: unknown }> {
  const { app: hono, deps } = await app()
  const wx = loadSdk().getWXContext()
  if (event.tick || event.Type === 'Timer') {
    if (!wx.OPENID) return { tick: await tick(deps) }
    deps.logger.warn({ openid: wx.OPENID }, 'tick asked for by a user: refused')
    return { statusCode: 403, headers: { 'content-type': 'application/json' }, body: new AppError('FORBIDDEN').toBody() }
  }
  const path = (event.path ?? '/').startsWith('/') ? (event.path ?? '/') : `/${event.path}`
  const url = new URL(`https://cloud.local${path}`)
  for (const [k, v] of Object.entries(event.query ?? {})) url.searchParams.set(k, String(v))
  const method = (event.method ?? 'GET').toUpperCase()
  const headers = new Headers(event.headers ?? {})
  let body: string | undefined
  if (method !== 'GET' && method !== 'HEAD' && event.body !== undefined) {
    body = typeof event.body === 'string' ? event.body : JSON.stringify(event.body)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  const res = await hono.fetch(new Request(url, { method, headers, body }), {
    wxContext: { OPENID: wx.OPENID, UNIONID: wx.UNIONID, APPID: wx.APPID, CLIENTIP: wx.CLIENTIP },
  })
  const type = res.headers.get('content-type') ?? ''
  const cloudFiles = typeof (deps.storage as Partial<WechatStorage>).tempUrls === 'function' ? (deps.storage as WechatStorage) : null
  let parsed: unknown
  if (cloudFiles && res.status === 200 && !/json|^text\//.test(type)) {
    // a file (xlsx export, certificate image): a cloud function answers JSON only, so the bytes go
    // to cloud storage and the page downloads them from a temporary link
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download'
    parsed = { ...(await cloudFiles.storeDownload(Buffer.from(await res.arrayBuffer()), decodeURIComponent(name))), contentType: type }
  } else {
    const text = await res.text()
    parsed = type.includes('json') ? JSON.parse(text) : text
    // /files/<key> means nothing to a mini-program in cloud mode: temporary links instead
    if (cloudFiles) parsed = await rewriteFileUrls(parsed, cloudFiles)
  }
  // outbox rows this call wrote are delivered before the function returns (it may be frozen after)
  await deps.outbox?.idle()
  return { statusCode: res.status, headers: Object.fromEntries(res.headers.entries()), body: parsed }
}

/** For tests: forget the booted app so the next call boots again with the current environment. */
export async function resetForTests(): Promise<void> {
  if (booted)
    await booted.then(
      (b) => b.deps.db.close(),
      () => {},
    )
  booted = null
  sdk = null
}
