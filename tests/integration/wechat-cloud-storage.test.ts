import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { jpegWithGps } from '../fixtures/reports/photos'
import { demoGridCentre } from '../../cloud/reports/reports.seed'

/**
 * The cloud function with WeChat cloud storage. The WeChat cloud cannot run here, so this is the
 * one fake: wx-server-sdk's file calls (uploadFile / downloadFile / getTempFileURL / deleteFile)
 * with the SDK's shapes, keeping files in a temporary folder. Identity still comes from the real
 * SDK's getWXContext.
 */
const store = mkdtempSync(join(tmpdir(), 'linli-wxcloud-'))
const PREFIX = 'cloud://test-env-1a2b.7465-test-env-1a2b-1250000000'
const calls = { getTempFileURL: 0, deleteFile: [] as string[] }
const pathOf = (fileID: string) => {
  if (!fileID.startsWith(`${PREFIX}/`)) throw Object.assign(new Error('storage file not exists'), { errCode: -503003 })
  return join(store, fileID.slice(PREFIX.length + 1))
}
jest.mock('wx-server-sdk', () => {
  const real = jest.requireActual('wx-server-sdk')
  return {
    DYNAMIC_CURRENT_ENV: real.DYNAMIC_CURRENT_ENV,
    init: () => undefined,
    getWXContext: () => real.getWXContext(),
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) {
      const file = join(store, cloudPath)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, fileContent)
      return { fileID: `${PREFIX}/${cloudPath}`, statusCode: 200, errMsg: 'uploadFile:ok' }
    },
    async downloadFile({ fileID }: { fileID: string }) {
      const file = pathOf(fileID)
      if (!existsSync(file)) throw Object.assign(new Error('storage file not exists'), { errCode: -503003 })
      return { fileContent: readFileSync(file), statusCode: 200, errMsg: 'downloadFile:ok' }
    },
    async getTempFileURL({ fileList }: { fileList: { fileID: string; maxAge: number }[] }) {
      calls.getTempFileURL++
      return {
        errMsg: 'getTempFileURL:ok',
        fileList: fileList.map(({ fileID, maxAge }) => {
          const ok = fileID.startsWith(`${PREFIX}/`) && existsSync(pathOf(fileID))
          return ok
            ? { fileID, tempFileURL: `https://7465-test-env-1a2b-1250000000.tcb.qcloud.la/${fileID.slice(PREFIX.length + 1)}?sign=s&t=${maxAge}`, maxAge, status: 0, errMsg: 'ok' }
            : { fileID, tempFileURL: '', maxAge, status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' }
        }),
      }
    },
    async deleteFile({ fileList }: { fileList: string[] }) {
      for (const id of fileList) {
        calls.deleteFile.push(id)
        rmSync(pathOf(id), { force: true })
      }
      return { fileList: fileList.map((fileID) => ({ fileID, status: 0, errMsg: 'ok' })) }
    },
  }
})

import { main, resetForTests } from '../../cloud/entry/wechat'
import { demoDataDir } from '../helpers/demo-data-dir'

type Res = { statusCode: number; body: any }
const call = (method: string, path: string, body?: unknown, token?: string) => main({ method, path, body, headers: token ? { authorization: `Bearer ${token}` } : {} }) as Promise<Res>

// the first call boots the cloud function (PGlite, migrations, demo seed): slow on a busy 2-core machine
jest.setTimeout(180_000)

