import { REPORT_CATEGORIES } from '../../types/reports'
import { addMinutes, businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import type { Kdb } from '../db/db'
import { insertPhotos, insertUpload, type ReportRow } from '../reports'
import { escalationJob } from '../reports'
import { insertImportEvents, insertReports, scheduleJobs, takeReportNumbers } from './leancloud.repository'
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

export interface BuiltReport {
  objectId: string
  row: Omit<ReportRow, 'number' | 'level' | 'escalations' | 'reopen_count' | 'supporters' | 'version' | 'no_contact'>
  photos: { key: string; thumbKey: string; width: number; height: number; bytes: number }[]
  event: { reason: string; details: Record<string, unknown> }
  note?: string
}

/**
 * A 随手拍 report with its photos (already downloaded and re-encoded by the batch), checked and built
 * in memory: it keeps its original time, goes to the nearest grid of the community, and gets one
 * public timeline event saying it came from LeanCloud (with any note: unknown category, unreachable photos).
 */
export function buildReport(ctx: RowContext, m: ReportsMapping, row: LcRow, usersClass: string, photoUrls: string[]): BuiltReport | { refused: string } {
  let reporterId: string
  try {
    reporterId = userOf(ctx, row, m.fields.reporter, usersClass)
  } catch (error) {
    return { refused: (error as Error).message }
  }
  const where = coordinatesOf(row, m)
  if (!where) return { refused: `坐标不对：${JSON.stringify(get(row, m.fields.location) ?? [get(row, m.fields.lat), get(row, m.fields.lng)])}` }
  if (ctx.grids.length === 0) return { refused: '社区没有网格，无法分派' }
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
  const stored: BuiltReport['photos'] = []
  for (const { photo } of photos) {
    if (photo?.ok && !stored.some((x) => x.key === photo.key)) stored.push({ key: photo.key, thumbKey: photo.thumbKey, width: photo.width, height: photo.height, bytes: photo.bytes })
  }
  return {
    objectId: row.objectId,
    row: {
      id: newId(),
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
    },
    photos: stored,
    event: {
      reason: notes.length ? notes.join('；') : '从 LeanCloud 迁移',
      details: { source: 'leancloud', objectId: row.objectId, category: rawCategory, status: rawStatus, unreachablePhotos: unreachable },
    },
    note: notes.length ? notes.join('；') : undefined,
  }
}

/**
 * Writes built reports: numbers taken per business day in one statement, then reports, photos and
 * timeline events as multi-row inserts (a batch of 500 is a handful of statements).
 */
export async function writeReports(tx: Kdb, built: BuiltReport[], now: Date): Promise<void> {
  if (built.length === 0) return
  const numbers = await takeReportNumbers(
    tx,
    built.map((b) => businessDate(b.row.created_at)),
  )
  await insertReports(
    tx,
    built.map((b, i) => ({ ...b.row, number: numbers[i] })),
  )
  for (const b of built) {
    for (const p of b.photos) await insertUpload(tx, { key: p.key, thumbKey: p.thumbKey, width: p.width, height: p.height, bytes: p.bytes, uploadedBy: b.row.reporter_id, now })
    await insertPhotos(
      tx,
      b.row.id,
      'before',
      b.photos.map((p) => p.key),
      b.row.reporter_id,
      b.row.created_at,
    )
  }
  await insertImportEvents(
    tx,
    built.map((b) => ({ reportId: b.row.id, toStatus: b.row.status, reason: b.event.reason, details: b.event.details, at: b.row.created_at })),
  )
  // an open case escalates when its time limit passes, like one submitted here
  await scheduleJobs(
    tx,
    built.filter((b) => !CLOSED.has(b.row.status)).map((b) => escalationJob(b.row.id, 0, b.row.deadline_at)),
    now,
  )
}

/** One report through the batch writer (the careful path: behind a savepoint, a row at a time). */
export async function importReport(ctx: RowContext, m: ReportsMapping, row: LcRow, usersClass: string, photoUrls: string[]): Promise<RowOutcome> {
  const built = buildReport(ctx, m, row, usersClass, photoUrls)
  if ('refused' in built) return { kind: 'refused', reason: built.refused }
  await writeReports(ctx.tx, [built], ctx.now)
  return { kind: 'created', targetTable: 'reports', targetId: built.row.id, note: built.note }
}
