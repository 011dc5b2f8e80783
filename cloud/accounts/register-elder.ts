import type { AppDeps } from '../platform/context'
import type { TElder, TRegisterElderRequest } from '../../types/accounts'
import { COUNTER_ROLES, requireScope, type Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { hashIdNumber, maskIdNumber } from '../platform/privacy'
import { recordActingFor } from '../platform/notices'
import { getElderView } from './accounts.repository'
import { businessDate } from '../platform/clock'

/**
 * Staff register an elder at the counter: no phone needed. The ID number is kept only masked
 * (last 4) and as a keyed hash, so a later search by the full number still finds them.
 */
export async function registerElder(deps: AppDeps, actor: Actor, input: TRegisterElderRequest): Promise<TElder> {
  const db = deps.db.kysely
  const community = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('id', '=', input.communityId)
    .where('kind', '=', 'community')
    .executeTakeFirst()
  requireScope(actor, COUNTER_ROLES, community?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  const now = deps.clock.now()
  if (input.birthDate > businessDate(now)) throw new AppError('INVALID_INPUT', { fields: { birthDate: '出生日期不能晚于今天' } }, '出生日期不能晚于今天')
  const id = newId()
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('users')
        .values({
          id,
          name: input.name,
          phone: input.phone ?? null,
          birth_date: input.birthDate,
          id_number_masked: maskIdNumber(input.idNumber),
          id_number_hash: hashIdNumber(input.idNumber, deps.config.idPepper),
          address: input.address,
          community_id: community!.id,
          registered_by: actor.userId,
          elder_mode: true,
          created_at: now,
        })
        .execute()
      await tx
        .insertInto('role_assignments')
        .values({ id: newId(), user_id: id, role: 'resident', org_unit_id: community!.id, created_at: now })
        .execute()
      await recordActingFor(tx, now, { actorId: actor.userId, subjectId: id, action: 'elder.registered', details: { via: 'counter' } })
    })
  } catch (error) {
    if (isUniqueViolation(error, 'users_id_number_hash_key')) throw new AppError('ELDER_ALREADY_REGISTERED')
    if (isUniqueViolation(error, 'users_phone_key')) throw new AppError('PHONE_IN_USE')
    throw error
  }
  const elder = await getElderView(db, id, now)
  const { communityPath: _path, ...view } = elder!
  return view
}
