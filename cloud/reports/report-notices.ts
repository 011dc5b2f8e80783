import type { Kdb } from '../db/db'
import { notify, publish } from '../platform/notices'
import { supporterIds } from './repository/supporters'
import { type ReportRow } from './repository/reports'
import { REPORT_SUBSCRIBE_TOPIC } from './send-report-subscribe'

/**
 * The reporter and everyone who said "我也遇到" hear about the steps that concern them: an in-app
 * notice, and a WeChat subscribe message (send-report-subscribe.ts) where one is configured.
 */
export async function tellFollowers(tx: Kdb, report: Pick<ReportRow, 'id' | 'number' | 'reporter_id'>, kind: string, title: string, body: string, now: Date): Promise<void> {
  const people = new Set([report.reporter_id, ...(await supporterIds(tx, report.id))])
  for (const userId of people) {
    await notify(tx, now, { userId, kind, title, body: `${report.number}：${body}`, link: `/packages/reports/detail/index?id=${report.id}` })
    await publish(tx, now, REPORT_SUBSCRIBE_TOPIC, { userId, reportId: report.id, kind, title })
  }
}
