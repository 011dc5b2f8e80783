import type { AppDeps, Actor } from '../platform/context'
import { AppError } from '../platform/errors'
import { notify } from '../platform/notices'
import { inTransaction } from '../platform/tx'
import type { TTopic } from '../../types/deliberation'
import { canSee, residentRole } from './deliberation.policy'
import { findUnit, isResidentUnder } from './repository/units'
import { addSupport, countSupports, findTopic, follow, lockTopic, moveToTriage, unfollow } from './repository/topics'
import { toTopic } from './deliberation.mappers'
import { topicLink } from './get-topic'

async function visibleTopic(deps: AppDeps, actor: Actor, id: string) {
  const topic = await findTopic(deps.db.kysely, id, actor.userId)
  const community = topic ? await findUnit(deps.db.kysely, topic.community_id) : undefined
  if (!topic || !community || !canSee(actor, community.path)) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

/**
 * 支持: one per resident of the topic's scope (the primary key says so). The topic row is locked
 * while supports are counted, so the support that reaches the threshold is the one that moves the
 * topic to triage, however many arrive at once.
 */
export async function supportTopic(deps: AppDeps, actor: Actor, id: string): Promise<TTopic> {
  const topic = await visibleTopic(deps, actor, id)
  if (!residentRole(actor) || !(await isResidentUnder(deps.db.kysely, actor.userId, topic.scope_path))) throw new AppError('RESIDENT_REQUIRED')
  if (topic.author_id === actor.userId) throw new AppError('CANNOT_SUPPORT_OWN')
  const now = deps.clock.now()
  await inTransaction(
    deps.db.kysely,
    async (tx) => {
      const t = await lockTopic(tx, id)
      if (!t || t.status !== 'collecting' || t.collect_until.getTime() < now.getTime()) throw new AppError('TOPIC_CLOSED', { status: t?.status })
      if (!(await addSupport(tx, id, actor.userId, now))) throw new AppError('TOPIC_ALREADY_SUPPORTED')
      await follow(tx, id, actor.userId, now)
      const supports = await countSupports(tx, id)
      if (supports >= t.threshold) {
        await moveToTriage(tx, id, now)
        await notify(tx, now, { userId: t.author_id, kind: 'topic.triage', title: '您的议题已获得足够支持', body: `「${t.title}」有 ${supports} 人支持，已转社区答复`, link: topicLink(id) })
      }
    },
    { retries: 3 },
  )
  return toTopic((await findTopic(deps.db.kysely, id, actor.userId))!, actor.userId, deps.storage, now)
}

/** 关注: follow a topic to hear of every answer and step of 落实 (or stop following). */
export async function followTopic(deps: AppDeps, actor: Actor, id: string, on: boolean): Promise<TTopic> {
  await visibleTopic(deps, actor, id)
  const now = deps.clock.now()
  if (on) await follow(deps.db.kysely, id, actor.userId, now)
  else await unfollow(deps.db.kysely, id, actor.userId)
  return toTopic((await findTopic(deps.db.kysely, id, actor.userId))!, actor.userId, deps.storage, now)
}

export { visibleTopic }
