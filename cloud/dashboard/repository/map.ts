import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import { reportFilter, type ReportFilter } from './daily'

/** 数据概览 map: where the open reports are now (the overdue ones first, then the newest). */

export interface MapPointRow {
  id: string
  lat: number
  lng: number
  status: string
  category: string
  overdue: boolean
}

export async function openReportPoints(db: Kdb, filter: ReportFilter, now: Date, cap: number): Promise<{ rows: MapPointRow[]; total: number; overdue: number }> {
  const open = sql`r.status = ANY(${[...OPEN_STATUSES]}::text[]) AND ${reportFilter(filter)}`
  const [rows, counts] = await Promise.all([
    sql<MapPointRow>`
      SELECT r.id, r.lat, r.lng, r.status, r.category, (r.deadline_at < ${now}) AS overdue
      FROM reports r WHERE ${open}
      ORDER BY (r.deadline_at < ${now}) DESC, r.created_at DESC, r.id LIMIT ${cap}`.execute(db),
    sql<{ total: number; overdue: number }>`
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE r.deadline_at < ${now}))::int AS overdue FROM reports r WHERE ${open}`.execute(db),
  ])
  return { rows: rows.rows, total: counts.rows[0].total, overdue: counts.rows[0].overdue }
}
