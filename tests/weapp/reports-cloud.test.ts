import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

/**
 * 随手拍 in cloud mode, end to end: the mini-program built with LINLI_CLOUD_ENV (dist/weapp-cloud)
 * runs in miniprogram-simulate; its wx.cloud.callFunction('api') calls the cloud function bundle
 * (cloud/functions/api/index.js, identity from the real wx-server-sdk's getWXContext) on its own
 * embedded database. The WeChat cloud cannot run here, so cloud storage is the one fake: one temporary folder
 * that the page's wx.cloud.uploadFile writes and the server's cloud.uploadFile / downloadFile /
 * getTempFileURL / deleteFile (wx-server-sdk's shapes) read and write. The photo's bytes really
 * travel from the device file through the server's sharp pipeline.
 */
const store = mkdtempSync(join(tmpdir(), 'linli-wxcloud-weapp-'))
const PREFIX = 'cloud://test-env.7465-test-env-1250000000'
const TEMP_HOST = 'https://7465-test-env-1250000000.tcb.qcloud.la'
const deleted: string[] = []
const pathOf = (fileID: string) => {
  if (!fileID.startsWith(`${PREFIX}/`)) throw Object.assign(new Error('storage file not exists'), { errCode: -503003 })
  return join(store, fileID.slice(PREFIX.length + 1))
}
const writeObject = (cloudPath: string, bytes: Buffer) => {
  const file = join(store, cloudPath)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, bytes)
  return `${PREFIX}/${cloudPath}`
}
jest.mock('wx-server-sdk', () => {
  const real = jest.requireActual('wx-server-sdk')
  return {
    DYNAMIC_CURRENT_ENV: real.DYNAMIC_CURRENT_ENV,
    init: () => undefined,
    getWXContext: () => real.getWXContext(),
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) {
      return { fileID: writeObject(cloudPath, fileContent), statusCode: 200, errMsg: 'uploadFile:ok' }
    },
    async downloadFile({ fileID }: { fileID: string }) {
      const file = pathOf(fileID)
      if (!existsSync(file)) throw Object.assign(new Error('storage file not exists'), { errCode: -503003 })
      return { fileContent: readFileSync(file), statusCode: 200, errMsg: 'downloadFile:ok' }
    },
    async getTempFileURL({ fileList }: { fileList: { fileID: string; maxAge: number }[] }) {
      return {
        errMsg: 'getTempFileURL:ok',
        fileList: fileList.map(({ fileID, maxAge }) =>
          fileID.startsWith(`${PREFIX}/`) && existsSync(pathOf(fileID))
            ? { fileID, tempFileURL: `${TEMP_HOST}/${fileID.slice(PREFIX.length + 1)}?sign=s&t=${maxAge}`, maxAge, status: 0, errMsg: 'ok' }
            : { fileID, tempFileURL: '', maxAge, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' },
        ),
      }
    },
    async deleteFile({ fileList }: { fileList: string[] }) {
      for (const id of fileList) {
        deleted.push(id)
        rmSync(pathOf(id), { force: true })
      }
      return { fileList: fileList.map((fileID) => ({ fileID, status: 0, errMsg: 'ok' })) }
    },
  }
})

import { createHarness, DIST_CLOUD, SETUP_MS, waitFor, type Harness } from './harness'
import { demoDataDir } from '../helpers/demo-data-dir'

// the cloud function as it is deployed: the esbuild bundle of cloud/entry/wechat.ts (npm run
// build:cloud, rebuilt by the weapp global setup when cloud/ changed), wx-server-sdk left outside
type WechatEntry = typeof import('../../cloud/entry/wechat')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main, resetForTests } = require('../../cloud/functions/api/index.js') as WechatEntry

type Res = { statusCode: number; body: any }
// what crosses the WeChat boundary is JSON, both ways
const viaWechat = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

