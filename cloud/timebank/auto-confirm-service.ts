import type { JobContext } from '../platform/jobs'
import { addMinutes } from '../platform/clock'
import { notify } from '../platform/notices'
import { AppError } from '../platform/errors'
import { findRequest } from './repository/requests'
import { confirmInOneCall, findRequestWithRules } from './repository/confirm'
import { creditInput } from './credit-service'

/**
 * Job 'timebank.auto_confirm': 72 h after check-out without a dispute the minutes are confirmed.
 * Idempotent: a request that was confirmed, disputed or already auto-confirmed is left alone.
 */
export async function autoConfirmService({ db, now, payload }: JobContext): Promise<void> {
  const id = String(payload.requestId ?? '')
  const found = await findRequestWithRules(db, id)
  const r = found?.request
  // a far check-in waiting for staff: the review schedules this job again when it approves
  if (!found || !r || r.status !== 'awaiting_confirmation' || r.check_out_proposed || !r.check_out_at || r.minutes === null || r.check_in_review === 'pending') return
  const { rules } = found
  if (addMinutes(new Date(r.check_out_at), rules.autoConfirmHours * 60) > now) return
  try {
    // one statement: the guarded transition (at the version read above), the credit, the elder's notice
    await confirmInOneCall(db, {
      ...creditInput(r, r.minutes, rules, null, now),
      version: r.version,
      via: 'auto',
      rating: null,
      comment: null,
      actingFor: null,
      after: {
        kind: 'timebank.auto_confirmed',
        title: '服务时长已自动确认',
        body: `${rules.autoConfirmHours} 小时内没有异议，志愿服务 ${r.minutes} 分钟已自动确认。`,
      },
    })
  } catch (error) {
    // someone confirmed or disputed in the meantime: nothing left to do
    if (error instanceof AppError && error.code === 'REQUEST_STATE_CONFLICT') return
    throw error
  }
}

/** Job 'timebank.confirm_reminder': the elder is told a day before auto-confirmation. */
export async function remindConfirmation({ db, now, payload }: JobContext): Promise<void> {
  const r = await findRequest(db, String(payload.requestId ?? ''))
  if (!r || r.status !== 'awaiting_confirmation') return
  await notify(db, now, { userId: r.elder_id, kind: 'timebank.confirm_reminder', title: '服务时长明天自动确认', body: `志愿者服务 ${r.minutes} 分钟，如有问题请在明天之前提出异议。` })
}
