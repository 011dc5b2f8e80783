import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { maskPhone } from '../platform/privacy'
import { canTransition, REOPEN_WINDOW_MINUTES, OPEN, type TTransition } from './report-state'
import { COORDINATOR_ROLES, HANDLER_ROLES, staffRoleFor, WORKER_ROLES } from './reports.policy'
import { findReport, listEvents, listPhotos } from './repository/reports'
import { isSupporter } from './repository/supporters'
import { toPublic } from './reports.mappers'
import { gridBoundary } from '../org'
import type { TReportStatus } from '../../types/reports'

/**
 * A report as the caller may see it. Anyone signed in sees the public view (reports are public
 * work); the reporter also sees the exact address; staff in scope see who reported (never shown
 * publicly, even when the report is not anonymous) and the internal notes.
 */
export async function getReportView(deps: AppDeps, actor: Actor, id: string): Promise<TReportDetail> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const report = await findReport(db, id)
  if (!report) throw new AppError('REPORT_NOT_FOUND')
  const staff = staffRoleFor(actor, report)
  const mine = report.reporter_id === actor.userId
  const [events, photos, supported, boundary] = await Promise.all([listEvents(db, id, Boolean(staff)), listPhotos(db, [id]), isSupporter(db, id, actor.userId), gridBoundary(db, report.grid_id)])
  const view = toPublic(report, events, photos, deps.storage, now)
  const can: string[] = []
  const allowed = (action: TTransition, roles: Parameters<typeof staffRoleFor>[2]) => canTransition(action, report.status) && staffRoleFor(actor, report, roles)
  if (allowed('accept', HANDLER_ROLES)) can.push('accept', 'reject', 'merge')
  else if (allowed('merge', HANDLER_ROLES)) can.push('merge')
  if (allowed('assign', COORDINATOR_ROLES)) can.push('assign')
  if (allowed('escalate', ['grid_worker', 'community_staff', 'cluster_lead'])) can.push('escalate')
  if (allowed('dispatch', COORDINATOR_ROLES)) can.push('dispatch')
  if (canTransition('reassign', report.status) && staffRoleFor(actor, report, ['department_staff', 'grid_worker'])) can.push('reassign')
  if (allowed('start', [...WORKER_ROLES, 'department_staff'])) can.push('start')
  if (allowed('resolve', [...WORKER_ROLES, 'department_staff'])) can.push('resolve')
  if (staff) can.push('note')
  if (mine && report.status === 'resolved') can.push('confirm')
  if (mine && canTransition('reopen', report.status) && report.resolved_at && now.getTime() - new Date(report.resolved_at).getTime() <= REOPEN_WINDOW_MINUTES * 60_000) can.push('reopen')
  if (mine && OPEN.includes(report.status as TReportStatus)) can.push('comment')
  if (!mine && !supported && OPEN.includes(report.status as TReportStatus)) can.push('support')
  return {
    ...view,
    address: mine || staff ? report.address : null,
    lat: mine || staff ? report.lat : view.lat,
    lng: mine || staff ? report.lng : view.lng,
    can,
    mine,
    supported,
    version: report.version,
    reporter: staff
      ? { name: report.reporter_name, phoneMasked: report.no_contact ? null : maskPhone(report.reporter_phone), contactable: !report.no_contact && Boolean(report.reporter_phone) }
      : null,
    anonymous: report.anonymous,
    noContact: mine || staff ? report.no_contact : false,
    communityName: report.community_name,
    gridId: report.grid_id,
    gridName: report.grid_name,
    gridBoundary: boundary,
    departmentName: report.department_name,
    assigneeName: staff ? report.assignee_name : null,
  }
}
