import { z } from 'zod'
import type { JobContext } from '../platform/jobs'
import { businessDate } from '../platform/clock'
import { findActiveRuleByKind } from './repository/rules'
import { earnPoints } from './earn-points'

const ZActivityAttendedSchema = z.object({
  activityId: z.uuid(),
  userId: z.uuid(),
  communityId: z.uuid(),
  title: z.string().max(200),
})

/**
 * Outbox subscriber for 'organisations.activity_attended' (社会组织活动签到): the host community's
 * active 'event_attendance' rule credits the member once per activity, as a points event check-in
 * would. Delivery is at least once; the (event, activity:user, rule) key credits once.
 */
export async function onOrganisationActivityAttended({ db, now, payload }: JobContext): Promise<void> {
  const event = ZActivityAttendedSchema.safeParse(payload)
  if (!event.success) return // malformed: dropped, never retried forever
  const rule = await findActiveRuleByKind(db, event.data.communityId, 'event_attendance', businessDate(now))
  if (!rule) return // this community gives no points for activities
  await earnPoints(db, now, {
    communityId: event.data.communityId,
    userId: event.data.userId,
    rule,
    sourceType: 'event',
    sourceId: `organisation-activity:${event.data.activityId}:${event.data.userId}`,
    note: event.data.title,
  })
}
