/**
 * `npm run backup -- --out FILE` and `npm run restore -- FILE` (README "Backups and restore").
 * A backup is one tar file: the database (pg_dump's custom format with DATABASE_URL; PGlite's own
 * dumpDataDir tarball otherwise) and manifest.json — row counts of every table and the photo
 * store's manifest (every key with its size and SHA-256, or size only for object stores), so a
 * restore can be checked and the photos that must exist are known. Photos themselves stay in their
 * store (the bucket has its own versioning/replication; `storage:copy` moves them).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { openDb, type Db } from '../db/db'
import { localKeys } from '../platform/storage-copy'
import { s3OptionsFromEnv, s3Storage } from '../platform/storage-s3'

type Env = Record<string, string | undefined>

export interface BackupManifest {
  format: 'linli-backup-1'
  createdAt: string
  database: 'pg' | 'pglite'
  tables: Record<string, number>
  photos: { store: 'local' | 's3'; files: { key: string; size: number; sha256?: string }[] }
}

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ t: string }>`
    SELECT table_name AS t FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db.kysely)
  const counts: Record<string, number> = {}
  for (const { t } of tables.rows) counts[t] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(db.kysely)).rows[0].n
  return counts
}

async function photoManifest(env: Env, dataDir: string): Promise<BackupManifest['photos']> {
  if (env.STORAGE === 's3') {
    const files: BackupManifest['photos']['files'] = []
    for await (const o of s3Storage(s3OptionsFromEnv(env)).list()) files.push({ key: o.key, size: o.size })
    return { store: 's3', files }
  }
  const root = join(dataDir, 'files')
  const files: BackupManifest['photos']['files'] = []
  for await (const key of localKeys(root)) {
    const bytes = readFileSync(join(root, key))
    files.push({ key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') })
  }
  return { store: 'local', files }
}

const pgTool = (name: string, args: string[]) => execFileSync(name, args, { stdio: ['ignore', 'pipe', 'pipe'] })

export async function backup(out: string, env: Env = process.env): Promise<BackupManifest> {
  const dataDir = resolve(env.DATA_DIR || '.data')
  const work = mkdtempSync(join(tmpdir(), 'linli-backup-'))
  try {
    const url = env.DATABASE_URL
    // PGlite: opening takes the DATA_DIR lock, so a backup never runs beside the server
    const db = await openDb(url ? { databaseUrl: url, poolSize: 2 } : { pgliteDir: join(dataDir, 'pgdata') })
    let tables: Record<string, number>
    try {
      tables = await tableCounts(db)
      if (url) pgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(work, 'database.dump')}`, url])
      else writeFileSync(join(work, 'pgdata.tar.gz'), Buffer.from(await (await db.pglite!.dumpDataDir('gzip')).arrayBuffer()))
    } finally {
      await db.close()
    }
    const manifest: BackupManifest = { format: 'linli-backup-1', createdAt: new Date().toISOString(), database: url ? 'pg' : 'pglite', tables, photos: await photoManifest(env, dataDir) }
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 1))
    execFileSync('tar', ['-cf', resolve(out), '-C', work, ...readdirSync(work)])
    return manifest
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Restores into an empty database (refuses one that has tables) and checks every table's row count. */
export async function restore(file: string, env: Env = process.env): Promise<{ manifest: BackupManifest; tables: Record<string, number>; missingPhotos: string[] }> {
  const dataDir = resolve(env.DATA_DIR || '.data')
  const work = mkdtempSync(join(tmpdir(), 'linli-restore-'))
  try {
    execFileSync('tar', ['-xf', resolve(file), '-C', work])
    const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as BackupManifest
    if (manifest.format !== 'linli-backup-1') throw new Error(`不是邻里通的备份文件 / not a linli backup: ${file}`)
    const url = env.DATABASE_URL
    if ((manifest.database === 'pg') !== Boolean(url)) {
      throw new Error(
        manifest.database === 'pg'
          ? '这是 PostgreSQL 备份：请设置 DATABASE_URL / a PostgreSQL backup: set DATABASE_URL'
          : '这是内置数据库备份：请去掉 DATABASE_URL / an embedded-database backup: unset DATABASE_URL',
      )
    }
    let db: Db
    if (url) {
      db = await openDb({ databaseUrl: url, poolSize: 2 })
      const existing = Object.keys(await tableCounts(db))
      if (existing.length) {
        await db.close()
        throw new Error(`目标数据库不是空的（${existing.length} 张表） / the target database is not empty (${existing.length} tables)`)
      }
      const dump = join(work, 'database.dump')
      pgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--section=pre-data', '--section=data', `--dbname=${url}`, dump])
      // indexes and constraints last, with public on the search path: pg_restore empties it, and
      // earthdistance's ll_to_earth (nearby-report index) then cannot find its own type `earth`
      const post = pgTool('pg_restore', ['--no-owner', '--no-privileges', '--section=post-data', '--file=-', dump])
        .toString('utf8')
        .replace(/SELECT pg_catalog\.set_config\('search_path', '', false\);/g, 'SET search_path = public, pg_catalog;')
        .replace(/^\\.*$/gm, '') // psql meta-commands (\restrict …) that pg_restore writes for psql
      await sql.raw(`BEGIN;\n${post}\nCOMMIT;`).execute(db.kysely)
    } else {
      const pgdata = join(dataDir, 'pgdata')
      if (existsSync(pgdata) && readdirSync(pgdata).length) throw new Error(`目标数据目录不是空的 / the target data folder is not empty: ${pgdata}`)
      db = await openDb({ pgliteDir: pgdata, loadDataDir: new Blob([readFileSync(join(work, 'pgdata.tar.gz'))]) })
    }
    let tables: Record<string, number>
    try {
      tables = await tableCounts(db)
    } finally {
      await db.close()
    }
    const differ = Object.keys({ ...manifest.tables, ...tables }).filter((t) => manifest.tables[t] !== tables[t])
    if (differ.length) throw new Error(`恢复后行数不一致 / row counts differ after restore: ${differ.join(', ')}`)
    const present = new Set((await photoManifest(env, dataDir)).files.map((f) => f.key))
    const missingPhotos = manifest.photos.files.map((f) => f.key).filter((k) => !present.has(k))
    return { manifest, tables, missingPhotos }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'backup') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } })
    if (!values.out) {
      console.error('用法 / usage: npm run backup -- --out FILE')
      return 2
    }
    const m = await backup(values.out)
    console.log(`备份完成 / backup written: ${values.out}（${Object.keys(m.tables).length} 张表，${Object.values(m.tables).reduce((a, b) => a + b, 0)} 行，照片清单 ${m.photos.files.length} 个文件）`)
    return 0
  }
  if (command === 'restore') {
    const file = rest.find((a) => !a.startsWith('--'))
    if (!file) {
      console.error('用法 / usage: npm run restore -- FILE')
      return 2
    }
    const r = await restore(file)
    console.log(`恢复完成，行数一致 / restored, row counts match: ${Object.keys(r.tables).length} 张表`)
    if (r.missingPhotos.length) console.warn(`照片存储里缺少 ${r.missingPhotos.length} 个文件（见备份的 manifest.json），例如 ${r.missingPhotos.slice(0, 3).join(', ')}`)
    return 0
  }
  console.error('用法 / usage: backup --out FILE | restore FILE')
  return 2
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`失败 / failed: ${(error as Error).message}`)
      process.exit(1)
    },
  )
}
