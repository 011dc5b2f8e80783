import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import { businessDate, shanghaiTime } from '../platform/clock'
import { scheduleJob, type JobHandler } from '../platform/jobs'
import { nextMonth } from './dashboard.dates'
import { refreshDashboard } from './refresh-dashboard'
import { generateMonthlyReport } from './generate-monthly-report'
import { reportingUnits } from './repository/monthly'

/**
 * Every night the finished day is materialised (a new installation catches up at its first tick);
 * on the 1st at 01:00 the month that just ended gets its reports. A month that ended before the
 * installation is generated from 月度报表 (现在生成), not by surprise at the first tick.
 */
export async function scheduleDashboardJobs(db: Kdb, now: Date): Promise<void> {
  const today = businessDate(now)
  await scheduleJob(db, { kind: 'dashboard.refresh', runAt: shanghaiTime(today, '00:05'), dedupeKey: `dashboard.refresh:${today}` }, now)
  const month = today.slice(0, 7)
  const nextFirst = `${nextMonth(month)}-01`
  await scheduleJob(db, { kind: 'dashboard.monthly', runAt: shanghaiTime(nextFirst, '01:00'), payload: { month }, dedupeKey: `dashboard.monthly:${month}` }, now)
}

/** Handlers that need more than the database (storage for the xlsx). */
export function dashboardJobHandlers(deps: AppDeps): Record<string, JobHandler> {
  return {
    'dashboard.refresh': async ({ db, now }) => {
      await refreshDashboard(db, now)
    },
    'dashboard.monthly': async ({ db, payload }) => {
      for (const unit of await reportingUnits(db)) await generateMonthlyReport(deps, unit, String(payload.month))
    },
  }
}
