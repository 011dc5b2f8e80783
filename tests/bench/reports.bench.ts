import { mkdtempSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import sharp from 'sharp'
import { createApp } from '../../cloud/app'
import { localStorage, processPhoto } from '../../cloud/platform/storage'
import { loadActor } from '../../cloud/accounts/repository/people'
import { issueSession } from '../../cloud/accounts/issue-session'
import { listStaffQueue } from '../../cloud/reports/list-staff-queue'
import { listNearbyReports } from '../../cloud/reports/list-nearby-reports'
import { drive, openBenchDb, p, type Emit } from './lib'

/** A noisy photo-like JPEG of about `targetBytes` (noise does not compress, like a real camera shot). */
async function bigJpeg(targetBytes: number): Promise<Buffer> {
  let w = 1800
  for (;;) {
    const h = Math.round((w * 3) / 4)
    const raw = Buffer.alloc(w * h * 3)
    let x = 12345
    for (let i = 0; i < raw.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff
      raw[i] = ((i / 3) % w) / 8 + (x >> 24)
    }
    const jpg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer()
    if (jpg.length >= targetBytes * 0.95 || w > 4000) return jpg
    w = Math.round(w * Math.sqrt(targetBytes / jpg.length) * 1.02)
  }
}

/** The same picture with a unique JPEG comment: a distinct upload (content-addressed storage). */
function variant(jpg: Buffer, i: number): Buffer {
  const text = Buffer.from(`bench-${process.pid}-${i}`)
  const seg = Buffer.alloc(4 + text.length)
  seg[0] = 0xff
  seg[1] = 0xfe
  seg.writeUInt16BE(text.length + 2, 2)
  text.copy(seg, 4)
  return Buffer.concat([jpg.subarray(0, 2), seg, jpg.subarray(2)])
}

/**
 * 随手拍 on PostgreSQL: submit (3 MB JPEG upload + report) throughput and p95 through the HTTP app;
 * sharp time per photo; staff queue p95 and nearby-duplicate p95 with 100,000 reports in the street.
 */
export default async function (emit: Emit, { databaseUrl }: { databaseUrl?: string | null }): Promise<void> {
  const jpg = await bigJpeg(3 * 1024 * 1024)
  // image processing needs no database
  const proc: number[] = []
  for (let i = 0; i < 8; i++) {
    const t = performance.now()
    await processPhoto(variant(jpg, 10_000 + i))
    proc.push(performance.now() - t)
  }
  const meta = await sharp(jpg).metadata()
  emit({ figure: 'reports.photo.process', unit: 'ms/photo', value: p(proc, 0.5), p95: p(proc, 0.95), inputBytes: jpg.length, input: `${meta.width}x${meta.height}`, runs: proc.length })

  if (!databaseUrl) {
    emit({ figure: 'reports', skipped: 'needs DATABASE_URL' })
    return
  }
  const now = new Date('2026-11-27T04:00:00Z')
  const bench = await openBenchDb(databaseUrl, 'reports', { poolSize: 20, seededAt: now })
  const files = mkdtempSync(join(tmpdir(), 'linli-bench-reports-'))
  try {
    const db = bench.db
    const k = db.kysely
    const deps = bench.deps(now, { storage: localStorage(files) })
    const app = createApp(deps)
    const userId = async (where: 'phone' | 'username', v: string) => (await k.selectFrom('users').select('id').where(where, '=', v).executeTakeFirstOrThrow()).id
    const residents = await Promise.all(['13800000001', '13800000002', '13800000004'].map((phone) => userId('phone', phone)))
    const tokens = await Promise.all(residents.map(async (id) => (await issueSession(deps, id)).token))
    const at = { lat: 31.2102, lng: 121.4327 }

    const submitOne = async (i: number) => {
      const token = tokens[i % tokens.length]
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(variant(jpg, i))], { type: 'image/jpeg' }), 'photo.jpg')
      const up = await app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      if (up.status !== 201) throw new Error(`upload ${up.status}`)
      const { key } = (await up.json()) as { key: string }
      const res = await app.request('/api/v1/reports', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ category: 'sanitation', description: `压测上报第 ${i} 条，垃圾满溢`, lat: at.lat + (i % 50) * 0.00001, lng: at.lng, photoKeys: [key], anonymous: true }),
      })
      if (res.status !== 201) throw new Error(`submit ${res.status}`)
    }
    await submitOne(0) // warm-up
    for (const clients of [1, 4]) {
      const r = await drive(
        Array.from({ length: clients === 1 ? 12 : 40 }, (_, j) => () => submitOne(clients * 1000 + j + 1)),
        clients,
      )
      emit({
        figure: 'reports.submit_with_3mb_photo',
        unit: 'reports/s',
        value: r.perSecond,
        p50: p(r.times, 0.5),
        p95: p(r.times, 0.95),
        clients,
        runs: r.times.length,
        failed: r.failed,
        photoBytes: jpg.length,
      })
    }

    // 100,000 reports across the street's grids (generate_series), 70 % open
    const street = await k.selectFrom('org_units').select(['id']).where('kind', '=', 'street').executeTakeFirstOrThrow()
    const t0 = performance.now()
    await sql`
      WITH g AS (
        SELECT o.id, o.path, o.parent_id, geo.min_lat, geo.max_lat, geo.min_lng, geo.max_lng, (row_number() OVER (ORDER BY o.path)) - 1 AS n
        FROM org_units o JOIN org_unit_geo geo ON geo.org_unit_id = o.id WHERE o.kind = 'grid'
      ), c AS (SELECT count(*) AS total FROM g),
      s AS (
        SELECT i, (ARRAY['submitted','accepted','assigned','in_progress','dispatched','reopened','escalated','closed','rejected','resolved'])[1 + (i / 10) % 10] AS status
        FROM generate_series(1, 100000) AS i
      )
      INSERT INTO reports (id, number, category, description, lat, lng, reporter_id, anonymous, street_id, community_id, grid_id, scope_path, level,
        status, limit_minutes, deadline_at, reject_reason, resolved_at, closed_at, created_at, updated_at)
      SELECT gen_random_uuid(), 'BENCH-' || s.i,
        (ARRAY['sanitation','municipal','greenery','illegal_building','street_vending','noise','fire_safety','property','traffic','other'])[1 + s.i % 10],
        '批量生成的测试上报 ' || s.i,
        g.min_lat + (g.max_lat - g.min_lat) * random(), g.min_lng + (g.max_lng - g.min_lng) * random(),
        ${residents[1]}::uuid, true, ${street.id}::uuid, g.parent_id, g.id, g.path, 'grid',
        s.status, 1440, ${now}::timestamptz + ((s.i % 20000) - 10000) * interval '1 minute',
        CASE WHEN s.status = 'rejected' THEN '重复' END,
        CASE WHEN s.status = 'resolved' THEN ${now}::timestamptz END,
        CASE WHEN s.status = 'closed' THEN ${now}::timestamptz END,
        ${now}::timestamptz - (s.i % 43200) * interval '1 minute', ${now}::timestamptz
      FROM s JOIN g ON g.n = s.i % (SELECT total FROM c)
    `.execute(k)
    // what autovacuum does after a bulk load: statistics and the visibility map (index-only scans)
    await sql`VACUUM ANALYZE reports`.execute(k)
    const count = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports`.execute(k)).rows[0].n)
    emit({ figure: 'reports.bulk_insert', unit: 'ms', value: Math.round(performance.now() - t0), rows: count })

    for (const who of ['grid01', 'staff01', 'lead01', 'admin01']) {
      const actor = (await loadActor(k, await userId('username', who)))!
      for (const [label, q] of [
        ['all open', {}],
        ['overdue', { overdue: 'true' as const }],
        ['submitted, sanitation', { status: 'submitted' as const, category: 'sanitation' as const }],
      ] as const) {
        const times: number[] = []
        for (let i = 0; i < 120; i++) {
          const t = performance.now()
          await listStaffQueue(deps, actor, { limit: 20, ...q })
          times.push(performance.now() - t)
        }
        emit({
          figure: 'reports.queue.p95',
          unit: 'ms',
          value: p(times.slice(20), 0.95),
          p50: p(times.slice(20), 0.5),
          who,
          filter: label,
          reports: count,
          target: '< 50',
          load: os.loadavg()[0].toFixed(2),
        })
      }
    }

    const near: number[] = []
    const cats = ['sanitation', 'municipal', 'noise', 'traffic', undefined]
    for (let i = 0; i < 320; i++) {
      const q = { lat: 31.196 + ((i * 37) % 190) / 10000, lng: 121.431 + ((i * 53) % 230) / 10000, category: cats[i % cats.length] }
      const t = performance.now()
      await listNearbyReports(deps, q)
      near.push(performance.now() - t)
    }
    emit({ figure: 'reports.nearby.p95', unit: 'ms', value: p(near.slice(20), 0.95), p50: p(near.slice(20), 0.5), reports: count, radiusMeters: 250, target: '< 30', load: os.loadavg()[0].toFixed(2) })
  } finally {
    await bench.close()
    rmSync(files, { recursive: true, force: true })
  }
}