describe('WeChat cloud storage through the cloud function entry', () => {
  const saved = { ...process.env }
  let dataDir: string
  beforeAll(() => {
    dataDir = demoDataDir('linli-wxfn-') // the demo street already in it (tests/helpers/demo-data-dir.ts)
    delete process.env.DATABASE_URL
    delete process.env.STORAGE
    Object.assign(process.env, { DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_MODE: 'true', WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'o-cloud-photo', WX_APPID: 'wx0000000000000001' })
  })
  afterAll(async () => {
    await resetForTests()
    process.env = saved
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(store, { recursive: true, force: true })
  })

  it('a photo uploaded to tmp/ is re-encoded without EXIF, stored under its content key, the original deleted; pages get temporary links', async () => {
    const login = await call('POST', '/api/v1/auth/sms/verify', { phone: '13800000001', code: '123456' })
    expect(login.statusCode).toBe(200)
    const token = login.body.token as string

    // what wx.cloud.uploadFile does in the mini-program
    const original = await jpegWithGps({ seed: 9 })
    expect((await exifr.gps(original))?.latitude).toBeDefined()
    const sdk = require('wx-server-sdk')
    const { fileID } = await sdk.uploadFile({ cloudPath: 'tmp/uploads/o-cloud-photo-1.jpg', fileContent: original })

    const up = await call('POST', '/api/v1/uploads/cloud', { fileID }, token)
    expect(up.statusCode).toBe(201)
    expect(up.body.key).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/)
    expect(up.body.url).toMatch(/^https:\/\/7465-test-env-1a2b-1250000000\.tcb\.qcloud\.la\/photos\/[0-9a-f]{64}\.jpg\?sign=/)
    expect(up.body.thumbnailUrl).toMatch(/^https:\/\/.*\/photos\/thumbs\//)
    expect(calls.deleteFile).toEqual([fileID])
    expect(existsSync(join(store, 'tmp/uploads/o-cloud-photo-1.jpg'))).toBe(false)
    const stored = readFileSync(join(store, up.body.key))
    expect(await exifr.parse(stored).catch(() => undefined)).toBeUndefined()
    expect((await sharp(stored).metadata()).format).toBe('jpeg')

    const at = demoGridCentre('东湖社区', '第一网格')
    const report = await call(
      'POST',
      '/api/v1/reports',
      { category: 'sanitation', description: '云函数里拍的一张照片', lat: at.lat + 0.0002, lng: at.lng, photoKeys: [up.body.key], anonymous: true },
      token,
    )
    expect(report.statusCode).toBe(201)
    const read = await call('GET', `/api/v1/reports/${report.body.id}`, undefined, token)
    expect(read.statusCode).toBe(200)
    expect(read.body.photos[0].url).toMatch(/^https:\/\/7465-test-env.*\/photos\/[0-9a-f]{64}\.jpg\?sign=/)
    // links are cached until shortly before they expire: reading again asks WeChat for nothing
    const before = calls.getTempFileURL
    await call('GET', `/api/v1/reports/${report.body.id}`, undefined, token)
    expect(calls.getTempFileURL).toBe(before)
  })

  it('an xlsx export comes back as a cloud file with a temporary link (the page downloads that)', async () => {
    const staff = await call('POST', '/api/v1/auth/staff/login', { username: 'staff01', password: 'demo1234' })
    const res = await call('GET', '/api/v1/staff/reports.xlsx', undefined, staff.body.token)
    expect(res.statusCode).toBe(200)
    expect(res.body.fileID).toMatch(new RegExp(`^${PREFIX.replace(/\./g, '\\.')}/tmp/exports/.+reports.*\\.xlsx$`))
    expect(res.body.tempFileURL).toMatch(/^https:\/\/.*tmp\/exports\//)
    const bytes = readFileSync(join(store, res.body.fileID.slice(PREFIX.length + 1)))
    expect(bytes.subarray(0, 2).toString()).toBe('PK') // a zip: the xlsx, byte for byte
  })

  it('refuses a fileID that is not a temporary upload of this environment, and a missing one', async () => {
    const token = (await call('POST', '/api/v1/auth/sms/verify', { phone: '13800000002', code: '123456' })).body.token
    const other = await call('POST', '/api/v1/uploads/cloud', { fileID: `${PREFIX}/photos/${'a'.repeat(64)}.jpg` }, token)
    expect(other.statusCode).toBe(400)
    expect(other.body.error.code).toBe('INVALID_INPUT')
    const foreign = await call('POST', '/api/v1/uploads/cloud', { fileID: 'cloud://someone-else.1234/tmp/uploads/x.jpg' }, token)
    expect(foreign.statusCode).toBe(400)
    const missing = await call('POST', '/api/v1/uploads/cloud', { fileID: `${PREFIX}/tmp/uploads/never-uploaded.jpg` }, token)
    expect(missing.statusCode).toBe(422)
    expect(missing.body.error.code).toBe('UPLOAD_NOT_FOUND')
    const anonymous = await call('POST', '/api/v1/uploads/cloud', { fileID: `${PREFIX}/tmp/uploads/x.jpg` })
    expect(anonymous.statusCode).toBe(401)
  })
})
