import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { publish } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TActivity } from '../../types/resources'
import { findActivity, insertAttendance } from './repository/activities'
import { memberRole } from './repository/organisations'
import { toActivity } from './organisations.mappers'
import { verifyActivityCode } from './activity-code'

/** Topic the points domain subscribes to: one credit of the host community's event_attendance rule per sign-in. */
export const ACTIVITY_ATTENDED_TOPIC = 'organisations.activity_attended'

/**
 * A member scans the activity's QR: signed in once (a second scan is ALREADY_CHECKED_IN and
 * writes nothing); the sign-in and its outbox event for points commit together.
 */
export async function checkInActivity(deps: AppDeps, actor: Actor, code: string): Promise<TActivity> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { activityId } = verifyActivityCode(deps.config.jwtSecret, code, now)
  const activity = await findActivity(db, activityId, actor.userId)
  if (!activity || activity.organisation_status !== 'verified') throw new AppError('QR_INVALID')
  if (!(await memberRole(db, activity.organisation_id, actor.userId))) throw new AppError('ACTIVITY_MEMBERS_ONLY')
  await inTransaction(db, async (tx) => {
    if (!(await insertAttendance(tx, activityId, actor.userId, now))) throw new AppError('ALREADY_CHECKED_IN')
    await publish(tx, now, ACTIVITY_ATTENDED_TOPIC, {
      activityId,
      userId: actor.userId,
      communityId: activity.host_community_id,
      title: `${activity.organisation_name}：${activity.title}`,
    })
  })
  return toActivity((await findActivity(db, activityId, actor.userId))!)
}
