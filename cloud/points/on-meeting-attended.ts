import { z } from 'zod'
import type { JobContext } from '../platform/jobs'
import { businessDate } from '../platform/clock'
import { findActiveRuleByKind } from './repository/rules'
import { earnPoints } from './earn-points'

const ZMeetingAttendedSchema = z.object({ meetingId: z.uuid(), userId: z.uuid(), communityId: z.uuid() })

/**
 * Outbox subscriber for 'deliberation.meeting_attended' (议事会 sign-in by QR): the community's active
 * 'event_attendance' rule credits the attendee, as a points event check-in does. Delivery is at least
 * once; the (event, meeting:user, rule) key credits once.
 */
export async function onMeetingAttended({ db, now, payload }: JobContext): Promise<void> {
  const event = ZMeetingAttendedSchema.safeParse(payload)
  if (!event.success) return
  const rule = await findActiveRuleByKind(db, event.data.communityId, 'event_attendance', businessDate(now))
  if (!rule) return
  await earnPoints(db, now, {
    communityId: event.data.communityId,
    userId: event.data.userId,
    rule,
    sourceType: 'event',
    sourceId: `meeting:${event.data.meetingId}:${event.data.userId}`,
    note: '参加议事会',
  })
}
