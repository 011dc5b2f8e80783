import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/entry/demo-seed'
import { backup, restore, tableCounts } from '../../cloud/entry/backup'
import { checkCommunity } from '../../cloud/points/reconcile-points'
import { emptyPgDatabase } from '../helpers/processes'
import { demoDataDir } from '../helpers/demo-data-dir'

async function ledgersReconcile(db: Awaited<ReturnType<typeof openDb>>): Promise<unknown[]> {
  const communities = await db.kysely.selectFrom('points_accounts').select('community_id').distinct().execute()
  expect(communities.length).toBeGreaterThan(0)
  const bad: unknown[] = []
  for (const { community_id } of communities) {
    const r = await checkCommunity(db.kysely, community_id)
    if (!r.ok) bad.push(r)
  }
  return bad
}

/** Backup → restore into an empty database → the same rows, and the points ledgers still reconcile. */
describe('backup and restore', () => {
  const work = mkdtempSync(join(tmpdir(), 'linli-bk-'))
  const cleanUp = [work]
  afterAll(() => cleanUp.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  ;(process.env.DATABASE_URL ? it : it.skip)(
    'PostgreSQL: pg_dump → pg_restore into an empty database',
    async () => {
      const src = await emptyPgDatabase()
      const dst = await emptyPgDatabase()
      try {
        const db = await openDb({ databaseUrl: src.url, poolSize: 2 })
        await migrate(db.kysely)
        await seedDemo(db.kysely, new Date('2026-11-27T04:00:00Z'), 'backup-test-pepper')
        const before = await tableCounts(db)
        await db.close()
        const file = join(work, 'pg.linli-backup')
        const env = { DATABASE_URL: src.url, DATA_DIR: join(work, 'pg-data') }
        const manifest = await backup(file, env)
        expect(manifest.tables).toEqual(before)
        expect(manifest.tables.users).toBeGreaterThan(5)

        const restored = await restore(file, { DATABASE_URL: dst.url, DATA_DIR: join(work, 'pg-data') })
        expect(restored.tables).toEqual(before)
        const after = await openDb({ databaseUrl: dst.url, poolSize: 2 })
        try {
          expect(await tableCounts(after)).toEqual(before)
          expect(await ledgersReconcile(after)).toEqual([])
        } finally {
          await after.close()
        }
        // never over data: the same restore again is refused
        await expect(restore(file, { DATABASE_URL: dst.url, DATA_DIR: join(work, 'pg-data') })).rejects.toThrow(/not empty/)
      } finally {
        await src.drop()
        await dst.drop()
      }
    },
    180_000,
  )

  it('embedded PGlite: dumpDataDir → a new DATA_DIR; the photo manifest tells what the store must hold', async () => {
    // a DATA_DIR holding the demo street, as the server left it (tests/helpers/demo-data-dir.ts)
    const a = demoDataDir('linli-bk-a-')
    cleanUp.push(a)
    const db = await openDb({ pgliteDir: join(a, 'pgdata') })
    const before = await tableCounts(db)
    await db.close()
    mkdirSync(join(a, 'files', 'photos'), { recursive: true })
    writeFileSync(join(a, 'files', 'photos', `${'b'.repeat(64)}.jpg`), 'jpeg bytes')

    const file = join(work, 'lite.linli-backup')
    const manifest = await backup(file, { DATA_DIR: a })
    expect(manifest.database).toBe('pglite')
    expect(manifest.photos.files).toEqual([{ key: `photos/${'b'.repeat(64)}.jpg`, size: 10, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }])

    const b = join(work, 'b')
    const restored = await restore(file, { DATA_DIR: b })
    expect(restored.tables).toEqual(before)
    expect(restored.missingPhotos).toEqual([`photos/${'b'.repeat(64)}.jpg`]) // b's store has not been given the photos
    const after = await openDb({ pgliteDir: join(b, 'pgdata') })
    try {
      expect(await ledgersReconcile(after)).toEqual([])
    } finally {
      await after.close()
    }
  }, 180_000)
})
