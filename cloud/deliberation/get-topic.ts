import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import type { TTopicDetail } from '../../types/deliberation'
import { canSee } from './deliberation.policy'
import { departmentName, findUnit } from './repository/units'
import { answersOf, findTopic } from './repository/topics'
import { actionsOf } from './repository/actions'
import { meetingsOfTopic } from './repository/meetings'
import { votesOfTopic } from './repository/votes'
import { toAnswer, toTopic } from './deliberation.mappers'
import { voteStatus } from './vote-rules'

export const topicLink = (id: string) => `/packages/deliberation/topic/index?id=${id}`

/** One topic with its whole history: answers, 议事会 decisions, votes and 落实 progress. */
export async function getTopic(deps: AppDeps, actor: Actor, id: string): Promise<TTopicDetail> {
  const db = deps.db.kysely
  const topic = await findTopic(db, id, actor.userId)
  const community = topic ? await findUnit(db, topic.community_id) : undefined
  if (!topic || !community || !canSee(actor, community.path)) throw new AppError('TOPIC_NOT_FOUND')
  const now = deps.clock.now()
  const [answers, actions, meetings, votes, dept] = await Promise.all([answersOf(db, id), actionsOf(db, id), meetingsOfTopic(db, id), votesOfTopic(db, id), departmentName(db, topic.department_id)])
  return {
    ...toTopic(topic, actor.userId, deps.storage, now, dept),
    answers: answers.map(toAnswer),
    meetings: meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at.toISOString(), decision: m.decision })),
    votes: votes.map((v) => ({ id: v.id, title: v.title, status: voteStatus(v, now) })),
    actions: actions.map(({ item, milestones }) => ({
      id: item.id,
      topicId: item.topic_id,
      title: item.title,
      progress: item.progress,
      milestones: milestones.map((m) => ({ id: m.id, title: m.title, progress: m.progress, note: m.note, photoUrls: m.photo_keys.map((k) => deps.storage.url(k)), at: m.created_at.toISOString() })),
    })),
  }
}
