import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import type { TCareAlert, TCareEvent } from '../../types/care'
import { requireAlertScope } from './care.policy'
import { findAlert } from './repository/alerts'
import { eventsOf, familyOf, listAlertRows, toAlerts } from './repository/alert-views'

/** One alert with its timeline (staff in scope; another community's alert does not exist). */
export async function getAlert(deps: AppDeps, actor: Actor, id: string): Promise<TCareAlert & { events: TCareEvent[] }> {
  const db = deps.db.kysely
  const ref = await findAlert(db, id)
  if (!ref) throw new AppError('NOT_FOUND')
  requireAlertScope(actor, ref)
  const rows = (await listAlertRows(db, { elderId: ref.elder_id, status: 'all', limit: 500 })).filter((r) => r.id === id)
  const [alert] = toAlerts(rows, await familyOf(db, [ref.elder_id]), true)
  return { ...alert, events: (await eventsOf(db, [id])).get(id) ?? [] }
}
