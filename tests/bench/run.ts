/**
 * `npm run bench`: one JSON line per figure. Speed is measured here, never asserted in tests.
 * PostgreSQL figures need DATABASE_URL (the machine's server in CI); without it they are skipped
 * with a line saying so.
 */
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { openDb } from '../../cloud/db/db'
import { migrate } from '../../cloud/db/migrate'
import { seedDemo } from '../../cloud/entry/demo-seed'
import { withDatabase } from '../helpers/db'

const root = join(__dirname, '..', '..')
const DATABASE_URL = process.env.DATABASE_URL || null

function emit(figure: Record<string, unknown>) {
  console.log(JSON.stringify(figure))
}

async function waitForHealth(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/health`)
      if (res.ok) return
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('server did not answer in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Spawns `npm start`'s entry (no H5 build) and times process start → first healthy answer. */
async function coldStart(env: Record<string, string>, port: number) {
  const started = Date.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/entry/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), SKIP_H5_BUILD: '1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  })
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, started + 120_000)
    return Date.now() - started
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

async function freshPgDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: DATABASE_URL! })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  return withDatabase(DATABASE_URL!, name)
}

async function dropPg(name: string) {
  const admin = new Client({ connectionString: DATABASE_URL! })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}

async function benchColdStart() {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-'))
  emit({ figure: 'cold_start_first_answer', db: 'pglite', state: 'new data dir (initdb + migrate + seed)', ms: await coldStart({ DATA_DIR: dir, DATABASE_URL: '' }, 3901) })
  emit({ figure: 'cold_start_first_answer', db: 'pglite', state: 'existing data dir', ms: await coldStart({ DATA_DIR: dir, DATABASE_URL: '' }, 3902) })
  rmSync(dir, { recursive: true, force: true })
  if (!DATABASE_URL) return emit({ figure: 'cold_start_first_answer', db: 'pg', skipped: 'DATABASE_URL not set' })
  const url = await freshPgDatabase('linli_bench_cold')
  const dir2 = mkdtempSync(join(tmpdir(), 'linli-bench-'))
  emit({ figure: 'cold_start_first_answer', db: 'pg', state: 'empty database (migrate + seed)', ms: await coldStart({ DATA_DIR: dir2, DATABASE_URL: url }, 3903) })
  emit({ figure: 'cold_start_first_answer', db: 'pg', state: 'migrated database', ms: await coldStart({ DATA_DIR: dir2, DATABASE_URL: url }, 3904) })
  rmSync(dir2, { recursive: true, force: true })
  await dropPg('linli_bench_cold')
}

async function benchFreshTestDb() {
  // PGlite: the per-test-file clone is loadDataDir of a migrated + seeded dump
  const template = await openDb()
  await migrate(template.kysely)
  await seedDemo(template.kysely, new Date(), 'bench')
  const dump = await template.pglite!.dumpDataDir('gzip')
  await template.close()
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    const db = await openDb({ loadDataDir: dump })
    await db.kysely.selectFrom('users').select('id').limit(1).execute()
    times.push(performance.now() - t)
    await db.close()
  }
  emit({ figure: 'fresh_test_db_ms', db: 'pglite', method: 'loadDataDir', median_ms: Math.round(median(times)), target_ms: 150 })
  if (!DATABASE_URL) return emit({ figure: 'fresh_test_db_ms', db: 'pg', skipped: 'DATABASE_URL not set' })
  const url = await freshPgDatabase('linli_bench_tpl')
  const db = await openDb({ databaseUrl: url })
  await migrate(db.kysely)
  await seedDemo(db.kysely, new Date(), 'bench')
  await db.close()
  const admin = new Client({ connectionString: DATABASE_URL })
  await admin.connect()
  const pgTimes: number[] = []
  for (let i = 0; i < 10; i++) {
    const t = performance.now()
    await admin.query(`CREATE DATABASE linli_bench_clone_${i} TEMPLATE linli_bench_tpl`)
    pgTimes.push(performance.now() - t)
  }
  for (let i = 0; i < 10; i++) await admin.query(`DROP DATABASE linli_bench_clone_${i}`)
  await admin.end()
  await dropPg('linli_bench_tpl')
  emit({ figure: 'fresh_test_db_ms', db: 'pg', method: 'CREATE DATABASE … TEMPLATE', median_ms: Math.round(median(pgTimes)), target_ms: 150 })
}

function benchCloudBundle() {
  execFileSync(process.execPath, ['--import', 'tsx', 'cloud/build-cloud.ts'], { cwd: root, stdio: 'ignore' })
  const file = join(root, 'cloud/functions/api/index.js')
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { encoding: 'utf8' })
    times.push(Number(out.trim()))
  }
  emit({ figure: 'cloud_bundle', bytes: statSync(file).size, require_ms: Math.round(median(times)), target_require_ms: 300 })
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/**
 * Domain benchmarks live in tests/bench/<name>.bench.ts and export
 * `default async function (emit: (figure: object) => void, env: { databaseUrl: string | null })`.
 */
async function main() {
  const only = process.argv[2]
  // GET /me against /health: tests/bench/http.bench.ts (`npm run bench http`)
  const all: Record<string, () => unknown> = { cold: benchColdStart, testdb: benchFreshTestDb, bundle: benchCloudBundle }
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    const name = file.replace(/\.bench\.ts$/, '')
    all[name] = async () => (await import(join(__dirname, file))).default(emit, { databaseUrl: DATABASE_URL })
  }
  for (const [name, run] of Object.entries(all)) if (!only || only === name) await run()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
