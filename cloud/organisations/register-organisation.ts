import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { inTransaction } from '../platform/tx'
import type { TOrganisation, TRegisterOrganisation } from '../../types/resources'
import { findCommunity, findOrganisation, findUsersByPhones, insertMember, insertOrganisation, listMembers } from './repository/organisations'
import { residentCommunity, streetPathOf } from './organisations.policy'
import { toOrganisation } from './organisations.mappers'

/**
 * A resident registers a social organisation (志愿服务队, 为老服务 …) hosted by a community of their
 * street, and becomes its leader; the members named by phone join at once. It waits for the host
 * community's staff to verify it before it can act in its own name.
 */
export async function registerOrganisation(deps: AppDeps, actor: Actor, input: TRegisterOrganisation): Promise<TOrganisation> {
  const own = residentCommunity(actor)
  const db = deps.db.kysely
  const host = await findCommunity(db, input.hostCommunityId ?? own.id)
  if (!host || !host.path.startsWith(streetPathOf(own.path))) throw new AppError('ORG_UNIT_NOT_FOUND')
  const phones = [...new Set(input.memberPhones)]
  const people = await findUsersByPhones(db, phones)
  const street = streetPathOf(own.path)
  const unknown = phones.filter((p) => !people.some((u) => u.phone === p && u.community_path?.startsWith(street)))
  if (unknown.length > 0) throw new AppError('USER_NOT_FOUND', { phones: unknown })
  const now = deps.clock.now()
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      await insertOrganisation(tx, { id, hostCommunityId: host.id, name: input.name, kind: input.kind, description: input.description, status: 'pending', registeredBy: actor.userId, now })
      await insertMember(tx, { organisationId: id, userId: actor.userId, role: 'leader', addedBy: actor.userId, now })
      for (const p of people) if (p.id !== actor.userId) await insertMember(tx, { organisationId: id, userId: p.id, role: 'member', addedBy: actor.userId, now })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'organisations_name')) throw new AppError('ORGANISATION_NAME_TAKEN')
    throw error
  }
  return toOrganisation((await findOrganisation(db, id))!, 'leader', await listMembers(db, id))
}
