import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localStorage } from '../../cloud/platform/storage'
import { importLeanCloud } from '../../cloud/leancloud/import-leancloud'
import { parseMapping } from '../../cloud/leancloud/mapping'
import { exportFolderSource } from '../../cloud/leancloud/sources'
import { openBenchDb, type Emit } from './lib'

const USERS = 1_000
const REPORTS = 100_000

async function writeLines(file: string, count: number, line: (i: number) => unknown): Promise<void> {
  const out = createWriteStream(file)
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(line(i))}\n`)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
}

const iso = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 37_000).toISOString()
const hex = (prefix: string, i: number) => `${prefix}${i.toString(16).padStart(23, '0')}`

/**
 * LeanCloud import on PostgreSQL: rows imported per second from an export of 100,000 随手拍 reports
 * (JSON lines, no photos; 1,000 residents imported first), batches of 500 — each batch one
 * transaction with its rows, timeline events, external ids. Then the same export again: every row
 * found in the external-id table and skipped.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  if (!databaseUrl) {
    emit({ figure: 'leancloud', skipped: 'needs DATABASE_URL' })
    return
  }
  const bench = await openBenchDb(databaseUrl, 'leancloud', { poolSize: 4, seededAt: new Date() })
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-lc-'))
  try {
    const db = bench.db
    await writeLines(join(dir, '_User.jsonl'), USERS, (i) => ({
      objectId: hex('u', i),
      createdAt: iso(i),
      updatedAt: iso(i),
      nickname: `居民${i}`,
      mobilePhoneNumber: `137${String(i).padStart(8, '0')}`,
    }))
    const categories = ['环境卫生', '市政设施', '园林绿化', '噪音扰民', '物业管理', '乱停车']
    await writeLines(join(dir, 'Report.jsonl'), REPORTS, (i) => ({
      objectId: hex('r', i),
      createdAt: iso(i),
      updatedAt: iso(i),
      ACL: { '*': { read: true } },
      author: { __type: 'Pointer', className: '_User', objectId: hex('u', i % USERS) },
      category: categories[i % categories.length],
      content: `楼道堆物第 ${i} 处，影响通行`,
      location: { __type: 'GeoPoint', latitude: 31.205 + (i % 100) / 10_000, longitude: 121.44 + (i % 77) / 10_000 },
      status: i % 3 === 0 ? '已处理' : '待处理',
    }))
    const deps = { db: db.kysely, storage: localStorage(join(dir, 'files')), now: new Date() }
    const source = exportFolderSource(dir)
    await importLeanCloud(deps, { community: '东湖社区', source, mapping: parseMapping({ classes: [{ class: '_User', kind: 'users' }] }) })
    const reportsOnly = parseMapping({ classes: [{ class: 'Report', kind: 'reports', statuses: { 已处理: 'closed', 待处理: 'submitted' } }] })

    let t0 = performance.now()
    const first = await importLeanCloud(deps, { community: '东湖社区', source, mapping: reportsOnly, batch: 500 })
    let seconds = (performance.now() - t0) / 1000
    const r = first.classes[0]
    emit({
      figure: 'leancloud.import.reports',
      unit: 'rows/s',
      value: Math.round(r.read / seconds),
      rows: r.read,
      created: r.created,
      refused: r.refused,
      seconds: +seconds.toFixed(1),
      batch: 500,
      photos: 0,
    })

    t0 = performance.now()
    const again = await importLeanCloud(deps, { community: '东湖社区', source, mapping: reportsOnly, batch: 500 })
    seconds = (performance.now() - t0) / 1000
    emit({
      figure: 'leancloud.reimport.reports',
      unit: 'rows/s',
      value: Math.round(again.classes[0].read / seconds),
      rows: again.classes[0].read,
      skipped: again.classes[0].skipped,
      created: again.classes[0].created,
      seconds: +seconds.toFixed(1),
    })
  } finally {
    await bench.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
