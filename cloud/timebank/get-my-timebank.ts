import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate } from '../platform/clock'
import type { TMyTimebank } from '../../types/timebank'
import { capCounters } from './repository/caps'
import { findBalance, historyOf } from './repository/ledger'
import { servedStats } from './repository/reports'
import { findRules } from './repository/rules'

/** 我的时间: balance, what was earned, today's and lifetime caps, recent movements. */
export async function getMyTimebank(deps: AppDeps, actor: Actor): Promise<TMyTimebank> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const rules = await findRules(db, actor.communityPath ?? '/')
  const day = `D:${businessDate(now)}`
  const [balance, stats, caps, history] = await Promise.all([findBalance(db, actor.userId), servedStats(db, actor.userId), capCounters(db, actor.userId, [day, 'L']), historyOf(db, actor.userId, 20)])
  return {
    balanceMinutes: balance,
    earnedMinutes: stats.minutes,
    servicesDone: stats.services,
    todayCreditedMinutes: caps[day] ?? 0,
    dailyCapMinutes: rules.dailyCapMinutes,
    lifetimeCreditedMinutes: caps.L ?? 0,
    lifetimeCapMinutes: rules.lifetimeCapMinutes,
    history: history.map((h) => ({ journalId: h.journal_id, kind: h.kind, memo: h.memo, minutes: Number(h.amount), createdAt: new Date(h.created_at).toISOString() })),
  }
}
