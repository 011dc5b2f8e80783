import type { AppDeps } from '../platform/context'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { shanghaiTime } from '../platform/clock'
import { addSheet, escapeCell, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { ORGANISATION_KIND_LABELS, ORGANISATION_STATUS_LABELS, type TOrganisationOverview } from '../../types/resources'
import { organisationOverview as overviewRows } from './repository/activities'
import { findOrgUnit } from './repository/organisations'
import { ORGANISATION_STAFF_ROLES } from './organisations.policy'

/**
 * Street office view (社会组织概览): per organisation under a unit the caller covers, its members,
 * activities, sign-ins, hours served and resources booked between two Shanghai dates (inclusive).
 */
export async function getOrganisationOverview(deps: AppDeps, actor: Actor, q: { orgUnitId?: string; from: string; to: string }): Promise<TOrganisationOverview> {
  const db = deps.db.kysely
  const unitId = q.orgUnitId ?? actor.roles.find((r) => ORGANISATION_STAFF_ROLES.includes(r.role))?.orgUnitId
  if (!unitId) throw new AppError('NOT_FOUND')
  const unit = await findOrgUnit(db, unitId)
  requireScope(actor, ORGANISATION_STAFF_ROLES, unit?.path ?? null)
  if (q.from > q.to) throw new AppError('INVALID_INPUT', { fields: { from: '开始日期不能晚于结束日期' } })
  const to = new Date(shanghaiTime(q.to).getTime() + 86_400_000)
  const rows = await overviewRows(db, unit!.path, shanghaiTime(q.from), to)
  return {
    orgUnitId: unit!.id,
    orgUnitName: unit!.name,
    from: q.from,
    to: q.to,
    rows: rows.map((r) => ({
      organisationId: r.id,
      name: r.name,
      kind: r.kind,
      status: r.status,
      hostCommunityName: r.host_community_name,
      members: Number(r.members ?? 0),
      activities: Number(r.activities ?? 0),
      attendances: Number(r.attendances ?? 0),
      hoursServed: Math.round(Number(r.hours_served ?? 0) * 10) / 10,
      bookings: Number(r.bookings ?? 0),
      hoursBooked: Math.round(Number(r.hours_booked ?? 0) * 10) / 10,
    })),
  }
}

export async function exportOrganisationOverview(deps: AppDeps, actor: Actor, q: { orgUnitId?: string; from: string; to: string }): Promise<XlsxFile> {
  const view = await getOrganisationOverview(deps, actor, q)
  const book = await newWorkbook()
  const sheet = addSheet(book, '社会组织', [
    { header: '组织', key: 'name', width: 24 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '状态', key: 'status', width: 12 },
    { header: '所在社区', key: 'host', width: 12 },
    { header: '成员', key: 'members', width: 8 },
    { header: '活动场次', key: 'activities', width: 10 },
    { header: '签到人次', key: 'attendances', width: 10 },
    { header: '服务小时', key: 'hoursServed', width: 10 },
    { header: '预约场地次数', key: 'bookings', width: 12 },
    { header: '使用场地小时', key: 'hoursBooked', width: 12 },
  ])
  for (const r of view.rows) {
    sheet.addRow({ ...r, name: escapeCell(r.name), kind: ORGANISATION_KIND_LABELS[r.kind], status: ORGANISATION_STATUS_LABELS[r.status], host: r.hostCommunityName })
  }
  return xlsxFile(book, `社会组织概览-${view.orgUnitName}-${view.from}至${view.to}.xlsx`)
}
