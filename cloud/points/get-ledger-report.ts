import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { businessDate, shanghaiTime } from '../platform/clock'
import { AppError } from '../platform/errors'
import { JOURNAL_KINDS, JOURNAL_KIND_LABELS, type TLedgerReport } from '../../types/points'
import { residentTotals } from './repository/accounts'
import { ledgerByKind } from './repository/reports'
import { staffCommunity, type CommunityRef } from './points.policy'

/** A calendar month in Shanghai time as [from, to). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number)
  if (y < 2000 || y > 2100) throw new AppError('INVALID_INPUT', { fields: { month: '月份超出范围' } }, '月份超出范围')
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  return { from: shanghaiTime(`${month}-01`), to: shanghaiTime(`${next}-01`) }
}

export async function ledgerReportFor(deps: AppDeps, community: CommunityRef, month: string): Promise<TLedgerReport> {
  const { from, to } = monthRange(month)
  const db = deps.db.kysely
  const rows = await ledgerByKind(db, community.id, from, to)
  const totals = await residentTotals(db, community.id)
  const byKind = JOURNAL_KINDS.map((kind) => {
    const r = rows.find((x) => x.kind === kind)
    return { kind, label: JOURNAL_KIND_LABELS[kind], journals: r?.journals ?? 0, points: r?.points ?? 0, residentNet: r?.residentNet ?? 0 }
  })
  return {
    month,
    communityName: community.name,
    byKind,
    journals: byKind.reduce((s, k) => s + k.journals, 0),
    residentNet: byKind.reduce((s, k) => s + k.residentNet, 0),
    outstandingAvailable: totals.available,
    outstandingHeld: totals.held,
  }
}

/** 积分台账: what moved in the community's points in a month, by kind of journal (staff only). */
export async function getLedgerReport(deps: AppDeps, actor: Actor, input: { month?: string; communityId?: string }): Promise<TLedgerReport> {
  const community = await staffCommunity(deps.db.kysely, actor, input.communityId)
  return ledgerReportFor(deps, community, input.month ?? businessDate(deps.clock.now()).slice(0, 7))
}
