import { z } from 'zod'
import type { JobContext } from '../platform/jobs'
import { businessDate } from '../platform/clock'
import { findActiveRuleByKind } from './repository/rules'
import { earnPoints } from './earn-points'

const ZReportAcceptedSchema = z.object({
  reportId: z.string().min(1).max(100),
  reporterId: z.uuid(),
  communityId: z.uuid(),
  acceptedAt: z.string().optional(),
})

/**
 * Outbox subscriber for 'report.accepted' (随手拍): a report accepted as valid earns the community's
 * 'valid_report' rule. Delivery is at least once; the (report, reportId, rule) key credits once.
 */
export async function onReportAccepted({ db, now, payload }: JobContext): Promise<void> {
  const event = ZReportAcceptedSchema.safeParse(payload)
  if (!event.success) return // not ours to fix: a malformed event is dropped, never retried forever
  const at = event.data.acceptedAt && !Number.isNaN(Date.parse(event.data.acceptedAt)) ? new Date(event.data.acceptedAt) : now
  const rule = await findActiveRuleByKind(db, event.data.communityId, 'valid_report', businessDate(at))
  if (!rule) return // this community gives no points for reports (yet)
  await earnPoints(db, now, {
    communityId: event.data.communityId,
    userId: event.data.reporterId,
    rule,
    sourceType: 'report',
    sourceId: event.data.reportId,
    note: '随手拍被受理为有效上报',
  })
}
