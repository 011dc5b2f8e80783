import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { AppError } from '../platform/errors'
import { businessDate } from '../platform/clock'
import type { TEarning } from '../../types/points'
import { findEarning } from './repository/earnings'
import { findEvent, findRule } from './repository/rules'
import { residentCommunityId } from './points.policy'
import { verifyCheckInCode } from './checkin-code'
import { earnPoints } from './earn-points'
import { toEarning } from './points.mappers'

/**
 * A resident scans the event QR: a valid, unexpired code for an event of their own community earns
 * the event's rule once per person (the second scan is ALREADY_CHECKED_IN and writes nothing).
 */
export async function checkInEvent(deps: AppDeps, actor: Actor, input: { code: string }): Promise<TEarning> {
  const communityId = residentCommunityId(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const { eventId } = verifyCheckInCode(deps.config.jwtSecret, input.code, now)
  const event = await findEvent(db, eventId)
  // another community's event: the code is genuine, but not for this resident
  if (!event || event.community_id !== communityId) throw new AppError('QR_INVALID')
  const rule = await findRule(db, event.rule_id)
  const today = businessDate(now)
  if (!rule || !rule.active || (rule.active_from && rule.active_from > today) || (rule.active_until && rule.active_until < today)) throw new AppError('RULE_NOT_ACTIVE')
  const { earningId, created } = await earnPoints(db, now, {
    communityId,
    userId: actor.userId,
    rule,
    sourceType: 'event',
    sourceId: `${eventId}:${actor.userId}`,
    note: event.title,
  })
  if (!created) throw new AppError('ALREADY_CHECKED_IN', { earningId })
  return toEarning((await findEarning(db, earningId))!)
}
