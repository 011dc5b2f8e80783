import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate, shanghaiTime } from '../platform/clock'
import { AppError } from '../platform/errors'
import { maskName } from '../platform/privacy'
import type { TLeaderboard } from '../../types/points'
import { findCommunity } from './repository/accounts'
import { earnedBetween } from './repository/ledger'
import { residentCommunityId } from './points.policy'

/** 排行 / 月度公示: who earned what in a month in the resident's community, names masked (张*明). */
export async function getLeaderboard(deps: AppDeps, actor: Actor, q: { month?: string }): Promise<TLeaderboard> {
  const communityId = residentCommunityId(actor)
  const month = q.month ?? businessDate(deps.clock.now()).slice(0, 7)
  const [y, m] = month.split('-').map(Number)
  if (y < 2000 || y > 2100) throw new AppError('INVALID_INPUT', { fields: { month: '月份超出范围' } })
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  const community = await findCommunity(deps.db.kysely, communityId)
  const rows = await earnedBetween(deps.db.kysely, communityId, shanghaiTime(`${month}-01`), shanghaiTime(`${next}-01`), 50)
  let rank = 0
  let last = -1
  return {
    month,
    communityName: community?.name ?? '',
    items: rows.map((r, i) => {
      if (r.points !== last) rank = i + 1
      last = r.points
      return { rank, name: maskName(r.name), points: r.points }
    }),
  }
}
