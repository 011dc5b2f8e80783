import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import type { Actor } from '../org'
import { ageOn } from '../platform/clock'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import type { TGiftMinutes } from '../../types/timebank'
import { ensureMemberAccount, findBalance, postJournal } from './repository/ledger'
import { findLinkBetween, findPerson } from './repository/people'
import { findRules } from './repository/rules'

// spouse or direct relative (直系亲属); siblings and others are not
const GIFT_RELATIONS = ['spouse', 'child', 'grandchild', 'parent']

/** 赠送时长: only to a spouse or direct relative aged 60+ with an active family link; never cash. */
export async function giftMinutes(deps: AppDeps, actor: Actor, input: TGiftMinutes): Promise<{ journalId: string; balanceMinutes: number; toUserId: string; toName: string; minutes: number }> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const link = input.toUserId === actor.userId ? undefined : await findLinkBetween(db, actor.userId, input.toUserId)
  // no link: the person is not someone the giver may know of
  if (!link) throw new AppError('GIFT_NOT_ALLOWED')
  const to = await findPerson(db, input.toUserId)
  if (!to) throw new AppError('GIFT_NOT_ALLOWED')
  const rules = await findRules(db, to.community_path ?? actor.communityPath ?? '/')
  const age = ageOn(to.birth_date, now)
  if (!GIFT_RELATIONS.includes(link.relation) || age === null || age < rules.minDrawAge) throw new AppError('GIFT_NOT_ALLOWED', { relation: link.relation, minAge: rules.minDrawAge })
  const balance = await findBalance(db, actor.userId)
  if (balance < input.minutes) throw new AppError('INSUFFICIENT_MINUTES', { balanceMinutes: balance })
  const journalId = await inTransaction(db, async (tx) => {
    const from = await ensureMemberAccount(tx, actor.userId, now)
    const toAccount = await ensureMemberAccount(tx, input.toUserId, now)
    const id = await postJournal(tx, { kind: 'gift', memo: `${actor.name}赠送给${to.name}`, actorId: actor.userId, now }, [
      { accountId: from, amount: -input.minutes },
      { accountId: toAccount, amount: input.minutes },
    ])
    await notify(tx, now, { userId: input.toUserId, kind: 'timebank.gift', title: '收到赠送的服务时长', body: `${actor.name}送给您 ${input.minutes} 分钟服务时长，可用于请志愿者帮忙。` })
    return id
  })
  return { journalId, balanceMinutes: await findBalance(db, actor.userId), toUserId: input.toUserId, toName: to.name, minutes: input.minutes }
}
