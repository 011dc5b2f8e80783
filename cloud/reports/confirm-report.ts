import type { AppDeps } from '../platform/context'
import type { TReportDetail } from '../../types/reports'
import type { Actor } from '../org'
import { changeReport } from './change-report'
import { requireReporter } from './reports.policy'

/** The reporter confirms the fix and rates it (1–5 stars). */
export async function confirmReport(deps: AppDeps, actor: Actor, id: string, input: { rating: number; comment?: string }): Promise<TReportDetail> {
  return changeReport(deps, actor, id, 'confirm', {
    authorize: (r) => {
      requireReporter(actor, r)
      return { role: 'reporter' }
    },
    change: (_r, now) => ({ to: 'closed', set: { closed_at: now, rating: input.rating, rating_comment: input.comment || null }, reason: input.comment || null, details: { rating: input.rating } }),
  })
}
