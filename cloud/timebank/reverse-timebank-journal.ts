import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { businessDate } from '../platform/clock'
import { AppError, isUniqueViolation } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TReverseTimebankJournal } from '../../types/timebank'
import { giveBackToCaps } from './repository/caps'
import { findJournal, isReversed, journalEntries, postJournal, reversalLines } from './repository/ledger'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

/** 冲正: staff reverse a service credit with a reason; the minutes must still be there to take back. */
export async function reverseTimebankJournal(deps: AppDeps, actor: Actor, id: string, input: TReverseTimebankJournal): Promise<{ journalId: string; reversesId: string }> {
  const db = deps.db.kysely
  const j = await findJournal(db, id)
  if (!j || !j.community_path) throw new AppError('TIMEBANK_JOURNAL_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, j.community_path, 'TIMEBANK_JOURNAL_NOT_FOUND')
  if (j.kind !== 'serve') throw new AppError('TIMEBANK_NOT_REVERSIBLE')
  if (await isReversed(db, id)) throw new AppError('TIMEBANK_ALREADY_REVERSED')
  const now = deps.clock.now()
  const entries = await journalEntries(db, id)
  const minutes = entries.filter((e) => e.amount > 0).reduce((s, e) => s + Number(e.amount), 0)
  try {
    const journalId = await inTransaction(db, async (tx) => {
      const rid = await postJournal(tx, { kind: 'reverse', memo: `冲正：${j.memo}`, actorId: actor.userId, reversesId: id, reason: input.reason, now }, reversalLines(entries))
      const day = businessDate(new Date(j.check_in_at ?? now))
      await giveBackToCaps(tx, j.volunteer_id!, minutes, [`D:${day}`, 'L'])
      await notify(tx, now, { userId: j.volunteer_id!, kind: 'timebank.reversed', title: '服务时长已冲正', body: `${minutes} 分钟已冲正：${input.reason}` })
      return rid
    })
    return { journalId, reversesId: id }
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('TIMEBANK_ALREADY_REVERSED')
    throw error
  }
}
