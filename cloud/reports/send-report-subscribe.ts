import type { OutboxSubscriber } from '../platform/jobs'
import { reportStatusData, type SubscribeSender } from '../platform/wechat-subscribe'
import { STATUS_LABELS, type TReportStatus } from '../../types/reports'
import { findReport } from './repository/reports'
import { openidOf } from './repository/supporters'
import { holderOf } from './reports.mappers'

/** Outbox topic written beside each follower notice (report-notices.ts). */
export const REPORT_SUBSCRIBE_TOPIC = 'report.subscribe'

/**
 * Delivers a report's progress as a WeChat subscribe message: the state at delivery time (who holds
 * it now, the deadline), so a late delivery never shows a stale holder. People without a WeChat
 * openid (H5 logins) have the in-app notice only. A WeChat error throws: the outbox retries.
 */
export function sendReportSubscribe(sender: SubscribeSender): OutboxSubscriber {
  return async ({ db, payload }) => {
    const openid = await openidOf(db, String(payload.userId))
    if (!openid) return
    const r = await findReport(db, String(payload.reportId))
    if (!r) return
    const data = reportStatusData({
      number: r.number,
      statusLabel: STATUS_LABELS[r.status as TReportStatus] ?? r.status,
      holder: holderOf(r),
      deadlineAt: new Date(r.deadline_at),
      note: String(payload.title ?? ''),
    })
    await sender.send(openid, 'reportStatus', data, `packages/reports/detail/index?id=${r.id}`)
  }
}
