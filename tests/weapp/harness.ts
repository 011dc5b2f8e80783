/**
 * Runs the real weapp build (dist/weapp) in miniprogram-simulate: a jsdom window, a mock `wx`
 * whose `request` is the network boundary, global App/getApp/getCurrentPages, and Page emulated
 * on Component. One harness per test file (jest isolates modules per file).
 */
import fs from 'node:fs'
import path from 'node:path'
import { JSDOM } from 'jsdom'
import { startDemoServer, type DemoServer } from '../e2e/server'

export const DIST = path.resolve(__dirname, '..', '..', 'dist', 'weapp')
/** The same mini-program built with LINLI_CLOUD_ENV=test-env: it talks to the `api` cloud function. */
export const DIST_CLOUD = path.resolve(__dirname, '..', '..', 'dist', 'weapp-cloud')

/**
 * The mini-program's side of WeChat cloud development (`wx.cloud`), for the cloud-mode build:
 * `callFunction` runs a cloud function with `data` and answers its result; `uploadFile` stores the
 * device file at `filePath` under `cloudPath` in cloud storage and answers the fileID.
 */
export interface CloudSide {
  callFunction(name: string, data: unknown): Promise<unknown>
  uploadFile(cloudPath: string, filePath: string): Promise<string>
}

/**
 * How long a test waits for the state it expects. Generous on purpose: on a busy 2-core machine a page
 * may take seconds to render what a quiet one shows at once; a passing test never waits this long.
 */
export const WAIT_MS = 30_000
/**
 * Ceiling for booting a demo server (migrations and demo data on an embedded database) and for a test
 * that drives one: about 10 s on a quiet machine, over 60 s when other jobs load both cores.
 */
export const SETUP_MS = 180_000
// every test of a file that loads the weapp build: several waits of a slow page must fit in it
jest.setTimeout(SETUP_MS)

/**
 * Retries `check` until it holds — returns without throwing and not `false` — like Testing Library's
 * waitFor. Tests assert the state a page settles in, never a page that may still be loading:
 * `await waitFor(() => expect(h.navigations).toContain(…))`, `await waitFor(() => posted !== null)`.
 */
export async function waitFor<T>(check: () => T, timeoutMs = WAIT_MS): Promise<Exclude<T, false>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    let failure: unknown = new Error(`waitFor: ${check.toString().slice(0, 200)} was still false after ${timeoutMs} ms`)
    try {
      const out = check()
      if (out !== false) return out as Exclude<T, false>
    } catch (e) {
      failure = e
    }
    if (Date.now() > until) throw failure
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * A route that passes every request on to `route`, except that the first one `lost` picks has its
 * answer lost: the server handled it, the phone is told the request failed (weak network, timeout).
 */
export function losingFirstAnswer(route: Route, lost: (req: Parameters<Route>[0]) => boolean): Route {
  let dropped = false
  return async (req) => {
    const res = await route(req)
    if (!dropped && lost(req)) {
      dropped = true
      throw new Error('request:fail timeout (the answer was lost)')
    }
    return res
  }
}

export interface MockResponse {
  statusCode: number
  data: unknown
}
export type Route = (req: { method: string; url: string; path: string; data: unknown; header: Record<string, string> }) => MockResponse | undefined | Promise<MockResponse | undefined>

/** A route that sends every request to a real server (e.g. tests/e2e/server.ts's demo server) over HTTP. */
export function serverRoute(baseUrl: string): Route {
  return async (req) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
    const res = await fetch(`${baseUrl}${req.path}${query}`, {
      method: req.method,
      headers: req.header,
      body: req.data === undefined || req.method === 'GET' ? undefined : JSON.stringify(req.data),
    })
    const text = await res.text()
    let data: unknown = text
    try {
      data = text ? JSON.parse(text) : ''
    } catch {
      /* not JSON */
    }
    return { statusCode: res.status, data }
  }
}

/**
 * The real node server with a fresh demo database for this test file. Call it at the top of the file:
 * the server must start before any harness replaces the globals with jsdom's (the embedded database
 * does not load under them).
 */
export function useDemoServer(): () => DemoServer {
  let server: DemoServer
  beforeAll(async () => {
    server = await startDemoServer()
  }, SETUP_MS)
  afterAll(async () => {
    await server?.close()
  })
  return () => server
}

