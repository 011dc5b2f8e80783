import type { JobHandler } from '../platform/jobs'
import { escalateOverdueReport } from './escalate-overdue-report'
import { closeResolvedReport } from './close-resolved-report'

/** Scheduled work of 随手拍, run by tick (cloud/app.ts → jobHandlers). */
export const reportJobHandlers: Record<string, JobHandler> = {
  'reports.escalate': escalateOverdueReport,
  'reports.autoclose': closeResolvedReport,
}
