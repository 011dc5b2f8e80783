import type { Kdb } from '../db/db'
import type { JobContext } from '../platform/jobs'
import { addMinutes } from '../platform/clock'
import { scheduleJob } from '../platform/jobs'
import { notify } from '../platform/notices'
import type { TLevel } from '../../types/reports'
import { levelAbove, OPEN } from './report-state'
import { bumpVersion, insertEvent, lockReport } from './repository/reports'
import { staffAt, unitAtLevel } from './repository/routing'

const LEVEL_ROLES: Record<TLevel, string[]> = {
  grid: ['grid_worker'],
  community: ['community_staff'],
  cluster: ['cluster_lead'],
  street: ['street_admin'],
}

/** The job that raises a report one level when its time runs out; `tag` keeps reopen schedules apart. */
export function escalationJob(reportId: string, escalations: number, runAt: Date, tag = '') {
  return { kind: 'reports.escalate', runAt, payload: { reportId, escalations }, dedupeKey: `reports.escalate:${reportId}:${escalations}${tag}` }
}

/**
 * tick: an overdue case goes one level up (grid → community → 片区 → street) and the new holder is
 * told; the next level follows one more time limit later. Idempotent: the job carries the
 * escalation count it was made for, so a replay or a stale job changes nothing.
 */
export async function escalateOverdueReport({ db, now, payload }: JobContext): Promise<void> {
  const reportId = String(payload.reportId)
  const expected = Number(payload.escalations)
  await db.transaction().execute(async (tx: Kdb) => {
    const r = await lockReport(tx, reportId)
    if (!r || !OPEN.includes(r.status as never) || r.escalations !== expected) return
    const due = addMinutes(new Date(r.deadline_at), r.escalations * r.limit_minutes)
    if (due.getTime() > now.getTime()) {
      await scheduleJob(tx, escalationJob(r.id, r.escalations, due, `:at${due.getTime()}`), now)
      return
    }
    const next = levelAbove(r.level as TLevel)
    if (!next) return
    await bumpVersion(tx, r.id, { level: next, escalations: r.escalations + 1, updated_at: now })
    await insertEvent(tx, {
      reportId: r.id,
      actorId: null,
      actorRole: 'system',
      action: 'overdue',
      from: r.status,
      to: r.status,
      level: next,
      reason: '超过办理时限',
      details: { fromLevel: r.level, deadlineAt: new Date(r.deadline_at).toISOString() },
      now,
    })
    const unit = await unitAtLevel(tx, r.scope_path, next)
    if (unit) {
      for (const userId of await staffAt(tx, unit.id, LEVEL_ROLES[next])) {
        await notify(tx, now, {
          userId,
          kind: 'report.overdue',
          title: '随手拍超时，已上报到您这里',
          body: `${r.number} 已超过办理时限，请协调处理`,
          link: `/packages/staff/reports/detail/index?id=${r.id}`,
        })
      }
    }
    if (levelAbove(next)) await scheduleJob(tx, escalationJob(r.id, r.escalations + 1, addMinutes(new Date(r.deadline_at), (r.escalations + 1) * r.limit_minutes)), now)
  })
}
