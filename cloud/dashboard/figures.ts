import type { Kdb } from '../db/db'
import type { TDashboardFigures } from '../../types/dashboard'
import { materialisedThrough, periodSums, type PeriodSums, type ReportFilter } from './repository/daily'
import { activeResidents, checkupCoverage, overdueNow, pointsExpiring, timebankNow } from './repository/live'

/**
 * Every figure of 报表通 has one definition, here. The dashboard, its drill-downs, the monthly
 * report and its xlsx all call `computeFigures`, so a number never differs between two screens.
 * The README section "Figures and how they are counted" is this list.
 *
 * Periods are Shanghai calendar days, `from` and `to` inclusive. "In the period" means the counted
 * thing happened on one of those days.
 */
export const FIGURE_DEFINITIONS: { key: string; name: string; definition: string }[] = [
  { key: 'reports.received', name: '收到', definition: '期间内居民提交的随手拍条数（含后来被合并或不受理的）。' },
  { key: 'reports.accepted', name: '受理', definition: '期间内被受理的次数（受理发生在期间内，不论何时提交）。' },
  { key: 'reports.resolved', name: '办结', definition: '期间内提交"处理完成"（附处理后照片）的次数；重新打开后再次办结算一次。' },
  { key: 'reports.resolvedOnTime', name: '按时办结', definition: '上述办结中，办结时间不晚于该件当时的办理时限的次数。按时率 = 按时办结 ÷ 办结。' },
  { key: 'reports.overdueNow', name: '当前超期', definition: '此刻仍在办理中（未办结、未关闭、未驳回、未合并）且已过办理时限的件数，不受所选期间影响。' },
  { key: 'reports.medianHoursToAccept', name: '受理用时中位数', definition: '期间内每次受理距提交的时长（小时）的中位数。' },
  { key: 'reports.medianHoursToResolve', name: '办结用时中位数', definition: '期间内每次办结距提交的时长（小时）的中位数。' },
  { key: 'reports.avgRating', name: '满意度', definition: '期间内居民确认办结时给出的评分（1–5）的平均值；没有评分则为空。' },
  { key: 'reports.reopened', name: '重新打开', definition: '期间内居民重新打开的次数。重开率 = 重新打开 ÷ 办结。' },
  { key: 'points.earned', name: '积分发放', definition: '期间内记入居民积分账户的获得积分（审核通过或自动入账的流水）之和。' },
  { key: 'points.spent', name: '积分兑换', definition: '期间内在积分商店核销领取的兑换所用积分之和。' },
  { key: 'points.expiring', name: '即将过期', definition: '所选期间结束后 30 天内到期、此刻仍未使用的居民积分。' },
  { key: 'points.activeResidents', name: '活跃居民', definition: '截至期末的最近 30 天内获得过积分的居民人数。' },
  { key: 'timebank.minutesServed', name: '服务时长', definition: '期间内确认完成的时间银行服务记入的分钟数（按确认时间计）。' },
  { key: 'timebank.openOver48h', name: '超 48 小时无人接', definition: '此刻仍无人接单、发布已超过 48 小时的服务请求数。' },
  { key: 'timebank.activeVolunteers', name: '活跃志愿者', definition: '期间内有服务被确认完成的志愿者人数。' },
  { key: 'checkups.eligible', name: '应检老人', definition: '期末所在年度体检活动中，按活动的年龄基准日达到年龄、住在该社区的老人数。' },
  { key: 'checkups.booked', name: '已预约', definition: '上述活动中截至期末预约过（未取消，含已完成和爽约）的老人数。预约率 = 已预约 ÷ 应检老人。' },
  { key: 'checkups.noShows', name: '爽约', definition: '上述活动中截至期末被标记为爽约的预约数。' },
]

const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 10) / 10)

/** Totals of the per-day sums (the trend line's points add up to these). */
export function totalsOf(sums: PeriodSums) {
  const t = { received: 0, accepted: 0, resolved: 0, resolvedOnTime: 0, reopened: 0, ratings: 0, ratingSum: 0, pointsEarned: 0, pointsSpent: 0, minutesServed: 0 }
  for (const d of sums.byDay) {
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += Number(d[k])
  }
  return t
}

/**
 * The figures of one unit and period. `communityIds` empty with a department filter gives the
 * department's own queue (points, time bank and checkups are not a department's and stay null).
 * `live` = false for a monthly report: figures that describe "now" are left out (null/0) so that
 * regenerating a past month gives the same numbers.
 */
export async function computeFigures(
  db: Kdb,
  filter: ReportFilter,
  fromDay: string,
  toDay: string,
  now: Date,
  options: { live?: boolean; through?: string | null; overdueNow?: number | Promise<number> } = {},
): Promise<{ figures: TDashboardFigures; sums: PeriodSums }> {
  const live = options.live !== false
  const through = options.through !== undefined ? options.through : await materialisedThrough(db)
  const sums = await periodSums(db, fromDay, toDay, filter, through)
  const t = totalsOf(sums)
  const communityIds = 'communityIds' in filter ? filter.communityIds : null
  const [overdue, expiring, active, timebank, checkups] = await Promise.all([
    !live ? Promise.resolve(0) : options.overdueNow !== undefined ? Promise.resolve(options.overdueNow) : overdueNow(db, filter, now),
    communityIds && live ? pointsExpiring(db, communityIds, toDay) : Promise.resolve(0),
    communityIds ? activeResidents(db, communityIds, toDay, through) : Promise.resolve(0),
    communityIds ? timebankNow(db, communityIds, fromDay, toDay, now) : Promise.resolve(null),
    communityIds ? checkupCoverage(db, communityIds, toDay) : Promise.resolve(null),
  ])
  const figures: TDashboardFigures = {
    reports: {
      received: t.received,
      accepted: t.accepted,
      resolved: t.resolved,
      resolvedOnTime: t.resolvedOnTime,
      overdueNow: overdue,
      medianHoursToAccept: hours(sums.medianMinutesToAccept),
      medianHoursToResolve: hours(sums.medianMinutesToResolve),
      avgRating: t.ratings === 0 ? null : Math.round((t.ratingSum / t.ratings) * 100) / 100,
      reopened: t.reopened,
    },
    points: communityIds ? { earned: t.pointsEarned, spent: t.pointsSpent, expiring, activeResidents: active } : null,
    timebank: timebank ? { minutesServed: t.minutesServed, openOver48h: live ? timebank.openOver48h : 0, activeVolunteers: timebank.activeVolunteers } : null,
    checkups,
  }
  return { figures, sums }
}
