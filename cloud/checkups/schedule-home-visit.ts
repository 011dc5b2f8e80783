import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { THomeVisit, TScheduleHomeVisitRequest } from '../../types/checkups'
import { requireScope, type Actor } from '../org'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { CHECKUP_STAFF_ROLES, HOME_VISITOR_ROLES } from './checkups.policy'
import { toHomeVisit } from './checkups.mappers'
import { findCampaign } from './repository/campaigns'
import { findHomeVisit, scheduleHomeVisitRow, staffServing } from './repository/home-visits'
import { when } from './checkups.text'

/** Staff set who visits and when. The same person in two homes at once is refused by the database (409). */
export async function scheduleHomeVisit(deps: AppDeps, actor: Actor, visitId: string, input: TScheduleHomeVisitRequest): Promise<THomeVisit> {
  const db = deps.db.kysely
  const visit = await findHomeVisit(db, visitId)
  requireScope(actor, CHECKUP_STAFF_ROLES, visit?.elder_community_path ?? null, 'HOME_VISIT_NOT_FOUND')
  if (!visit) throw new AppError('HOME_VISIT_NOT_FOUND')
  const campaign = await findCampaign(db, visit.campaign_id)
  // the visitor must be health centre or community staff serving the campaign's community: the same list the picker shows
  const visitors = campaign ? await staffServing(db, campaign.community_path, HOME_VISITOR_ROLES) : []
  if (!visitors.some((v) => v.id === input.staffId)) throw new AppError('VISITOR_INVALID', { field: 'staffId' })
  const now = deps.clock.now()
  const startsAt = new Date(input.startsAt)
  const endsAt = new Date(input.endsAt)
  if (startsAt.getTime() <= now.getTime()) throw new AppError('INVALID_INPUT', { fields: { startsAt: '上门时间不能早于现在' } }, '上门时间不能早于现在')
  try {
    await inTransaction(db, async (tx) => {
      if (!(await scheduleHomeVisitRow(tx, visit.id, input.staffId, startsAt, endsAt, now))) throw new AppError('INVALID_STATE', { status: visit.status })
      await notify(tx, now, { userId: visit.elder_id, kind: 'checkup.home_visit', title: '上门体检时间已定', body: `${when(startsAt)} 前后工作人员会上门，请家中留人。` })
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23P01') throw new AppError('HOME_VISIT_CLASH', { staffId: input.staffId })
    throw error
  }
  return toHomeVisit((await findHomeVisit(db, visit.id))!)
}
