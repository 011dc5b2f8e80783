import type { AppDeps } from '../platform/context'
import type { TQueueQuery, TQueueResponse } from '../../types/reports'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { QUEUE_ROLES } from './reports.policy'
import { queueReports, type QueueScope } from './repository/queue'
import { toSummary } from './reports.mappers'

export function queueScope(actor: Actor): QueueScope {
  const roles = actor.roles.filter((r) => QUEUE_ROLES.includes(r.role))
  return {
    paths: roles.filter((r) => r.role !== 'department_staff').map((r) => r.path),
    departmentIds: roles.filter((r) => r.role === 'department_staff').map((r) => r.orgUnitId),
  }
}

/** 工作台 queue: everything in my grid / community / 片区 / department, soonest deadline first. */
export async function listStaffQueue(deps: AppDeps, actor: Actor, q: TQueueQuery): Promise<TQueueResponse> {
  requireAnyRole(actor, QUEUE_ROLES)
  const now = deps.clock.now()
  const page = await queueReports(
    deps.db.kysely,
    queueScope(actor),
    { status: q.status, category: q.category, overdue: q.overdue === undefined ? undefined : q.overdue === 'true', limit: q.limit, cursor: q.cursor },
    now,
  )
  return { items: page.items.map((r) => ({ ...toSummary(r, deps.storage, now), version: r.version, place: r.grid_name })), nextCursor: page.nextCursor, counts: page.counts, countCap: page.countCap }
}
