import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { inTransaction } from '../platform/tx'
import { notify } from '../platform/notices'
import { requireAlertScope } from './care.policy'
import { addEvents, findAlert, markAcknowledged, recipients } from './repository/alerts'
import { getAlert } from './get-alert'

/**
 * 我来处理: the first staff member to tap takes the alert; the ladder stops. A single conditional
 * UPDATE decides who was first, so two grid workers tapping at once give one owner and one 409.
 * The family is told who is on the way.
 */
export async function acknowledgeAlert(deps: AppDeps, actor: Actor, id: string) {
  const db = deps.db.kysely
  const ref = await findAlert(db, id)
  if (!ref) throw new AppError('NOT_FOUND')
  requireAlertScope(actor, ref)
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (!(await markAcknowledged(tx, id, actor.userId, now))) throw new AppError('CARE_ALERT_HANDLED')
    await addEvents(tx, [{ alertId: id, action: 'acknowledged', actorId: actor.userId, note: `${actor.name}：我来处理` }], now)
    const family = (await recipients(tx, [{ id, enrolment_id: ref.enrolment_id, elder_id: ref.elder_id, kind: ref.kind, level: 1, reason: '' }])).filter((r) => r.role === 'family')
    for (const f of family) {
      await notify(tx, now, {
        userId: f.user_id,
        kind: 'care.handling',
        title: '关爱提醒：已有人在处理',
        body: `${actor.name} 已接手处理这条提醒，正在联系或上门查看，有结果会告诉您。`,
        link: `/packages/care/family/index?elderId=${ref.elder_id}`,
      })
    }
  })
  return getAlert(deps, actor, id)
}
