import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanEnv, runChild } from '../helpers/processes'
import { lockDataDir, DataDirLockedError } from '../../cloud/db/data-dir-lock'
import { demoDataDir } from '../helpers/demo-data-dir'

/**
 * The embedded database has one writer: a second `npm start`, or `npm run import:leancloud`, on
 * the DATA_DIR of a running server refuses at once and names the lock; a lock left by a process
 * that died is taken over.
 */
describe('one process per embedded DATA_DIR', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = demoDataDir('linli-lock-') // the demo street already in it: the servers below open it rather than create it
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  // node --import tsx: the server runs in this very process (its pid is the one in the lock)
  const tsx = '--import=tsx'

  it('a second server and an import on the same DATA_DIR exit ≠ 0 naming the lock; after the first stops, a new one starts', async () => {
    const env = cleanEnv({ DATA_DIR: dataDir, PORT: '0' })
    const first = runChild(process.execPath, [tsx, 'cloud/entry/start.ts'], env)
    try {
      await first.started
      const lockFile = join(dataDir, 'linli.lock')
      const holder = JSON.parse(readFileSync(lockFile, 'utf8')).pid as number
      expect(holder).toBe(first.proc.pid)

      const second = runChild(process.execPath, [tsx, 'cloud/entry/start.ts'], env)
      expect(await second.exited).not.toBe(0)
      expect(second.out()).toContain(lockFile)
      expect(second.out()).toContain(`pid ${holder}`)

      const exportDir = mkdtempSync(join(tmpdir(), 'linli-lock-export-'))
      const importer = runChild(process.execPath, [tsx, 'cloud/leancloud/cli.ts', '--from-export', exportDir, '--community', 'x'], env)
      expect(await importer.exited).not.toBe(0)
      expect(importer.out()).toContain(lockFile)
      rmSync(exportDir, { recursive: true, force: true })

      // the first server still answers: nothing was opened beside it
      const url = await first.started
      expect((await fetch(`${url}/api/v1/health`)).status).toBe(200)
    } finally {
      await first.stop()
    }
    expect(existsSync(join(dataDir, 'linli.lock'))).toBe(false)
    const again = runChild(process.execPath, [tsx, 'cloud/entry/start.ts'], cleanEnv({ DATA_DIR: dataDir, PORT: '0' }))
    try {
      await again.started
    } finally {
      await again.stop()
    }
  }, 240_000)

  it('a lock whose process is gone is stale and taken over; a live one is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-stale-'))
    const lockFile = join(dir, 'linli.lock')
    // a pid that cannot be running: far above pid_max
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 30, host: hostname(), since: '2026-01-01T00:00:00Z' }))
    const release = lockDataDir(lockFile)
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid)
    expect(() => lockDataDir(lockFile)).toThrow(DataDirLockedError)
    release()
    expect(existsSync(lockFile)).toBe(false)
    rmSync(dir, { recursive: true, force: true })
  })
})
