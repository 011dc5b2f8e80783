import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TAddMilestone, TTopicDetail } from '../../types/deliberation'
import { requireDeliberationStaff } from './deliberation.policy'
import { findUnit } from './repository/units'
import { audienceOf, findTopic } from './repository/topics'
import { findAction, insertAction, insertMilestone } from './repository/actions'
import { getTopic, topicLink } from './get-topic'

/** 落实: an accepted decision becomes an item tracked with milestones, % progress and photos, on its topic's page. */
export async function addActionItem(deps: AppDeps, actor: Actor, topicId: string, title: string): Promise<TTopicDetail> {
  const topic = await findTopic(deps.db.kysely, topicId, actor.userId)
  const community = topic ? await findUnit(deps.db.kysely, topic.community_id) : undefined
  if (!topic || !community) throw new AppError('TOPIC_NOT_FOUND')
  requireDeliberationStaff(actor, community.path, 'TOPIC_NOT_FOUND')
  if (topic.status !== 'accepted') throw new AppError('INVALID_STATE', { status: topic.status })
  await insertAction(deps.db.kysely, { id: newId(), topicId, communityId: topic.community_id, title, staffId: actor.userId, now: deps.clock.now() })
  return getTopic(deps, actor, topicId)
}

export async function addMilestone(deps: AppDeps, actor: Actor, itemId: string, input: TAddMilestone): Promise<TTopicDetail> {
  const item = await findAction(deps.db.kysely, itemId)
  if (!item) throw new AppError('NOT_FOUND')
  requireDeliberationStaff(actor, item.community_path)
  const now = deps.clock.now()
  await inTransaction(deps.db.kysely, async (tx) => {
    await insertMilestone(tx, { id: newId(), itemId, title: input.title, progress: input.progress, note: input.note ?? '', photoKeys: input.photoKeys ?? [], staffId: actor.userId, now })
    for (const userId of await audienceOf(tx, item.topic_id)) {
      await notify(tx, now, { userId, kind: 'topic.progress', title: `落实进展 ${input.progress}%`, body: `「${item.topic_title}」${item.title}：${input.title}`, link: topicLink(item.topic_id) })
    }
  })
  return getTopic(deps, actor, item.topic_id)
}
