import { REPORT_CATEGORIES } from '../../types/reports'
import { addMinutes } from '../platform/clock'
import { newId } from '../platform/ids'
import { insertEvent, insertPhotos, insertReport, insertUpload, nextReportNumber } from '../reports/reports.repository'
import type { GridRow } from './leancloud.repository'
import type { TClassMapping } from './mapping'
import { get, numberOf, text, userOf, type RowContext, type RowOutcome } from './row-context'
import { dateOf, type LcRow } from './sources'

type ReportsMapping = Extract<TClassMapping, { kind: 'reports' }>

/** Coordinates from a GeoPoint or lat/lng fields; null when missing, not numbers, out of range or 0,0. */
export function coordinatesOf(row: LcRow, m: ReportsMapping): { lat: number; lng: number } | null {
  const geo = get(row, m.fields.location) as { latitude?: unknown; longitude?: unknown } | undefined
  const lat = numberOf(geo && typeof geo === 'object' ? geo.latitude : get(row, m.fields.lat))
  const lng = numberOf(geo && typeof geo === 'object' ? geo.longitude : get(row, m.fields.lng))
  if (lat === null || lng === null || lat < -90 || lat > 90 || lng < -180 || lng > 180 || (lat === 0 && lng === 0)) return null
  return { lat, lng }
}

function nearestGrid(grids: GridRow[], lat: number, lng: number): GridRow {
  let best = grids[0]
  let bestD = Infinity
  for (const g of grids) {
    if (g.lat === null || g.lng === null) continue
    const d = (g.lat - lat) ** 2 + ((g.lng - lng) * Math.cos((lat * Math.PI) / 180)) ** 2
    if (d < bestD) [best, bestD] = [g, d]
  }
  return best
}

const CLOSED = new Set(['resolved', 'closed', 'rejected'])

/**
 * A 随手拍 report with its photos (already downloaded and re-encoded by the batch). It keeps its
 * original time and number day, goes to the nearest grid of the community, and gets one public
 * timeline event saying it came from LeanCloud (with any note: unknown category, unreachable photos).
 */
export async function importReport(ctx: RowContext, m: ReportsMapping, row: LcRow, usersClass: string, photoUrls: string[]): Promise<RowOutcome> {
  const reporterId = userOf(ctx, row, m.fields.reporter, usersClass)
  const where = coordinatesOf(row, m)
  if (!where) return { kind: 'refused', reason: `坐标不对：${JSON.stringify(get(row, m.fields.location) ?? [get(row, m.fields.lat), get(row, m.fields.lng)])}` }
  if (ctx.grids.length === 0) return { kind: 'refused', reason: '社区没有网格，无法分派' }
  const notes: string[] = []
  const rawCategory = text(get(row, m.fields.category))
  let category = rawCategory ? m.categories[rawCategory] : undefined
  if (!category) {
    category = 'other'
    notes.push(`原类别「${rawCategory ?? '空'}」未能对应，归入其他`)
  }
  let description = text(get(row, m.fields.description)) ?? ''
  if (description.length > 500) {
    description = description.slice(0, 500)
    notes.push('描述超过 500 字，已截断')
  }
  if (description.length < 5) description = `${description || '（无描述）'}（迁移自 LeanCloud）`.slice(0, 500)
  const rawStatus = text(get(row, m.fields.status))
  const status = (rawStatus && m.statuses[rawStatus]) || 'submitted'
  if (rawStatus && !m.statuses[rawStatus]) notes.push(`未知状态「${rawStatus}」按待受理导入`)
  const createdAt = new Date(row.createdAt)
  const updatedAt = new Date(dateOf(row.updatedAt) ?? row.createdAt)
  const grid = nearestGrid(ctx.grids, where.lat, where.lng)
  const limitMinutes = REPORT_CATEGORIES.find((c) => c.code === category)!.limitMinutes
  const photos = photoUrls.map((url) => ({ url, photo: ctx.photos.get(url) }))
  const unreachable = photos.filter((p) => !p.photo?.ok).map((p) => ({ url: p.url, reason: p.photo && !p.photo.ok ? p.photo.reason : '未下载' }))
  if (unreachable.length) notes.push(`${unreachable.length} 张照片无法下载`)
  const id = newId()
  const number = await nextReportNumber(ctx.tx, createdAt)
  await insertReport(ctx.tx, {
    id,
    number,
    category,
    description,
    lat: where.lat,
    lng: where.lng,
    address: text(get(row, m.fields.address))?.slice(0, 120) ?? null,
    reporter_id: reporterId,
    anonymous: true,
    street_id: ctx.community.streetId,
    community_id: ctx.community.id,
    grid_id: grid.id,
    scope_path: grid.path,
    assignee_id: null,
    department_id: null,
    dispatched_from: null,
    status,
    limit_minutes: limitMinutes,
    // an open case's clock starts at the move: it was not ours to be late on before
    deadline_at: addMinutes(CLOSED.has(status) ? createdAt : ctx.now, limitMinutes),
    merged_into: null,
    reject_reason: status === 'rejected' ? '迁移前已驳回' : null,
    resolution_note: null,
    resolved_at: status === 'resolved' || status === 'closed' ? updatedAt : null,
    closed_at: status === 'closed' || status === 'rejected' ? updatedAt : null,
    rating: null,
    rating_comment: null,
    created_at: createdAt,
    updated_at: updatedAt,
  })
  const keys: string[] = []
  for (const p of photos) {
    if (!p.photo?.ok || keys.includes(p.photo.key)) continue
    await insertUpload(ctx.tx, { key: p.photo.key, thumbKey: p.photo.thumbKey, width: p.photo.width, height: p.photo.height, bytes: p.photo.bytes, uploadedBy: reporterId, now: ctx.now })
    keys.push(p.photo.key)
  }
  await insertPhotos(ctx.tx, id, 'before', keys, reporterId, createdAt)
  await insertEvent(ctx.tx, {
    reportId: id,
    actorId: null,
    actorRole: 'system',
    action: 'import',
    from: null,
    to: status,
    level: 'grid',
    reason: notes.length ? notes.join('；') : '从 LeanCloud 迁移',
    details: { source: 'leancloud', objectId: row.objectId, category: rawCategory, status: rawStatus, unreachablePhotos: unreachable },
    now: createdAt,
  })
  return { kind: 'created', targetTable: 'reports', targetId: id, note: notes.length ? notes.join('；') : undefined }
}
