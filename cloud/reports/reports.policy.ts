import type { TRole } from '../../types/org'
import { covers, type Actor, type ActorRole } from '../org'
import { AppError } from '../platform/errors'

/** Staff who accept, reject and merge incoming reports in their grid / community / 片区 / street. */
export const HANDLER_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'street_admin']
/** Staff who hand work on: assign a grid worker, dispatch to a department. */
export const COORDINATOR_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']
/** Staff who do the work on the ground. */
export const WORKER_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'street_admin']
export const QUEUE_ROLES: readonly TRole[] = [...HANDLER_ROLES, 'department_staff']

interface ScopedReport {
  scope_path: string
  department_id: string | null
  reporter_id: string
}

/** The caller's relation to a report: a staff role covering it, the department it was sent to, or the reporter. */
export function staffRoleFor(actor: Actor, report: ScopedReport, roles: readonly TRole[] = QUEUE_ROLES): ActorRole | null {
  return (
    actor.roles.find((r) => roles.includes(r.role) && r.role !== 'department_staff' && covers(r, report.scope_path)) ??
    (roles.includes('department_staff') ? actor.roles.find((r) => r.role === 'department_staff' && r.orgUnitId === report.department_id) : undefined) ??
    null
  )
}

export function isInScope(actor: Actor, report: ScopedReport): boolean {
  return Boolean(staffRoleFor(actor, report))
}

/**
 * First line of a staff action: outside the caller's scope the report "does not exist" (404);
 * in scope but the wrong role (a grid worker dispatching) is 403.
 */
export function requireReportRole(actor: Actor, report: ScopedReport | undefined, roles: readonly TRole[]): ActorRole {
  if (!report) throw new AppError('REPORT_NOT_FOUND')
  const role = staffRoleFor(actor, report, roles)
  if (role) return role
  if (isInScope(actor, report) || report.reporter_id === actor.userId) throw new AppError('FORBIDDEN')
  throw new AppError('REPORT_NOT_FOUND')
}

/** Reporter-only actions (confirm, reopen): staff in scope get 403, everyone else 404. */
export function requireReporter(actor: Actor, report: ScopedReport | undefined): void {
  if (!report) throw new AppError('REPORT_NOT_FOUND')
  if (report.reporter_id === actor.userId) return
  if (isInScope(actor, report)) throw new AppError('FORBIDDEN', undefined, '只有上报人可以确认或重新打开')
  throw new AppError('REPORT_NOT_FOUND')
}
