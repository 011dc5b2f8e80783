import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** 月度报表 rows: one per org unit and month; the xlsx itself lives in storage. */

export interface MonthlyReportRow {
  org_unit_id: string
  month: string
  storage_key: string
  figures: unknown
  generated_at: Date
}

export async function saveMonthlyReport(db: Kdb, row: { orgUnitId: string; month: string; storageKey: string; figures: unknown; now: Date }): Promise<void> {
  const values = { storage_key: row.storageKey, figures: JSON.stringify(row.figures), generated_at: row.now }
  await db
    .insertInto('monthly_reports')
    .values({ org_unit_id: row.orgUnitId, month: row.month, ...values })
    .onConflict((oc) => oc.columns(['org_unit_id', 'month']).doUpdateSet(values))
    .execute()
}

export async function listMonthlyReports(db: Kdb, orgUnitId: string): Promise<MonthlyReportRow[]> {
  return db.selectFrom('monthly_reports').selectAll().where('org_unit_id', '=', orgUnitId).orderBy('month', 'desc').execute()
}

export async function findMonthlyReport(db: Kdb, orgUnitId: string, month: string): Promise<MonthlyReportRow | null> {
  const row = await db.selectFrom('monthly_reports').selectAll().where('org_unit_id', '=', orgUnitId).where('month', '=', month).executeTakeFirst()
  return row ?? null
}

/** The units a monthly report is made for: every open community, 片区 and street. */
export async function reportingUnits(db: Kdb): Promise<{ id: string; name: string; kind: string; path: string }[]> {
  return db.selectFrom('org_units').select(['id', 'name', 'kind', 'path']).where('kind', 'in', ['street', 'cluster', 'community']).where('closed_at', 'is', null).orderBy('path').execute()
}

/** Who hears that a unit's report is ready: 片区 leads and street admins whose scope covers it. */
export async function reportReaders(db: Kdb, unitPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('r.user_id')
    .distinct()
    .where('r.role', 'in', ['cluster_lead', 'street_admin'])
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`${unitPath} LIKE o.path || '%'`)
    .execute()
  return rows.map((r) => r.user_id)
}
