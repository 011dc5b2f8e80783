import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { inTransaction } from '../platform/tx'
import type { TCreateVote, TVote } from '../../types/deliberation'
import { requireDeliberationStaff } from './deliberation.policy'
import { findUnit } from './repository/units'
import { findTopic } from './repository/topics'
import { findVote, fixElectorate, insertVote } from './repository/votes'
import { toVote } from './get-vote'

/**
 * 表决: staff of the unit's community set a vote up with its electorate kind and pass rule. A vote
 * that opens now has its electorate fixed in the same transaction.
 */
export async function createVote(deps: AppDeps, actor: Actor, input: TCreateVote): Promise<TVote> {
  const db = deps.db.kysely
  const unit = await findUnit(db, input.orgUnitId)
  if (!unit || !unit.communityId || unit.kind === 'department') throw new AppError('ORG_UNIT_NOT_FOUND')
  requireDeliberationStaff(actor, unit.path, 'ORG_UNIT_NOT_FOUND')
  if (input.topicId) {
    const topic = await findTopic(db, input.topicId, actor.userId)
    if (!topic || topic.community_id !== unit.communityId) throw new AppError('INVALID_INPUT', { fields: { topicId: '找不到本社区的这个议题' } })
  }
  const now = deps.clock.now()
  if (input.closesAt.getTime() <= now.getTime()) throw new AppError('INVALID_INPUT', { fields: { closesAt: '截止时间已经过了' } })
  const id = newId()
  // a vote opening "now or earlier" opens now: its electorate is who is registered at this moment
  const opensAt = input.opensAt.getTime() < now.getTime() ? now : input.opensAt
  await inTransaction(db, async (tx) => {
    await insertVote(tx, {
      id,
      org_unit_id: unit.id,
      org_path: unit.path,
      community_id: unit.communityId!,
      topic_id: input.topicId ?? null,
      title: input.title,
      description: input.description ?? '',
      kind: input.kind,
      options: input.options.map((o) => ({ label: o.label, cost: o.cost ?? null })),
      budget: input.kind === 'budget' ? input.budget! : null,
      max_choices: input.kind === 'single' ? 1 : (input.maxChoices ?? null),
      electorate: input.electorate,
      secret: input.secret,
      changeable: input.changeable,
      rule: input.rule,
      quorum_percent: input.quorumPercent,
      opens_at: opensAt,
      closes_at: input.closesAt,
      created_by: actor.userId,
      created_at: now,
    })
    if (opensAt.getTime() <= now.getTime()) await fixElectorate(tx, { id, org_path: unit.path, electorate: input.electorate, opens_at: opensAt })
  })
  return toVote((await findVote(db, id))!, now, null)
}
