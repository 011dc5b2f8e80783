import type { Kdb } from '../db/db'
import type { JobContext } from '../platform/jobs'
import { notify } from '../platform/notices'
import { AUTOCLOSE_AFTER_MINUTES } from './report-state'
import { insertEvent, lockReport, transitionReport } from './repository/reports'

export function autocloseJob(reportId: string, resolvedAt: Date) {
  return {
    kind: 'reports.autoclose',
    runAt: new Date(resolvedAt.getTime() + AUTOCLOSE_AFTER_MINUTES * 60_000),
    payload: { reportId, resolvedAt: resolvedAt.toISOString() },
    dedupeKey: `reports.autoclose:${reportId}:${resolvedAt.toISOString()}`,
  }
}

/** tick: a resolution the reporter has not confirmed in 7 days closes itself (DOMAIN.md). */
export async function closeResolvedReport({ db, now, payload }: JobContext): Promise<void> {
  const reportId = String(payload.reportId)
  await db.transaction().execute(async (tx: Kdb) => {
    const r = await lockReport(tx, reportId)
    // a reopen and a second resolution make this job stale: only the resolution it was made for closes
    if (!r || r.status !== 'resolved' || !r.resolved_at || new Date(r.resolved_at).toISOString() !== payload.resolvedAt) return
    if (new Date(r.resolved_at).getTime() + AUTOCLOSE_AFTER_MINUTES * 60_000 > now.getTime()) return
    if (!(await transitionReport(tx, r.id, r.version, ['resolved'], { status: 'closed', closed_at: now, updated_at: now }))) return
    await insertEvent(tx, { reportId: r.id, actorId: null, actorRole: 'system', action: 'autoclose', from: 'resolved', to: 'closed', level: r.level, now })
    await notify(tx, now, { userId: r.reporter_id, kind: 'report.closed', title: '随手拍已办结', body: `${r.number} 处理后 7 天未确认，已自动办结` })
  })
}
