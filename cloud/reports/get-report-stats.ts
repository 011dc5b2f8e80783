import type { AppDeps } from '../platform/context'
import type { TStatsRow } from '../../types/reports'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { QUEUE_ROLES } from './reports.policy'
import { reportStats } from './repository/queue'
import { queueScope } from './list-staff-queue'

/** Counts by status and overdue, per community and 片区 in my scope. */
export async function getReportStats(deps: AppDeps, actor: Actor): Promise<{ items: TStatsRow[] }> {
  requireAnyRole(actor, QUEUE_ROLES)
  const rows = await reportStats(deps.db.kysely, queueScope(actor), deps.clock.now())
  const byUnit = new Map<string, TStatsRow>()
  for (const r of rows) {
    const row = byUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, kind: r.kind, byStatus: {}, overdue: 0 }
    row.byStatus[r.status] = (row.byStatus[r.status] ?? 0) + r.n
    row.overdue += r.overdue
    byUnit.set(r.unit_id, row)
  }
  return { items: [...byUnit.values()] }
}
