import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { newId } from '../platform/ids'
import { recordActingFor } from '../platform/notices'
import type { TAdjustPointsRequest } from '../../types/points'
import { ensureResidentAccount, ensureSystemAccount, findResident, slotOf } from './repository/accounts'
import { postJournal } from './repository/ledger'
import { addLot, drawLots } from './repository/lots'
import { expiresOnFor, POINTS_STAFF_ROLES } from './points.policy'

/** Staff correct a balance with a reason (from/to the issuing account); the resident is told. */
export async function adjustPoints(deps: AppDeps, actor: Actor, input: TAdjustPointsRequest): Promise<{ journalId: string; points: number }> {
  const db = deps.db.kysely
  const resident = await findResident(db, input.userId)
  requireScope(actor, POINTS_STAFF_ROLES, resident?.community_path ?? null, 'USER_NOT_FOUND')
  const communityId = resident!.community_id!
  const now = deps.clock.now()
  const accountId = await ensureResidentAccount(db, communityId, resident!.id, now)
  const issuingId = await ensureSystemAccount(db, communityId, 'issuing', slotOf(resident!.id), now)
  const journalId = newId()
  await inTransaction(db, async (tx) => {
    await postJournal(tx, { id: journalId, communityId, kind: 'adjust', memo: '工作人员调整积分', actorId: actor.userId, reason: input.reason, now }, [
      { accountId: issuingId, bucket: 'available', amount: -input.points },
      { accountId, bucket: 'available', amount: input.points },
    ])
    if (input.points > 0) await addLot(tx, { accountId, journalId, amount: input.points, expiresOn: expiresOnFor(now), now })
    else await drawLots(tx, accountId, journalId, -input.points)
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: resident!.id,
      action: 'points.adjusted',
      details: { journalId, points: input.points, reason: input.reason },
      notice: { kind: 'points.adjusted', title: '积分调整', body: `社区工作人员${input.points > 0 ? '增加' : '扣减'}了 ${Math.abs(input.points)} 积分，原因：${input.reason}` },
    })
  })
  return { journalId, points: input.points }
}