/** A harness signed in as a demo staff member (password demo1234) whose requests go to `server`. */
export async function staffHarness(server: DemoServer, username: string): Promise<Harness> {
  const res = await fetch(`${server.url}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) })
  const { token } = (await res.json()) as { token: string }
  const harness = createHarness({ storage: { 'linli.token': token } })
  harness.setRoute(serverRoute(server.url))
  return harness
}

export interface Harness {
  storage: Map<string, unknown>
  requests: Array<{ method: string; url: string; path: string; data: unknown; header: Record<string, string> }>
  navigations: string[]
  /** What the app registered with wx.onNeedPrivacyAuthorization (null if nothing). */
  privacyListener(): ((resolve: (r: unknown) => void, info: { referrer: string }) => void) | null
  setRoute(route: Route): void
  /**
   * Waits until no request is in flight and the pages have rendered the last answer: the moment to
   * assert that something is NOT shown (before it, an absent text may only be still loading).
   */
  idle(): Promise<void>
  /** Loads a page; `query` is what the page gets in onLoad (its router params). */
  loadPage(route: string, query?: Record<string, string>): Promise<PageHandle>
  /** Unloads every page (React unmounts, timers stop). */
  close(): void
  /** What the next wx.scanCode reads (null: the person cancels); every call's options are kept. */
  setScanResult(text: string | null): void
  scans: Array<Record<string, unknown>>
  /** What the page asked of wx.cloud (cloud-mode build): init options, function calls, uploads. */
  cloudCalls: Array<{ api: 'init' | 'callFunction' | 'uploadFile'; options: AnyObj }>
}

export interface PageHandle {
  text(): string
  /** The page's root view (the <Page> wrapper carrying the elder/normal class). */
  root(): Element
  /** The `src` of every image the page shows. */
  imageSources(): string[]
  /** Waits for `text`, then taps the element whose text is exactly it (else the innermost one containing it). */
  tapText(text: string): Promise<void>
  /** Waits for the element, then types `value` into it. */
  input(selector: string, value: string): Promise<void>
  /** Waits until the page shows `text` (default WAIT_MS). */
  waitForText(text: string, timeoutMs?: number): Promise<void>
  /** Waits until the page shows every one of `texts` (sections that load on their own included). */
  waitForTexts(...texts: string[]): Promise<void>
}

type AnyObj = Record<string, any>

export function createHarness(opts: { storage?: Record<string, unknown>; dist?: string; cloud?: CloudSide } = {}): Harness {
  const dist = opts.dist ?? DIST
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', { pretendToBeVisual: true })
  const g = globalThis as AnyObj
  for (const key of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MutationObserver', 'navigator']) {
    Object.defineProperty(g, key, { value: key === 'window' ? dom.window : (dom.window as AnyObj)[key], configurable: true, writable: true })
  }

  const storage = new Map<string, unknown>(Object.entries(opts.storage ?? {}))
  const requests: Harness['requests'] = []
  const navigations: string[] = []
  let route: Route = () => undefined
  let inFlight = 0
  let privacy: ((resolve: (r: unknown) => void, info: { referrer: string }) => void) | null = null
  const pageStack: AnyObj[] = []
  const cloudCalls: Harness['cloudCalls'] = []
  const scans: Harness['scans'] = []
  let scanResult: string | null = null

  const ok = (opts: AnyObj | undefined, res: AnyObj = { errMsg: 'ok' }) => {
    setTimeout(() => {
      opts?.success?.(res)
      opts?.complete?.(res)
    }, 0)
  }

  const wx: AnyObj = {
    getSystemInfoSync: () => ({
      platform: 'devtools',
      SDKVersion: '3.3.4',
      windowWidth: 375,
      windowHeight: 812,
      screenWidth: 375,
      screenHeight: 812,
      pixelRatio: 2,
      fontSizeSetting: 16,
      language: 'zh_CN',
      version: '8.0.50',
    }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2, screenWidth: 375, screenHeight: 812 }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 48, right: 365, bottom: 80, left: 278 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorage: (o: AnyObj) => (storage.has(o.key) ? ok(o, { data: storage.get(o.key) }) : o.fail?.({ errMsg: 'not found' })),
    setStorage: (o: AnyObj) => {
      storage.set(o.key, o.data)
      ok(o)
    },
    removeStorage: (o: AnyObj) => {
      storage.delete(o.key)
      ok(o)
    },
    request: (o: AnyObj) => {
      const url = String(o.url)
      const p = url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')
      const req = { method: String(o.method ?? 'GET'), url, path: p, data: o.data, header: (o.header ?? {}) as Record<string, string> }
      requests.push(req)
      inFlight++
      const answer = (res: AnyObj | null) =>
        setTimeout(() => {
          inFlight--
          if (res) {
            o.success?.(res)
            o.complete?.(res)
          } else {
            const failed = { errMsg: 'request:fail' }
            o.fail?.(failed)
            o.complete?.(failed)
          }
        }, 0)
      const notFound = { statusCode: 404, data: { error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } } }
      const res = route(req)
      if (res instanceof Promise)
        res.then(
          (r) => answer({ ...(r ?? notFound), header: {}, errMsg: 'request:ok' }),
          () => answer(null),
        )
      else answer({ ...(res ?? notFound), header: {}, errMsg: 'request:ok' })
      return { abort() {} }
    },
    showToast: (o: AnyObj) => ok(o),
    hideToast: (o: AnyObj) => ok(o),
    showLoading: (o: AnyObj) => ok(o),
    hideLoading: (o: AnyObj) => ok(o),
    showModal: (o: AnyObj) => ok(o, { confirm: true, cancel: false }),
    navigateTo: (o: AnyObj) => {
      navigations.push(`navigateTo ${o.url}`)
      ok(o)
    },
    redirectTo: (o: AnyObj) => {
      navigations.push(`redirectTo ${o.url}`)
      ok(o)
    },
    switchTab: (o: AnyObj) => {
      navigations.push(`switchTab ${o.url}`)
      ok(o)
    },
    reLaunch: (o: AnyObj) => {
      navigations.push(`reLaunch ${o.url}`)
      ok(o)
    },
    navigateBack: (o: AnyObj) => {
      navigations.push('navigateBack')
      ok(o)
    },
    login: (o: AnyObj) => ok(o, { code: 'mock-code', errMsg: 'login:ok' }),
    // at 赵秀英's door (东湖路 9 弄 3 号) unless a test moves it
    getLocation: (o: AnyObj) => ok(o, { latitude: 31.2096, longitude: 121.4331, errMsg: 'getLocation:ok' }),
    setNavigationBarTitle: (o: AnyObj) => ok(o),
    // the camera: reads what the test set with setScanResult, or is cancelled
    scanCode: (o: AnyObj) => {
      scans.push({ ...o })
      if (scanResult === null) {
        setTimeout(() => {
          o.fail?.({ errMsg: 'scanCode:fail cancel' })
          o.complete?.({ errMsg: 'scanCode:fail cancel' })
        }, 0)
      } else ok(o, { result: scanResult, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
    },
    stopPullDownRefresh: (o: AnyObj) => ok(o),
    createSelectorQuery: () => ({ select: () => ({ boundingClientRect: () => ({ exec: () => undefined }) }) }),
    onNeedPrivacyAuthorization: (fn: (resolve: (r: unknown) => void, info: { referrer: string }) => void) => {
      privacy = fn
    },
    onAppRoute: () => undefined,
    onAppShow: () => undefined,
    onAppHide: () => undefined,
  }
  if (opts.cloud) {
    const side = opts.cloud
    wx.cloud = {
      init: (o: AnyObj) => void cloudCalls.push({ api: 'init', options: o }),
      // without callbacks wx.cloud answers with a promise, which is how the app calls it
      callFunction: (o: AnyObj) => {
        cloudCalls.push({ api: 'callFunction', options: o })
        return side.callFunction(String(o.name), o.data).then((result) => ({ result, errMsg: 'cloud.callFunction:ok' }))
      },
      uploadFile: (o: AnyObj) => {
        cloudCalls.push({ api: 'uploadFile', options: o })
        let progress: ((r: AnyObj) => void) | null = null
        side.uploadFile(String(o.cloudPath), String(o.filePath)).then(
          (fileID) => {
            progress?.({ progress: 100, totalBytesSent: 1, totalBytesExpectedToSend: 1 })
            const r = { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' }
            o.success?.(r)
            o.complete?.(r)
          },
          (e: Error) => {
            const r = { errMsg: `cloud.uploadFile:fail ${e.message}` }
            o.fail?.(r)
            o.complete?.(r)
          },
        )
        return { onProgressUpdate: (cb: (r: AnyObj) => void) => void (progress = cb), abort() {} }
      },
    }
  }
  g.wx = wx

  let app: AnyObj | null = null
  g.App = (opts: AnyObj) => {
    app = opts
  }
  g.getApp = () => app
  g.getCurrentPages = () => pageStack

  // Taro's page config is a Page() object: map it onto Component (methods + lifetimes).
  let currentRoute = ''
  let currentQuery: Record<string, string> = {}
  g.Page = (opts: AnyObj) => {
    const methods: AnyObj = {}
    const data = opts.data ?? {}
    for (const [k, v] of Object.entries(opts)) if (typeof v === 'function') methods[k] = v
    const routeOfPage = currentRoute
    const queryOfPage = currentQuery
    g.Component({
      data,
      methods,
      lifetimes: {
        attached(this: AnyObj) {
          this.route = routeOfPage
          this.__route__ = routeOfPage
          pageStack.push(this)
          this.onLoad?.({ ...queryOfPage })
          this.onShow?.()
        },
        ready(this: AnyObj) {
          this.onReady?.()
        },
        detached(this: AnyObj) {
          this.onUnload?.()
        },
      },
    })
  }

  // A fresh module registry: the app bundle and page bundles must run again for this harness.
  jest.resetModules()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate')
  // Loading the app bundle registers App(); Taro's React app mounts on onLaunch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(dist, 'app.js'))
  const launched = app as AnyObj | null
  if (!launched) throw new Error(`${dist}/app.js did not call App()`)
  launched.onLaunch?.call(launched, { path: 'pages/index/index', query: {} })
  launched.onShow?.call(launched, { path: 'pages/index/index', query: {} })

  // Events go through exparser (the mini-program component tree), as j-component does itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exparser = require('miniprogram-exparser')
  function fire(el: Element, name: string, detail: AnyObj): void {
    const node = (el as AnyObj).__wxElement
    if (!node) throw new Error(`element <${el.tagName.toLowerCase()}> is not a mini-program node`)
    exparser.Event.dispatchEvent(node, exparser.Event.create(name, detail, { bubbles: true, composed: true, capturePhase: true }))
  }

  async function flush(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
  }

  // Taro's base.wxml draws <image> from a few templates (with and without event bindings), each
  // naming the node and its src attribute by short aliases: nn → src key
  let imageTemplates: Map<string, string> | null = null
  function imageAliases(): Map<string, string> {
    if (!imageTemplates) {
      const wxml = fs.readFileSync(path.join(dist, 'base.wxml'), 'utf8')
      imageTemplates = new Map(Array.from(wxml.matchAll(/<template name="tmpl_0_(\w+)">\s*<image src="\{\{i\.(\w+)\}\}"/g), (m) => [m[1], m[2]]))
      if (!imageTemplates.size) throw new Error(`no <image> template in ${dist}/base.wxml`)
    }
    return imageTemplates
  }

  const loaded: AnyObj[] = []
  return {
    close() {
      for (const c of loaded.splice(0)) c.detach()
    },
    storage,
    requests,
    cloudCalls,
    scans,
    setScanResult(text) {
      scanResult = text
    },
    navigations,
    privacyListener: () => privacy,
    setRoute(r) {
      route = r
    },
    async idle() {
      // quiet twice in a row, with the renders of the last answers flushed in between
      for (let quiet = 0; quiet < 2;) {
        await waitFor(() => inFlight === 0)
        await flush()
        quiet = inFlight === 0 ? quiet + 1 : 0
      }
    },
    async loadPage(pageRoute, query = {}) {
      currentRoute = pageRoute
      currentQuery = query
      const id = simulate.load(path.join(dist, pageRoute), 'page', { rootPath: dist, compiler: 'official' })
      const comp = simulate.render(id)
      const parent = document.createElement('parent-wrapper')
      document.body.appendChild(parent)
      comp.attach(parent)
      loaded.push(comp)
      const page = pageStack[pageStack.length - 1] as AnyObj | undefined
      await flush()
      const handle: PageHandle = {
        root: () => (comp.dom as Element).firstElementChild ?? (comp.dom as Element),
        text: () => (comp.dom as Element).textContent ?? '',
        imageSources: () => {
          // simulate's <image> keeps no src on its node: read Taro's render data (what setData sent);
          // Taro's base.wxml names the image node and its src attribute by short aliases
          const templates = imageAliases()
          const out: string[] = []
          const walk = (v: unknown): void => {
            if (Array.isArray(v)) v.forEach(walk)
            else if (v && typeof v === 'object') {
              const node = v as AnyObj
              const srcKey = templates.get(String(node.nn))
              if (srcKey && typeof node[srcKey] === 'string') out.push(node[srcKey])
              Object.values(node).forEach(walk)
            }
          }
          walk(page?.data)
          return out
        },
        async waitForText(text, timeoutMs = WAIT_MS) {
          await waitFor(() => {
            if (!handle.text().includes(text)) throw new Error(`text "${text}" not rendered; page shows: ${handle.text().slice(0, 400)}`)
          }, timeoutMs)
        },
        async waitForTexts(...texts) {
          for (const text of texts) await handle.waitForText(text)
        },
        async tapText(text) {
          await handle.waitForText(text)
          const all = Array.from((comp.dom as Element).querySelectorAll('*')).filter((el) => (el.textContent ?? '').includes(text))
          // the innermost element showing the text; the tap bubbles to whichever node has the handler
          const innermost = all.filter((el) => !Array.from(el.children).some((c) => (c.textContent ?? '').includes(text)))
          const target = innermost.find((el) => (el.textContent ?? '').trim() === text) ?? innermost[0]
          if (!target) throw new Error(`nothing with text "${text}"; page shows: ${handle.text().slice(0, 400)}`)
          fire(target, 'tap', {})
          await flush()
        },
        async input(selector, value) {
          const el = await waitFor(() => {
            const found = (comp.dom as Element).querySelector(selector)
            if (!found) throw new Error(`no element ${selector}; page shows: ${handle.text().slice(0, 400)}`)
            return found
          })
          fire(el, 'input', { value })
          await flush()
        },
      }
      return handle
    },
  }
}
