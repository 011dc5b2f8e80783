import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TDisputeService, TServiceRequest } from '../../types/timebank'
import { findRequest, transitionRequest } from './repository/requests'
import { findRules } from './repository/rules'
import { TRANSITIONS, requireElderSide, standingOf } from './timebank.policy'
import { toRequestView } from './timebank.mappers'

/** 有异议: the elder's side sends the service to community staff; nothing is credited meanwhile. */
export async function disputeService(deps: AppDeps, actor: Actor, id: string, input: TDisputeService): Promise<TServiceRequest> {
  const db = deps.db.kysely
  const r = await findRequest(db, id)
  if (!r) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  requireElderSide(await standingOf(db, actor, r))
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    const t = TRANSITIONS.dispute
    await transitionRequest(tx, id, t.from, t.to, { dispute_reason: input.reason, disputed_by: actor.userId }, now, input.version)
    if (r.volunteer_id) await notify(tx, now, { userId: r.volunteer_id, kind: 'timebank.disputed', title: '服务有异议', body: `对这次服务有异议，社区工作人员会联系您：${input.reason}` })
  })
  const rules = await findRules(db, r.community_path)
  return toRequestView((await findRequest(db, id))!, rules.autoConfirmHours)
}
