import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TOrganisation } from '../../types/resources'
import { findOrganisation, findUsersByPhones, insertMember, listMembers, removeMember } from './repository/organisations'
import { requireLeader, streetPathOf } from './organisations.policy'
import { toOrganisation } from './organisations.mappers'

/** The leader adds a resident of the street by phone number; the person is told. */
export async function addMember(deps: AppDeps, actor: Actor, organisationId: string, phone: string): Promise<TOrganisation> {
  const db = deps.db.kysely
  const org = await requireLeader(db, actor, organisationId, false)
  const [person] = await findUsersByPhones(db, [phone])
  if (!person || !person.community_path?.startsWith(streetPathOf(org.host_path))) throw new AppError('USER_NOT_FOUND')
  const now = deps.clock.now()
  try {
    await inTransaction(db, async (tx) => {
      await insertMember(tx, { organisationId, userId: person.id, role: 'member', addedBy: actor.userId, now })
      await notify(tx, now, {
        userId: person.id,
        kind: 'organisation.member_added',
        title: `您已加入「${org.name}」`,
        body: `${actor.name} 把您加入了社会组织「${org.name}」，可以参加它的活动并扫码签到。`,
        link: `/packages/resources/org/index?id=${organisationId}`,
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ORGANISATION_MEMBER_EXISTS')
    throw error
  }
  return toOrganisation((await findOrganisation(db, organisationId))!, 'leader', await listMembers(db, organisationId))
}

/** The leader removes a member (never the leader). */
export async function removeOrganisationMember(deps: AppDeps, actor: Actor, organisationId: string, userId: string): Promise<TOrganisation> {
  const db = deps.db.kysely
  await requireLeader(db, actor, organisationId, false)
  if (!(await removeMember(db, organisationId, userId))) throw new AppError('USER_NOT_FOUND')
  return toOrganisation((await findOrganisation(db, organisationId))!, 'leader', await listMembers(db, organisationId))
}
