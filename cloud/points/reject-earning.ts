import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TEarning } from '../../types/points'
import { findEarning, settleEarning } from './repository/earnings'
import { POINTS_STAFF_ROLES } from './points.policy'
import { toEarning } from './points.mappers'

/** Staff turn an application down with a reason the resident sees. */
export async function rejectEarning(deps: AppDeps, actor: Actor, earningId: string, input: { reason: string }): Promise<TEarning> {
  const db = deps.db.kysely
  const e = await findEarning(db, earningId)
  requireScope(actor, POINTS_STAFF_ROLES, e?.community_path ?? null, 'EARNING_NOT_FOUND')
  if (e!.status !== 'pending') throw new AppError('INVALID_STATE', { status: e!.status }, '这条申请已经处理过了')
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    if (!(await settleEarning(tx, e!.id, { status: 'rejected', points: 0, reason: input.reason, journalId: null, decidedBy: actor.userId, now }, 'pending'))) {
      throw new AppError('INVALID_STATE', undefined, '这条申请已经处理过了')
    }
    await notify(tx, now, { userId: e!.user_id, kind: 'points.rejected', title: '积分申请未通过', body: `「${e!.rule_name}」未通过，原因：${input.reason}` })
  })
  return toEarning((await findEarning(db, e!.id))!)
}