describe('随手拍 in cloud mode (weapp build with LINLI_CLOUD_ENV, cloud function entry, cloud storage)', () => {
  const saved = { ...process.env }
  let dataDir: string
  let token: string
  let h: Harness

  beforeAll(async () => {
    dataDir = demoDataDir('linli-wxfn-weapp-') // the demo street already in it (tests/helpers/demo-data-dir.ts)
    delete process.env.DATABASE_URL
    delete process.env.STORAGE
    delete process.env.WX_CLOUD_FILE_PREFIX
    Object.assign(process.env, {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO_MODE: 'true',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_OPENID: 'o-weapp-cloud-resident',
      WX_APPID: 'wx0000000000000001',
    })
    // boots the function (embedded database, demo data) before the harness puts jsdom's globals in
    // place; the resident 13800000001 signs in with the demo code through the function
    const login = (await main({ method: 'POST', path: '/api/v1/auth/sms/verify', body: { phone: '13800000001', code: '123456' } })) as Res
    expect(login.statusCode).toBe(200)
    token = login.body.token
  }, SETUP_MS)

  afterEach(() => h?.close())
  afterAll(async () => {
    await resetForTests()
    process.env = saved
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(store, { recursive: true, force: true })
  })

  it(
    'a photo with GPS goes device → cloud storage → the function (EXIF stripped, temporary upload deleted) → report; pages show it by temporary links',
    async () => {
      // the phone: the camera gives a photo with EXIF/GPS; compressImage keeps it as it is (the server,
      // not the phone, is what must remove the position)
      const original = await jpegWithGps({ width: 1200, height: 900, seed: 5 })
      expect((await exifr.gps(original))?.latitude).toBeCloseTo(31.21, 2)
      const deviceFiles = new Map<string, Buffer>([['wxfile://tmp/camera-1.jpg', original]])
      const uploadedTemp: { cloudPath: string; bytes: Buffer }[] = []
      const functionCalls: string[] = []

      const at = demoGridCentre('东湖社区', '第一网格')
      h = createHarness({
        dist: DIST_CLOUD,
        storage: {
          'linli.token': token,
          'linli.reportDraft': {
            photos: [],
            category: 'sanitation',
            description: '东湖路 17 弄门口垃圾桶满了两天没人清运',
            anonymous: true,
            lat: at.lat + 0.0002,
            lng: at.lng,
            address: '东湖路 17 弄门口',
          },
        },
        cloud: {
          async callFunction(name, data) {
            if (name !== 'api') throw new Error(`no cloud function ${name}`)
            const event = viaWechat(data) as { method: string; path: string }
            functionCalls.push(`${event.method} ${event.path}`)
            return viaWechat(await main(event))
          },
          async uploadFile(cloudPath, filePath) {
            const bytes = deviceFiles.get(filePath)
            if (!bytes) throw new Error(`no such file ${filePath}`)
            uploadedTemp.push({ cloudPath, bytes })
            return writeObject(cloudPath, bytes)
          },
        },
      })
      const w = (globalThis as unknown as { wx: Record<string, unknown> }).wx
      type Cb = { success?: (r: unknown) => void; complete?: (r: unknown) => void }
      w.chooseImage = (o: Cb) =>
        setTimeout(() => {
          const r = { tempFilePaths: ['wxfile://tmp/camera-1.jpg'], tempFiles: [{ path: 'wxfile://tmp/camera-1.jpg', size: original.length }], errMsg: 'chooseImage:ok' }
          o.success?.(r)
          o.complete?.(r)
        }, 0)
      w.compressImage = (o: Cb & { src: string }) =>
        setTimeout(() => {
          const small = o.src.replace('.jpg', '-small.jpg')
          deviceFiles.set(small, deviceFiles.get(o.src)!)
          const r = { tempFilePath: small, errMsg: 'compressImage:ok' }
          o.success?.(r)
          o.complete?.(r)
        }, 0)

      const form = await h.loadPage('pages/report/index')
      await form.waitForText('还可加 3 张')
      expect(h.cloudCalls[0]).toMatchObject({ api: 'init', options: { env: 'test-env' } })
      await form.tapText('拍照或从相册选（还可加 3 张）')
      await form.waitForText('已上传', 30_000)

      // the device file went to a temporary path in cloud storage, with its GPS…
      expect(uploadedTemp).toHaveLength(1)
      expect(uploadedTemp[0].cloudPath).toMatch(/^tmp\/uploads\/[A-Za-z0-9_.-]+\.jpg$/)
      expect((await exifr.gps(uploadedTemp[0].bytes))?.latitude).toBeDefined()
      // …the function was told its fileID, and the temporary original is gone
      expect(functionCalls).toContain('POST /api/v1/uploads/cloud')
      const tempFileID = `${PREFIX}/${uploadedTemp[0].cloudPath}`
      expect(deleted).toContain(tempFileID)
      expect(existsSync(join(store, uploadedTemp[0].cloudPath))).toBe(false)
      // the form's thumbnail is a temporary link the function answered with
      await waitFor(() => form.imageSources().some((src) => src.startsWith(`${TEMP_HOST}/photos/thumbs/`) && src.includes('?sign=')))

      await form.waitForText('提交上报')
      await form.tapText('提交上报')
      const nav = await waitFor(() => h.navigations.find((n) => n.includes('/packages/reports/detail/index?id=')) ?? false)
      const id = /id=([^&]+)/.exec(nav!)![1]

      // the report keeps the photo's content key; the stored object has no EXIF (so no GPS)
      const read = (await main({ method: 'GET', path: `/api/v1/reports/${id}`, headers: { authorization: `Bearer ${token}` } })) as Res
      expect(read.statusCode).toBe(200)
      expect(read.body.description).toBe('东湖路 17 弄门口垃圾桶满了两天没人清运')
      expect(read.body.photos).toHaveLength(1)
      const key = read.body.photos[0].key as string
      expect(key).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/)
      const stored = readFileSync(join(store, key))
      expect(await exifr.parse(stored).catch(() => undefined)).toBeUndefined()
      expect(await exifr.gps(stored).catch(() => undefined)).toBeUndefined()
      expect((await sharp(stored).metadata()).format).toBe('jpeg')
      expect(stored.equals(original)).toBe(false)

      // the report page shows the photo through the temporary link the function answered with
      const detail = await h.loadPage('packages/reports/detail/index', { id, new: '1' })
      await detail.waitForTexts('上报成功', '东湖路 17 弄门口垃圾桶满了两天没人清运', '现场照片')
      const thumbKey = (read.body.photos[0].thumbnailUrl as string).slice(TEMP_HOST.length + 1).replace(/\?.*$/, '')
      expect(thumbKey).toMatch(/^photos\/thumbs\//)
      expect(existsSync(join(store, thumbKey))).toBe(true)
      await waitFor(() => expect(detail.imageSources()).toContain(read.body.photos[0].thumbnailUrl))

      // everything went through wx.cloud: nothing was sent over plain HTTP to an API_BASE
      expect(h.requests).toEqual([])
      expect(functionCalls).toEqual(expect.arrayContaining(['POST /api/v1/reports', `GET /api/v1/reports/${id}`]))
    },
    SETUP_MS,
  )
})
