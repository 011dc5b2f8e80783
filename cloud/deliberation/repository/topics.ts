import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TopicsTable } from '../../db/schema'
import type { Selectable } from 'kysely'
import type { TTopicCategory, TTopicDecision } from '../../../types/deliberation'

export type TopicRow = Selectable<TopicsTable> & { supports: number; author_name: string; scope_name: string; supported: boolean; following: boolean }

const SETTINGS_DEFAULTS = { support_count: 30, support_percent: 5, min_supports: 2, window_days: 30 }

export async function deliberationSettings(db: Kdb, communityId: string) {
  const row = await db.selectFrom('deliberation_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst()
  return row ? { support_count: row.support_count, support_percent: Number(row.support_percent), min_supports: row.min_supports, window_days: row.window_days } : SETTINGS_DEFAULTS
}

function topicSelect(db: Kdb, viewerId: string) {
  return db
    .selectFrom('topics as t')
    .innerJoin('users as a', 'a.id', 't.author_id')
    .innerJoin('org_units as s', 's.id', 't.scope_org_unit_id')
    .selectAll('t')
    .select([
      'a.name as author_name',
      's.name as scope_name',
      sql<number>`(SELECT count(*)::int FROM topic_supports x WHERE x.topic_id = t.id)`.as('supports'),
      sql<boolean>`EXISTS (SELECT 1 FROM topic_supports x WHERE x.topic_id = t.id AND x.user_id = ${viewerId})`.as('supported'),
      sql<boolean>`EXISTS (SELECT 1 FROM topic_follows x WHERE x.topic_id = t.id AND x.user_id = ${viewerId})`.as('following'),
    ])
}

export async function findTopic(db: Kdb, id: string, viewerId: string): Promise<TopicRow | undefined> {
  return topicSelect(db, viewerId).where('t.id', '=', id).executeTakeFirst()
}

/** Topics whose scope lies under `path`, newest first, keyset on (created_at, id). */
export async function listTopics(db: Kdb, q: { path: string; viewerId: string; status?: string; category?: TTopicCategory; cursor?: { at: Date; id: string }; limit: number }): Promise<TopicRow[]> {
  let query = topicSelect(db, q.viewerId).where('t.scope_path', 'like', `${q.path}%`)
  if (q.status === 'open') query = query.where('t.status', 'in', ['collecting', 'triage'])
  else if (q.status) query = query.where('t.status', '=', q.status as TopicRow['status'])
  if (q.category) query = query.where('t.category', '=', q.category)
  if (q.cursor) {
    const c = q.cursor
    query = query.where((eb) => eb.or([eb('t.created_at', '<', c.at), eb.and([eb('t.created_at', '=', c.at), eb('t.id', '<', c.id)])]))
  }
  return query.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(q.limit).execute()
}

export async function insertTopic(tx: Kdb, row: Omit<Selectable<TopicsTable>, 'triaged_at' | 'department_id' | 'merged_into' | 'answer_reason' | 'answered_at'>): Promise<void> {
  await tx.insertInto('topics').values(row).execute()
}

/** The topic row locked for a support or an answer: supports are counted under the lock. */
export async function lockTopic(tx: Kdb, id: string) {
  return tx.selectFrom('topics').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** One support per person: false when this person already supports the topic. */
export async function addSupport(tx: Kdb, topicId: string, userId: string, now: Date): Promise<boolean> {
  const r = await tx
    .insertInto('topic_supports')
    .values({ topic_id: topicId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .execute()
  return r.length > 0
}

export async function countSupports(tx: Kdb, topicId: string): Promise<number> {
  const r = await tx
    .selectFrom('topic_supports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('topic_id', '=', topicId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function follow(tx: Kdb, topicId: string, userId: string, now: Date): Promise<void> {
  await tx
    .insertInto('topic_follows')
    .values({ topic_id: topicId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function unfollow(tx: Kdb, topicId: string, userId: string): Promise<void> {
  await tx.deleteFrom('topic_follows').where('topic_id', '=', topicId).where('user_id', '=', userId).execute()
}

export async function moveToTriage(tx: Kdb, id: string, now: Date): Promise<void> {
  await tx.updateTable('topics').set({ status: 'triage', triaged_at: now }).where('id', '=', id).where('status', '=', 'collecting').execute()
}

export async function recordAnswer(
  tx: Kdb,
  a: { id: string; topicId: string; staffId: string; decision: TTopicDecision; reason: string; departmentId: string | null; mergedInto: string | null; now: Date },
): Promise<void> {
  await tx
    .insertInto('topic_answers')
    .values({ id: a.id, topic_id: a.topicId, staff_id: a.staffId, decision: a.decision, reason: a.reason, department_id: a.departmentId, merged_into: a.mergedInto, created_at: a.now })
    .execute()
  await tx
    .updateTable('topics')
    .set({ status: a.decision, answer_reason: a.reason, department_id: a.departmentId, merged_into: a.mergedInto, answered_at: a.now, triaged_at: sql`coalesce(triaged_at, ${a.now})` })
    .where('id', '=', a.topicId)
    .execute()
}

export async function answersOf(db: Kdb, topicId: string) {
  return db
    .selectFrom('topic_answers as a')
    .leftJoin('org_units as d', 'd.id', 'a.department_id')
    .select(['a.decision', 'a.reason', 'a.merged_into', 'a.created_at', 'd.name as department_name'])
    .where('a.topic_id', '=', topicId)
    .orderBy('a.created_at', 'asc')
    .execute()
}

/** Author, supporters and followers: everyone told of an official answer or progress. */
export async function audienceOf(tx: Kdb, topicId: string): Promise<string[]> {
  const r = await sql<{ user_id: string }>`
    SELECT author_id AS user_id FROM topics WHERE id = ${topicId}
    UNION SELECT user_id FROM topic_supports WHERE topic_id = ${topicId}
    UNION SELECT user_id FROM topic_follows WHERE topic_id = ${topicId}`.execute(tx)
  return r.rows.map((x) => x.user_id)
}

/** Photo keys that were really uploaded (POST /uploads); a topic names no other. */
export async function knownUploads(db: Kdb, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db.selectFrom('uploads').select('key').where('key', 'in', keys).execute()
  return new Set(rows.map((r) => r.key))
}
