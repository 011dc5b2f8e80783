import { ensureMemberAccount, ensureSystemAccount, postJournal } from '../timebank'
import type { TClassMapping } from './mapping'
import { get, numberOf, text, userOf, type RowContext, type RowOutcome } from './row-context'
import type { LcRow } from './sources'

type HoursMapping = Extract<TClassMapping, { kind: 'volunteer_hours' }>

/** A volunteer record → minutes in the time bank ledger (issuing → volunteer), at its original time. */
export async function importHours(ctx: RowContext, m: HoursMapping, row: LcRow, usersClass: string): Promise<RowOutcome> {
  const userId = userOf(ctx, row, m.fields.user, usersClass)
  const minutesField = numberOf(get(row, m.fields.minutes))
  const hoursField = numberOf(get(row, m.fields.hours))
  const minutes = minutesField !== null ? minutesField : hoursField !== null ? Math.round(hoursField * 60) : null
  if (minutes === null) return { kind: 'refused', reason: '缺少时长（hours 或 minutes）' }
  if (!Number.isSafeInteger(minutes) || minutes <= 0 || minutes > 24 * 60) return { kind: 'refused', reason: `时长不合理：${minutes} 分钟` }
  const memberId = await ensureMemberAccount(ctx.tx, userId, ctx.now)
  const issuingId = await ensureSystemAccount(ctx.tx, ctx.community.id, 'issuing', ctx.now)
  // subjectId: whose minutes an adjustment moves (the time bank lists adjustments by person); passed as a
  // variable so this compiles against the repository with or without that field
  const journal = {
    kind: 'adjust' as const,
    memo: 'LeanCloud 志愿时长',
    actorId: await ctx.importer(),
    subjectId: userId,
    reason: `迁移：${text(get(row, m.fields.activity)) ?? '志愿服务'}`.slice(0, 200),
    now: new Date(row.createdAt),
  }
  const journalId = await postJournal(ctx.tx, journal, [
    { accountId: issuingId, amount: -minutes },
    { accountId: memberId, amount: minutes },
  ])
  return { kind: 'created', targetTable: 'timebank_journals', targetId: journalId }
}
