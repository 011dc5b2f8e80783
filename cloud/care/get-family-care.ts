import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { addMinutes } from '../platform/clock'
import type { TFamilyCare } from '../../types/care'
import { requireElderView } from './care.policy'
import { dailyLitres, findElder, findElderEnrolment, listAway } from './repository/enrolments'
import { eventsOf, listAlertRows, toAlerts } from './repository/alert-views'

/**
 * What the family (or the elder) sees: his alerts with who handled them and how, his away periods,
 * and the last 14 days of water use per day for a simple chart (no hourly raw data).
 */
export async function getFamilyCare(deps: AppDeps, actor: Actor, elderId: string): Promise<TFamilyCare> {
  const db = deps.db.kysely
  const elder = await findElder(db, elderId)
  if (!elder) throw new AppError('NOT_FOUND')
  const enrolment = await findElderEnrolment(db, elderId)
  await requireElderView(db, actor, elderId, enrolment ?? null)
  const now = deps.clock.now()
  if (!enrolment) return { elderId, elderName: elder.name, enrolled: false, meterId: null, alerts: [], days: [], away: [] }
  const rows = await listAlertRows(db, { elderId, status: 'all', limit: 20 })
  const events = await eventsOf(
    db,
    rows.map((r) => r.id),
  )
  const active = enrolment.status === 'active'
  const away = active ? await listAway(db, [enrolment.id], now) : []
  return {
    elderId,
    elderName: elder.name,
    enrolled: active,
    meterId: enrolment.meter_id,
    alerts: toAlerts(rows, [], false).map((a) => ({ ...a, events: events.get(a.id) ?? [] })),
    days: active ? await dailyLitres(db, enrolment.meter_id, addMinutes(now, -13 * 24 * 60), now) : [],
    away: away.map((a) => ({ id: a.id, startsAt: new Date(a.starts_at).toISOString(), endsAt: new Date(a.ends_at).toISOString(), reason: a.reason })),
  }
}
