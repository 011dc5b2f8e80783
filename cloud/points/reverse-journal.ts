import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import { accountOwner } from './repository/accounts'
import { findJournal, journalEntries, postJournal, reversalLines } from './repository/ledger'
import { addLot, drawLots } from './repository/lots'
import { expiresOnFor, POINTS_STAFF_ROLES } from './points.policy'

/**
 * A wrong credit or adjustment is never edited: a reversing journal with the opposite entries, the
 * reason and who did it. Points already spent cannot be taken back (INSUFFICIENT_POINTS).
 */
export async function reverseJournal(deps: AppDeps, actor: Actor, journalId: string, input: { reason: string }): Promise<{ journalId: string; points: number }> {
  const db = deps.db.kysely
  const original = await findJournal(db, journalId)
  requireScope(actor, POINTS_STAFF_ROLES, original?.community_path ?? null, 'JOURNAL_NOT_FOUND')
  if (original!.kind !== 'earn' && original!.kind !== 'adjust') throw new AppError('NOT_REVERSIBLE')
  const entries = await journalEntries(db, original!.id)
  const resident = entries.find((e) => e.account_kind === 'resident')
  if (!resident) throw new AppError('NOT_REVERSIBLE')
  const owner = await accountOwner(db, resident.account_id)
  const now = deps.clock.now()
  const id = newId()
  try {
    await inTransaction(db, async (tx) => {
      await postJournal(
        tx,
        { id, communityId: original!.community_id, kind: 'reverse', memo: `冲正：${original!.memo}`, actorId: actor.userId, reversesId: original!.id, reason: input.reason, now },
        reversalLines(entries),
      )
      if (resident.amount > 0) await drawLots(tx, resident.account_id, id, resident.amount, original!.id)
      else await addLot(tx, { accountId: resident.account_id, journalId: id, amount: -resident.amount, expiresOn: expiresOnFor(now), now })
      await recordActingFor(tx, now, {
        actorId: actor.userId,
        subjectId: owner!,
        action: 'points.reversed',
        details: { journalId: original!.id, reversalId: id, reason: input.reason },
        notice: { kind: 'points.reversed', title: '积分更正', body: `「${original!.memo}」的 ${Math.abs(resident.amount)} 积分已更正，原因：${input.reason}` },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_REVERSED')
    throw error
  }
  return { journalId: id, points: -resident.amount }
}
