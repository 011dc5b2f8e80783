import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TAnswerTopic, TTopicDetail } from '../../types/deliberation'
import { requireDeliberationStaff } from './deliberation.policy'
import { departmentName, findUnit } from './repository/units'
import { audienceOf, findTopic, lockTopic, recordAnswer } from './repository/topics'
import { DECISION_LABELS } from './deliberation.mappers'
import { getTopic, topicLink } from './get-topic'

/**
 * 答复: staff answer a topic (accepted for 议事会 / merged / referred to a department / declined, each
 * with a reason). The author, every supporter and every follower is told, each time.
 */
export async function answerTopic(deps: AppDeps, actor: Actor, id: string, input: TAnswerTopic): Promise<TTopicDetail> {
  const db = deps.db.kysely
  const topic = await findTopic(db, id, actor.userId)
  const community = topic ? await findUnit(db, topic.community_id) : undefined
  if (!topic || !community) throw new AppError('TOPIC_NOT_FOUND')
  requireDeliberationStaff(actor, community.path, 'TOPIC_NOT_FOUND')
  const department = input.decision === 'referred' ? await departmentName(db, input.departmentId ?? null) : null
  if (input.decision === 'referred' && !department) throw new AppError('INVALID_INPUT', { fields: { departmentId: '找不到这个部门' } })
  if (input.decision === 'merged') {
    const into = await findTopic(db, input.mergedInto!, actor.userId)
    if (!into || into.id === id || into.community_id !== topic.community_id) throw new AppError('INVALID_INPUT', { fields: { mergedInto: '只能合并到本社区的另一个议题' } })
  }
  const now = deps.clock.now()
  await inTransaction(db, async (tx) => {
    await lockTopic(tx, id)
    await recordAnswer(tx, {
      id: newId(),
      topicId: id,
      staffId: actor.userId,
      decision: input.decision,
      reason: input.reason,
      departmentId: input.decision === 'referred' ? input.departmentId! : null,
      mergedInto: input.decision === 'merged' ? input.mergedInto! : null,
      now,
    })
    const what = input.decision === 'referred' ? `${DECISION_LABELS.referred}（${department}）` : DECISION_LABELS[input.decision]
    for (const userId of await audienceOf(tx, id)) {
      await notify(tx, now, { userId, kind: 'topic.answered', title: `议题有了答复：${what}`, body: `「${topic.title}」：${input.reason}`, link: topicLink(id) })
    }
  })
  return getTopic(deps, actor, id)
}
