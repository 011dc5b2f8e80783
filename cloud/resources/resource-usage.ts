import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { shanghaiTime } from '../platform/clock'
import { addSheet, escapeCell, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { BOOKING_STATUS_LABELS, RESOURCE_KIND_LABELS, type TResourceUsage, type TUsageQuery } from '../../types/resources'
import { listCommunityBookings, usageRows } from './repository/bookings'
import { staffCommunity } from './staff-resources'

/** What the lending community sees: per resource, bookings, use, no-shows and hours, between two dates (inclusive). */
export async function getResourceUsage(deps: AppDeps, actor: Actor, q: TUsageQuery): Promise<TResourceUsage> {
  const community = await staffCommunity(deps.db.kysely, actor, q.communityId)
  if (q.from > q.to) throw new AppError('INVALID_INPUT', { fields: { from: '开始日期不能晚于结束日期' } })
  const rows = await usageRows(deps.db.kysely, community.id, shanghaiTime(q.from), new Date(shanghaiTime(q.to).getTime() + 86_400_000))
  return {
    communityId: community.id,
    communityName: community.name,
    from: q.from,
    to: q.to,
    rows: rows.map((r) => ({
      resourceId: r.id,
      name: r.name,
      kind: r.kind,
      bookings: Number(r.bookings),
      approvedOrUsed: Number(r.approved_or_used),
      checkedIn: Number(r.checked_in),
      noShows: Number(r.no_shows),
      hoursBooked: Math.round(Number(r.hours) * 10) / 10,
      fromOtherCommunities: Number(r.from_other),
      byOrganisations: Number(r.by_organisations),
    })),
  }
}

/** The same as xlsx: 汇总 (per resource) and 明细 (every booking). */
export async function exportResourceUsage(deps: AppDeps, actor: Actor, q: TUsageQuery): Promise<XlsxFile> {
  const usage = await getResourceUsage(deps, actor, q)
  const book = await newWorkbook()
  const sum = addSheet(book, '汇总', [
    { header: '场地/物品', key: 'name', width: 20 },
    { header: '类型', key: 'kind', width: 10 },
    { header: '预约', key: 'bookings', width: 8 },
    { header: '通过', key: 'approvedOrUsed', width: 8 },
    { header: '签到', key: 'checkedIn', width: 8 },
    { header: '未到场', key: 'noShows', width: 8 },
    { header: '使用小时', key: 'hoursBooked', width: 10 },
    { header: '外社区预约', key: 'fromOtherCommunities', width: 12 },
    { header: '社会组织预约', key: 'byOrganisations', width: 12 },
  ])
  for (const r of usage.rows) sum.addRow({ ...r, name: escapeCell(r.name), kind: RESOURCE_KIND_LABELS[r.kind] })
  const detail = addSheet(book, '明细', [
    { header: '场地/物品', key: 'resource', width: 20 },
    { header: '开始', key: 'startsAt', width: 18 },
    { header: '结束', key: 'endsAt', width: 18 },
    { header: '数量', key: 'quantity', width: 6 },
    { header: '预约人', key: 'booker', width: 10 },
    { header: '所在社区', key: 'bookerCommunity', width: 12 },
    { header: '社会组织', key: 'organisation', width: 16 },
    { header: '状态', key: 'status', width: 8 },
    { header: '用途', key: 'purpose', width: 24 },
  ])
  const from = shanghaiTime(q.from)
  const rows = await listCommunityBookings(deps.db.kysely, {
    paths: [`${(await staffCommunity(deps.db.kysely, actor, usage.communityId)).path}`],
    from,
    to: new Date(shanghaiTime(q.to).getTime() + 86_400_000),
  })
  for (const b of rows) {
    detail.addRow({
      resource: escapeCell(b.resource_name),
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      quantity: b.quantity,
      booker: escapeCell(b.booker_name),
      bookerCommunity: b.booker_community_name ?? '',
      organisation: escapeCell(b.organisation_name ?? ''),
      status: BOOKING_STATUS_LABELS[b.status],
      purpose: escapeCell(b.purpose),
    })
  }
  return xlsxFile(book, `场地使用-${usage.communityName}-${q.from}至${q.to}.xlsx`)
}
