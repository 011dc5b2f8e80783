import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import type { TVolunteerApplication } from '../../types/timebank'
import { findApplication, insertApplication, latestApplicationOf } from './repository/applications'
import { findPerson, hasVolunteerRole } from './repository/people'
import { toApplicationView } from './list-volunteer-applications'

/** 申请成为志愿者: a resident of a community applies; community staff verify (18+) — see decide-volunteer-application. */
export async function applyVolunteer(deps: AppDeps, actor: Actor, input: { skills: string }): Promise<TVolunteerApplication> {
  const db = deps.db.kysely
  const me = await findPerson(db, actor.userId)
  if (!me?.community_id || !me.community_path) throw new AppError('COMMUNITY_REQUIRED')
  if (await hasVolunteerRole(db, actor.userId, me.community_path)) throw new AppError('ALREADY_VOLUNTEER')
  const id = newId()
  try {
    await inTransaction(db, (tx) => insertApplication(tx, { id, userId: actor.userId, communityId: me.community_id!, skills: input.skills, now: deps.clock.now() }))
  } catch (error) {
    // one pending application per person (partial unique index)
    if (isUniqueViolation(error)) throw new AppError('VOLUNTEER_APPLICATION_PENDING')
    throw error
  }
  return toApplicationView((await findApplication(db, id))!, deps.clock.now(), false)
}

/** My latest application (or none), for the 志愿接单 page. */
export async function getMyVolunteerApplication(deps: AppDeps, actor: Actor): Promise<{ application: TVolunteerApplication | null }> {
  const a = await latestApplicationOf(deps.db.kysely, actor.userId)
  return { application: a ? toApplicationView(a, deps.clock.now(), false) : null }
}
