import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import { notify, recordActingFor } from '../platform/notices'
import type { TAdjustMinutes } from '../../types/timebank'
import { ensureMemberAccount, ensureSystemAccount, findBalance, postJournal } from './repository/ledger'
import { findPersonInScope } from './repository/people'
import { TIMEBANK_STAFF_ROLES } from './timebank.policy'

/**
 * 时长调整: staff of the person's community add or take minutes with a reason (a paper record found
 * later, a mistake). An 'adjust' journal against the community's issuing account, audited; taking more
 * than the balance is refused by the guarded balance update (CHECK ≥ 0 behind it).
 */
export async function adjustMinutes(deps: AppDeps, actor: Actor, input: TAdjustMinutes): Promise<{ journalId: string; userId: string; minutes: number; balanceMinutes: number }> {
  const db = deps.db.kysely
  const person = await findPersonInScope(db, input.userId)
  if (!person) throw new AppError('TIMEBANK_PERSON_NOT_FOUND')
  requireScope(actor, TIMEBANK_STAFF_ROLES, person.community_path, 'TIMEBANK_PERSON_NOT_FOUND')
  const now = deps.clock.now()
  const journalId = await inTransaction(db, async (tx) => {
    const member = await ensureMemberAccount(tx, person.id, now)
    const issuing = await ensureSystemAccount(tx, person.community_id!, 'issuing', now)
    const id = await postJournal(tx, { kind: 'adjust', memo: `社区调整：${input.reason}`, actorId: actor.userId, reason: input.reason, subjectId: person.id, now }, [
      { accountId: member, amount: input.minutes },
      { accountId: issuing, amount: -input.minutes },
    ])
    await recordActingFor(tx, now, {
      actorId: actor.userId,
      subjectId: person.id,
      action: 'timebank.adjust',
      details: { journalId: id, minutes: input.minutes, reason: input.reason },
    })
    await notify(tx, now, {
      userId: person.id,
      kind: 'timebank.adjusted',
      title: '服务时长有调整',
      body: `社区${input.minutes > 0 ? '补记' : '扣减'} ${Math.abs(input.minutes)} 分钟：${input.reason}`,
    })
    return id
  })
  return { journalId, userId: person.id, minutes: input.minutes, balanceMinutes: await findBalance(db, person.id) }
}
