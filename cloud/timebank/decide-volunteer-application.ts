import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { ageOn } from '../platform/clock'
import { AppError } from '../platform/errors'
import { notify, recordActingFor } from '../platform/notices'
import type { TDecideVolunteer, TVolunteerApplication } from '../../types/timebank'
import { decideApplication, findApplication, grantVolunteerRole } from './repository/applications'
import { findRules } from './repository/rules'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'
import { toApplicationView } from './list-volunteer-applications'

/** Staff verify a volunteer (18+ by the street's rules → role volunteer in the community) or decline with a reason. */
export async function decideVolunteerApplication(deps: AppDeps, actor: Actor, id: string, input: TDecideVolunteer): Promise<TVolunteerApplication> {
  const db = deps.db.kysely
  const a = await findApplication(db, id)
  if (!a) throw new AppError('VOLUNTEER_APPLICATION_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, a.community_path, 'VOLUNTEER_APPLICATION_NOT_FOUND')
  const now = deps.clock.now()
  if (input.decision === 'verify') {
    const rules = await findRules(db, a.community_path)
    const age = ageOn(a.birth_date, now)
    if (age === null || age < rules.minVolunteerAge) throw new AppError('VOLUNTEER_TOO_YOUNG', { minAge: rules.minVolunteerAge, age })
  }
  await inTransaction(db, async (tx) => {
    const done = await decideApplication(tx, id, { status: input.decision === 'verify' ? 'verified' : 'rejected', by: actor.userId, reason: input.reason ?? null, now })
    if (!done) throw new AppError('REQUEST_STATE_CONFLICT', { status: a.status }, '这份申请已经处理过了')
    if (input.decision === 'verify') await grantVolunteerRole(tx, a.user_id, a.community_id, now)
    await recordActingFor(tx, now, { actorId: actor.userId, subjectId: a.user_id, action: `timebank.volunteer_${input.decision}`, details: { applicationId: id, reason: input.reason ?? null } })
    await notify(tx, now, {
      userId: a.user_id,
      kind: 'timebank.volunteer_decided',
      title: input.decision === 'verify' ? '您已成为认证志愿者' : '志愿者申请未通过',
      body: input.decision === 'verify' ? '现在可以在「志愿接单」里接单帮助老人了。' : `原因：${input.reason}`,
    })
  })
  return toApplicationView((await findApplication(db, id))!, now, true)
}
