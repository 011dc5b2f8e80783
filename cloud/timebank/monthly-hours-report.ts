import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { shanghaiTime } from '../platform/clock'
import type { TMonthlyHoursReport } from '../../types/timebank'
import { monthlyHours } from './repository/reports'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

/** 月度时长报表: per volunteer in the staff member's scope, services confirmed in the month (Shanghai time). */
export async function monthlyHoursReport(deps: AppDeps, actor: Actor, month: string): Promise<TMonthlyHoursReport> {
  requireAnyRole(actor, TIMEBANK_STAFF_ROLES)
  const paths = actor.roles.filter((r) => TIMEBANK_STAFF_ROLES.includes(r.role)).map((r) => r.path)
  const [y, m] = month.split('-').map(Number)
  const from = shanghaiTime(`${month}-01`)
  const to = shanghaiTime(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`)
  const rows = (await monthlyHours(deps.db.kysely, paths, from, to)).map((r) => ({
    volunteerId: r.volunteer_id,
    name: r.name,
    communityName: r.community_name,
    services: Number(r.services),
    minutes: Number(r.minutes),
    adjustMinutes: Number(r.adjust_minutes),
  }))
  return { month, rows, totalServices: rows.reduce((s, r) => s + r.services, 0), totalMinutes: rows.reduce((s, r) => s + r.minutes, 0) }
}
