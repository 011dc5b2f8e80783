import { loadavg } from 'node:os'
import { createApp } from '../../cloud/app'
import { testConfig } from '../../cloud/platform/config'
import { PEOPLE_HEADER, peopleRows, peopleXlsx } from '../helpers/people-sheet'
import { openBenchDb, type Emit } from './lib'

const ROWS = 20_000

/**
 * 导入居民和老人台账 on PostgreSQL through the real route (multipart upload, exceljs parse, checks,
 * batches of 500 rows as multi-row inserts): rows per second for a 20,000-row 台账, then the same
 * file again (every row matched by its ID hash, nothing written). Target ≥ 2,000 rows/s.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'people_import_rows_per_second', skipped: 'needs DATABASE_URL' })
    return
  }
  const bench = await openBenchDb(databaseUrl, 'people', { poolSize: 4, seededAt: new Date() })
  try {
    const app = createApp({ ...bench.deps(new Date()), config: testConfig({ idPepper: 'bench-pepper' }) })
    const login = await app.request('/api/v1/auth/staff/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin01', password: 'demo1234' }),
    })
    const { token } = (await login.json()) as { token: string }
    const file = await peopleXlsx(PEOPLE_HEADER, peopleRows({ rows: ROWS, community: '东湖社区' }).rows)
    const post = async (dryRun: string) => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(file)]), '台账.xlsx')
      form.append('dryRun', dryRun)
      const t = performance.now()
      const res = await app.request('/api/v1/admin/people/import', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      const body = (await res.json()) as { created: number; matched: number; refused: unknown[] }
      const seconds = (performance.now() - t) / 1000
      if (res.status !== 200) throw new Error(`import failed: ${JSON.stringify(body)}`)
      return { body, seconds }
    }
    const dry = await post('true')
    emit({ figure: 'people_import_rows_per_second', db: 'pg', phase: 'dry run', rows: ROWS, rps: Math.round(ROWS / dry.seconds), target_rps: 2000, load_average: Math.round(loadavg()[0] * 10) / 10 })
    const first = await post('false')
    emit({
      figure: 'people_import_rows_per_second',
      db: 'pg',
      phase: 'commit (new people)',
      rows: ROWS,
      created: first.body.created,
      rps: Math.round(ROWS / first.seconds),
      target_rps: 2000,
      load_average: Math.round(loadavg()[0] * 10) / 10,
    })
    const again = await post('false')
    emit({
      figure: 'people_import_rows_per_second',
      db: 'pg',
      phase: 'second run (all matched)',
      rows: ROWS,
      matched: again.body.matched,
      rps: Math.round(ROWS / again.seconds),
      target_rps: 2000,
      load_average: Math.round(loadavg()[0] * 10) / 10,
    })
  } finally {
    await bench.close()
  }
}
