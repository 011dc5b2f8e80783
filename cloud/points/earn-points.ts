import type { Kdb } from '../db/db'
import { businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { earnOne } from './repository/earn-batch'
import { settleEarning, takeFromCaps } from './repository/earnings'
import { postJournal } from './repository/ledger'
import { addLotAndSettle } from './repository/lots'
import type { RuleRow } from './repository/rules'
import { expiresOnFor } from './points.policy'

export interface EarnInput {
  communityId: string
  userId: string
  rule: Pick<RuleRow, 'id' | 'name' | 'points' | 'needs_review' | 'daily_cap' | 'monthly_cap'>
  sourceType: 'report' | 'event' | 'application' | 'timebank' | 'seed'
  sourceId: string
  note?: string
  /** Applications wait for staff when the rule says so. */
  review?: boolean
}

export interface EarnResult {
  earningId: string
  /** false when this (source, rule) had already been recorded: nothing new happened. */
  created: boolean
}

/**
 * Records an earning action and credits it, once per (source_type, source_id, rule): a duplicate
 * delivery finds the first record and changes nothing. Caps are taken in the same transaction;
 * over a cap the action is kept with 0 points and the reason.
 *
 * One round trip: the database function points_earn_batch does every write of `credit` below
 * inside the calling statement, under the same constraints. Inside a transaction (`db` is one) the
 * earn is a statement of it; outside, earns arriving together share one statement and one commit
 * (repository/earn-batch.ts).
 */
export async function earnPoints(db: Kdb, now: Date, input: EarnInput): Promise<EarnResult> {
  const day = businessDate(now)
  return earnOne(db, {
    earningId: newId(),
    communityId: input.communityId,
    userId: input.userId,
    rule: input.rule,
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    note: input.note ?? '',
    review: input.review === true,
    dayPeriod: `D:${day}`,
    monthPeriod: `M:${day.slice(0, 7)}`,
    expiresOn: expiresOnFor(now),
    now,
  })
}

/** Credits a recorded earning (now, or when staff approve an application). */
export async function credit(
  tx: Kdb,
  now: Date,
  c: {
    earningId: string
    accountId: string
    issuingId: string
    communityId: string
    userId: string
    rule: EarnInput['rule']
    fromStatus: 'pending' | 'capped'
    decidedBy: string | null
  },
): Promise<{ points: number; reason: string | null }> {
  const day = businessDate(now)
  const caps: { period: string; cap: number }[] = []
  if (c.rule.daily_cap) caps.push({ period: `D:${day}`, cap: c.rule.daily_cap })
  if (c.rule.monthly_cap) caps.push({ period: `M:${day.slice(0, 7)}`, cap: c.rule.monthly_cap })
  const { grant: points, limitedBy } = await takeFromCaps(tx, { userId: c.userId, ruleId: c.rule.id, want: c.rule.points, caps })
  const which = limitedBy.map((p) => (p.startsWith('D:') ? '今日' : '本月')).join('和')
  if (points === 0) {
    const reason = `「${c.rule.name}」已达${which}积分上限，本次已记录但不加分`
    await settleEarning(tx, c.earningId, { status: 'capped', points: 0, reason, journalId: null, decidedBy: c.decidedBy, now }, c.fromStatus)
    return { points: 0, reason }
  }
  const reason = points < c.rule.points ? `已达${which}积分上限，本次加 ${points} 分（规则为 ${c.rule.points} 分）` : null
  const journalId = newId()
  await addLotAndSettle(tx, { accountId: c.accountId, journalId, amount: points, expiresOn: expiresOnFor(now), now, earningId: c.earningId, fromStatus: c.fromStatus, reason, decidedBy: c.decidedBy })
  // last: the postings, whose issuing row is the one many credits share
  await postJournal(tx, { id: journalId, communityId: c.communityId, kind: 'earn', memo: c.rule.name, actorId: c.decidedBy, now }, [
    { accountId: c.issuingId, bucket: 'available', amount: -points },
    { accountId: c.accountId, bucket: 'available', amount: points },
  ])
  if (c.fromStatus === 'pending') {
    await notify(tx, now, { userId: c.userId, kind: 'points.credited', title: '积分已到账', body: `「${c.rule.name}」审核通过，获得 ${points} 积分。` })
  }
  return { points, reason }
}
