import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import exifr from 'exifr'
import sharp from 'sharp'
import S3rver from 's3rver'
import { jpegWithGps } from '../fixtures/reports/photos'
import { emptyPgDatabase } from '../helpers/processes'
import { s3Storage, type S3StorageOptions } from '../../cloud/platform/storage-s3'
import { main as storageCopy } from '../../cloud/entry/storage-copy'
import { startServer, type RunningServer } from '../../cloud/entry/node'
import { checkReady } from '../../cloud/platform/ready'

/**
 * S3-compatible storage against a real S3 server on 127.0.0.1 (s3rver: it checks SigV4 signatures
 * and presigned links like S3 does), no SDK mocks.
 */
describe('S3-compatible storage (s3rver on loopback)', () => {
  let server: S3rver
  let s3Dir: string
  let opts: S3StorageOptions
  let s3Env: Record<string, string>
  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'linli-s3-'))
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'linli-photos', configs: [] }] })
    const { port } = (await server.run()) as { port: number }
    opts = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'linli-photos', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, urlTtlSeconds: 120 }
    s3Env = {
      STORAGE: 's3',
      S3_ENDPOINT: opts.endpoint!,
      S3_REGION: opts.region,
      S3_BUCKET: opts.bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      S3_URL_TTL_SECONDS: '120',
    }
  })
  afterAll(async () => {
    await server.close()
    rmSync(s3Dir, { recursive: true, force: true })
  })

  it('put/has/get round-trip and a presigned GET link serves the object', async () => {
    const storage = s3Storage(opts)
    await storage.put('photos/abc.jpg', Buffer.from('hello'))
    expect(await storage.has('photos/abc.jpg')).toBe(true)
    expect(await storage.has('photos/missing.jpg')).toBe(false)
    const link = await storage.signedUrl('photos/abc.jpg')
    expect(link).toContain('X-Amz-Signature=')
    expect(Buffer.from(await (await fetch(link)).arrayBuffer()).toString()).toBe('hello')
    // (s3rver neither enforces bucket ACLs nor checks presigned signatures; a real bucket must be
    // private — README "Deploying for real" — and the app never asks for a public ACL)
  })

  ;(process.env.DATABASE_URL ? describe : describe.skip)('two app instances on one PostgreSQL with STORAGE=s3', () => {
    const saved = { ...process.env }
    let db: Awaited<ReturnType<typeof emptyPgDatabase>>
    let a: RunningServer
    let b: RunningServer
    const dirs: string[] = []
    beforeAll(async () => {
      db = await emptyPgDatabase()
      Object.assign(process.env, s3Env, { JWT_SECRET: 'k'.repeat(40), ID_HASH_PEPPER: 'z'.repeat(40), LOG_LEVEL: 'silent' })
      for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'linli-s3inst-')))
      a = await startServer({ port: 0, host: '127.0.0.1', dataDir: dirs[0], databaseUrl: db.url, ticks: false, logLevel: 'silent', h5Dir: dirs[0] })
      b = await startServer({ port: 0, host: '127.0.0.1', dataDir: dirs[1], databaseUrl: db.url, ticks: false, logLevel: 'silent', h5Dir: dirs[1] })
    }, 120_000)
    afterAll(async () => {
      await a?.close()
      await b?.close()
      await db?.drop()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
      process.env = saved
    })

    it('GET /api/v1/ready checks the database and the bucket; an unreachable bucket is not ready', async () => {
      const res = await fetch(`${a.url}/api/v1/ready`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', storage: 'ok' } })
      const down = await checkReady({ db: a.deps.db, storage: s3Storage({ ...opts, bucket: 'no-such-bucket' }) })
      expect(down.ok).toBe(false)
      expect(down.checks.database).toBe('ok')
      expect(down.checks.storage).not.toBe('ok')
    })

    it('a photo uploaded on one instance is stored without EXIF and served on the other through a presigned link', async () => {
      const login = await fetch(`${a.url}/api/v1/auth/sms/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000001', code: '123456' }) })
      const { token } = (await login.json()) as { token: string }
      const original = await jpegWithGps({ seed: 77 })
      expect((await exifr.gps(original))?.latitude).toBeDefined()
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(original)], { type: 'image/jpeg' }), 'p.jpg')
      const up = await fetch(`${a.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      expect(up.status).toBe(201)
      const body = (await up.json()) as { key: string; url: string; thumbnailUrl: string }
      expect(body.url).toBe(`/files/${body.key}`)
      // nothing on either instance's disk: the bytes are in the bucket
      const stored = await s3Storage(opts).get(body.key)
      expect(stored).not.toBeNull()
      expect(await exifr.parse(stored!).catch(() => undefined)).toBeUndefined()
      expect((await sharp(stored!).metadata()).format).toBe('jpeg')

      const viaB = await fetch(`${b.url}${body.url}`, { redirect: 'manual' })
      expect(viaB.status).toBe(302)
      const link = viaB.headers.get('location')!
      expect(link.startsWith(`${opts.endpoint}/linli-photos/${body.key}?`)).toBe(true)
      expect(link).toMatch(/X-Amz-Expires=120/)
      const served = Buffer.from(await (await fetch(link)).arrayBuffer())
      expect(served.equals(stored!)).toBe(true)
      expect((await fetch(`${b.url}${body.thumbnailUrl}`)).status).toBe(200) // follows the redirect
    })
  })

  it('storage:copy moves 500 local files, verifies them, and a second run changes nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'linli-copy-'))
    const files = new Map<string, Buffer>()
    for (let i = 0; i < 500; i++) {
      const key = i % 2 ? `photos/${randomBytes(32).toString('hex')}.jpg` : `photos/thumbs/${randomBytes(32).toString('hex')}.jpg`
      const bytes = randomBytes(200 + (i % 50))
      files.set(key, bytes)
      mkdirSync(join(dataDir, 'files', key, '..'), { recursive: true })
      writeFileSync(join(dataDir, 'files', key), bytes)
    }
    const env = { ...s3Env, S3_BUCKET: 'linli-photos' }
    const run = async () => {
      let text = ''
      const sink = new Writable({ write: (c, _e, done) => ((text += String(c)), done()) })
      const code = await storageCopy(['--from', 'local', '--to', 's3', '--data-dir', dataDir], env, sink)
      return {
        code,
        summary: JSON.parse(
          text
            .trim()
            .split('\n')
            .find((l) => l.startsWith('{'))!,
        ),
      }
    }
    const first = await run()
    expect(first).toEqual({ code: 0, summary: { total: 500, copied: 500, unchanged: 0, failed: 0 } })
    const second = await run()
    expect(second).toEqual({ code: 0, summary: { total: 500, copied: 0, unchanged: 500, failed: 0 } })
    const storage = s3Storage(opts)
    const [someKey, someBytes] = [...files.entries()][123]
    expect((await storage.get(someKey))!.equals(someBytes)).toBe(true)
    // a changed local file is copied again (resumable, and never trusts a name alone)
    const changed = randomBytes(300)
    writeFileSync(join(dataDir, 'files', someKey), changed)
    const third = await run()
    expect(third.summary).toEqual({ total: 500, copied: 1, unchanged: 499, failed: 0 })
    expect((await storage.get(someKey))!.equals(changed)).toBe(true)
    rmSync(dataDir, { recursive: true, force: true })
  }, 180_000)
})
