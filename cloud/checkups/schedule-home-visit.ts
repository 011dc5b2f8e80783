import type { AppDeps } from '../app'
import type { THomeVisit, TScheduleHomeVisitRequest } from '../../types/checkups'
import { requireScope, type Actor } from '../org/org.policy'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { CHECKUP_STAFF_ROLES } from './checkups.policy'
import { findHomeVisit, scheduleHomeVisitRow, staffMemberIn, toHomeVisit } from './checkups.repository'
import { when } from './checkups.text'

/** Staff set who visits and when. The same person in two homes at once is refused by the database (409). */
export async function scheduleHomeVisit(deps: AppDeps, actor: Actor, visitId: string, input: TScheduleHomeVisitRequest): Promise<THomeVisit> {
  const db = deps.db.kysely
  const visit = await findHomeVisit(db, visitId)
  requireScope(actor, CHECKUP_STAFF_ROLES, visit?.elder_community_path ?? null, 'HOME_VISIT_NOT_FOUND')
  if (!visit) throw new AppError('HOME_VISIT_NOT_FOUND')
  const path = visit.elder_community_path!
  const roles = await staffMemberIn(db, input.staffId)
  // the visiting staff member must serve this community (health centre, community staff, …)
  if (!roles.some((r) => (CHECKUP_STAFF_ROLES as readonly string[]).includes(r.role) && path.startsWith(r.path))) {
    throw new AppError('USER_NOT_FOUND', { field: 'staffId' })
  }
  const now = deps.clock.now()
  const startsAt = new Date(input.startsAt)
  const endsAt = new Date(input.endsAt)
  if (startsAt.getTime() <= now.getTime()) throw new AppError('INVALID_INPUT', { fields: { startsAt: '上门时间不能早于现在' } }, '上门时间不能早于现在')
  try {
    await db.transaction().execute(async (tx) => {
      if (!(await scheduleHomeVisitRow(tx, visit.id, input.staffId, startsAt, endsAt, now))) throw new AppError('INVALID_STATE', { status: visit.status })
      await notify(tx, now, { userId: visit.elder_id, kind: 'checkup.home_visit', title: '上门体检时间已定', body: `${when(startsAt)} 前后工作人员会上门，请家中留人。` })
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23P01') throw new AppError('HOME_VISIT_CLASH', { staffId: input.staffId })
    throw error
  }
  return toHomeVisit((await findHomeVisit(db, visit.id))!)
}
