import type { AppDeps } from '../platform/context'
import type { TBulkReportsRequest, TBulkReportsResponse, TBulkResult } from '../../types/reports'
import type { Actor } from '../org'
import { requireAnyRole } from '../org'
import { AppError } from '../platform/errors'
import { acceptReport } from './accept-report'
import { assignReport } from './assign-report'
import { QUEUE_ROLES } from './reports.policy'

/**
 * 批量受理 / 批量派给网格员 from the queue. Each report is its own transition (own transaction,
 * version check against what the staff member saw, own event and notices), so one report that
 * moved meanwhile or is outside the caller's scope fails alone and the others go through.
 */
export async function bulkChangeReports(deps: AppDeps, actor: Actor, input: TBulkReportsRequest): Promise<TBulkReportsResponse> {
  requireAnyRole(actor, QUEUE_ROLES)
  const results: TBulkResult[] = []
  // one after another: the same grid worker's notices and the caller's order stay predictable,
  // and 50 short transactions do not hold 50 connections of the pool
  for (const item of input.items) {
    try {
      const opts = { expectedVersion: item.version }
      const view =
        input.action === 'accept'
          ? await acceptReport(deps, actor, item.id, { reason: input.reason }, opts)
          : await assignReport(deps, actor, item.id, { assigneeId: input.assigneeId!, reason: input.reason }, opts)
      results.push({ id: item.id, ok: true, status: view.status })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      results.push({ id: item.id, ok: false, error: { code: error.code, message: error.message } })
    }
  }
  const succeeded = results.filter((r) => r.ok).length
  return { results, succeeded, failed: results.length - succeeded }
}
