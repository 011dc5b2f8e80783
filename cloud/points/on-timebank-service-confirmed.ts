import { z } from 'zod'
import type { JobContext } from '../platform/jobs'
import { businessDate } from '../platform/clock'
import { findActiveRuleByKind } from './repository/rules'
import { earnPoints } from './earn-points'

const ZServiceConfirmedSchema = z.object({
  serviceId: z.string().min(1).max(100),
  volunteerId: z.uuid(),
  communityId: z.uuid(),
  minutes: z.number().int().nonnegative(),
})

/**
 * Points for a time-bank hour: the rule's points are per hour served, pro rata to the minute and
 * rounded to whole points, at least 1 for any credited minutes (a 30-minute visit under a 10-point
 * rule earns 5). Caps of the rule apply as for any credit.
 */
export function pointsForMinutes(rulePoints: number, minutes: number): number {
  if (minutes <= 0) return 0
  return Math.max(1, Math.round((rulePoints * minutes) / 60))
}

/**
 * Outbox subscriber for 'timebank.service_confirmed' (时间银行): the served elder (or family) confirmed
 * the service, which is the check a volunteer_service application would get from staff, so the
 * community's active 'volunteer_service' rule credits at once even when it asks for review of
 * applications. Delivery is at least once; the (timebank, serviceId, rule) key credits once.
 */
export async function onTimebankServiceConfirmed({ db, now, payload }: JobContext): Promise<void> {
  const event = ZServiceConfirmedSchema.safeParse(payload)
  if (!event.success) return // malformed: dropped, never retried forever
  const rule = await findActiveRuleByKind(db, event.data.communityId, 'volunteer_service', businessDate(now))
  if (!rule) return // this community gives no points for volunteering (yet)
  const grant = pointsForMinutes(rule.points, event.data.minutes)
  if (grant === 0) return // no minutes were credited (a time-bank cap): nothing to earn
  await earnPoints(db, now, {
    communityId: event.data.communityId,
    userId: event.data.volunteerId,
    rule: { ...rule, points: grant },
    sourceType: 'timebank',
    sourceId: event.data.serviceId,
    note: `时间银行志愿服务 ${event.data.minutes} 分钟`,
  })
}
