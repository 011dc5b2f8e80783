import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { requireAlertScope } from './care.policy'
import { addEvents, findAlert } from './repository/alerts'
import { getAlert } from './get-alert'

/** 上门签到: the grid worker records being at the door, with where the phone was (on the timeline). */
export async function checkInAlert(deps: AppDeps, actor: Actor, id: string, at: { lat: number; lng: number; accuracy?: number }) {
  const db = deps.db.kysely
  const ref = await findAlert(db, id)
  if (!ref) throw new AppError('NOT_FOUND')
  requireAlertScope(actor, ref)
  if (ref.status === 'closed') throw new AppError('CARE_ALERT_HANDLED')
  const now = deps.clock.now()
  await inTransaction(db, (tx) =>
    addEvents(tx, [{ alertId: id, action: 'checked_in', actorId: actor.userId, note: `${actor.name} 已上门（位置 ${at.lat.toFixed(5)}, ${at.lng.toFixed(5)}）`, details: at }], now),
  )
  return getAlert(deps, actor, id)
}
