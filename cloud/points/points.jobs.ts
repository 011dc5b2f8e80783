import type { Kdb } from '../db/db'
import { businessDate, shanghaiTime } from '../platform/clock'
import { scheduleJob, type JobHandler, type OutboxSubscriber } from '../platform/jobs'
import { releaseExpiredHold } from './release-expired-holds'
import { expirePoints } from './expire-points'
import { notifyExpiringPoints } from './notify-expiring-points'
import { reconcileAllPoints } from './reconcile-points'
import { onReportAccepted } from './on-report-accepted'
import { onTimebankServiceConfirmed } from './on-timebank-service-confirmed'
import { onOrganisationActivityAttended } from './on-organisation-activity-attended'
import { onMeetingAttended } from './on-meeting-attended'

export const pointsJobHandlers: Record<string, JobHandler> = {
  'points.release_hold': releaseExpiredHold,
  'points.expire': expirePoints,
  'points.expiry_notice': notifyExpiringPoints,
  'points.reconcile': reconcileAllPoints,
}

export const pointsOutboxSubscribers: Record<string, OutboxSubscriber> = {
  'report.accepted': onReportAccepted,
  'timebank.service_confirmed': onTimebankServiceConfirmed,
  'organisations.activity_attended': onOrganisationActivityAttended,
  'deliberation.meeting_attended': onMeetingAttended,
}

/**
 * Called by every tick: the yearly expiry (1 January 00:00), the notice a month before
 * (1 December 09:00) and tonight's reconciliation (02:00), each once per dedupe key.
 */
export async function schedulePointsJobs(db: Kdb, now: Date): Promise<void> {
  const today = businessDate(now)
  const year = Number(today.slice(0, 4))
  for (const y of [year, year + 1]) {
    await scheduleJob(db, { kind: 'points.expire', runAt: shanghaiTime(`${y}-01-01`), dedupeKey: `points.expire:${y}` }, now)
  }
  await scheduleJob(db, { kind: 'points.expiry_notice', runAt: shanghaiTime(`${year}-12-01`, '09:00'), dedupeKey: `points.expiry_notice:${year}` }, now)
  await scheduleJob(db, { kind: 'points.reconcile', runAt: shanghaiTime(today, '02:00'), dedupeKey: `points.reconcile:${today}` }, now)
}
