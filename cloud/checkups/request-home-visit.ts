import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { THomeVisit, TRequestHomeVisitRequest } from '../../types/checkups'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { actingFor, requireEligible } from './checkups.policy'
import { toHomeVisit } from './checkups.mappers'
import { findCampaign } from './repository/campaigns'
import { findPerson } from './repository/elders'
import { findHomeVisit, insertHomeVisit } from './repository/home-visits'

/** 上门体检 for a bed-bound elder: asked by the elder, family or staff; staff then schedule it. */
export async function requestHomeVisit(deps: AppDeps, actor: Actor, input: TRequestHomeVisitRequest): Promise<THomeVisit> {
  const db = deps.db.kysely
  const elder = await findPerson(db, input.elderId)
  const acting = await actingFor(db, actor, elder)
  if (!elder) throw new AppError('ELDER_NOT_FOUND')
  const campaign = await findCampaign(db, input.campaignId)
  if (!campaign || campaign.community_id !== elder.community_id) throw new AppError('CAMPAIGN_NOT_FOUND')
  await requireEligible(db, elder, campaign, acting, undefined)
  const now = deps.clock.now()
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      await insertHomeVisit(tx, { id, campaignId: campaign.id, elderId: elder.id, requestedBy: actor.userId, note: input.note, now })
      if (acting.as !== 'self')
        await recordActingFor(tx, now, {
          actorId: actor.userId,
          subjectId: elder.id,
          action: 'checkup.home_visit_requested',
          details: { homeVisitId: id },
          notice: { kind: 'checkup.home_visit', title: `${actor.name}为您申请了上门体检`, body: '社区会和您约定上门时间。' },
        })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'checkup_home_visits_one_live')) throw new AppError('ALREADY_BOOKED', undefined, '已经申请过上门体检了')
    throw error
  }
  return toHomeVisit((await findHomeVisit(db, id))!)
}
