import type { AppDeps } from '../platform/context'
import type { TElder, TRegisterElderRequest } from '../../types/accounts'
import { COUNTER_ROLES, requireScope, type Actor } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { hashIdNumber, maskIdNumber } from '../platform/privacy'
import { recordActingFor } from '../platform/notices'
import { getElderView } from './repository/people'
import { findCommunity, insertCounterElder } from './repository/users'
import { businessDate } from '../platform/clock'

/**
 * Staff register an elder at the counter: no phone needed. The ID number is kept only masked
 * (last 4) and as a keyed hash, so a later search by the full number still finds them.
 */
export async function registerElder(deps: AppDeps, actor: Actor, input: TRegisterElderRequest): Promise<TElder> {
  const db = deps.db.kysely
  const community = await findCommunity(db, input.communityId)
  requireScope(actor, COUNTER_ROLES, community?.path ?? null, 'ORG_UNIT_NOT_FOUND')
  const now = deps.clock.now()
  if (input.birthDate > businessDate(now)) throw new AppError('INVALID_INPUT', { fields: { birthDate: '出生日期不能晚于今天' } }, '出生日期不能晚于今天')
  const id = newId()
  try {
    await db.transaction().execute(async (tx) => {
      await insertCounterElder(tx, {
        id,
        name: input.name,
        phone: input.phone ?? null,
        birthDate: input.birthDate,
        idMasked: maskIdNumber(input.idNumber),
        idHash: hashIdNumber(input.idNumber, deps.config.idPepper),
        address: input.address,
        communityId: community!.id,
        registeredBy: actor.userId,
        now,
      })
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
