import type { Kdb } from '../../db/db'

/** 落实 items of a topic with their milestones, oldest first. */
export async function actionsOf(db: Kdb, topicId: string) {
  const items = await db.selectFrom('action_items').selectAll().where('topic_id', '=', topicId).orderBy('created_at').execute()
  const milestones = items.length
    ? await db
        .selectFrom('action_milestones')
        .selectAll()
        .where(
          'item_id',
          'in',
          items.map((i) => i.id),
        )
        .orderBy('created_at')
        .execute()
    : []
  return items.map((i) => ({ item: i, milestones: milestones.filter((m) => m.item_id === i.id) }))
}

export async function insertAction(tx: Kdb, a: { id: string; topicId: string; communityId: string; title: string; staffId: string; now: Date }): Promise<void> {
  await tx.insertInto('action_items').values({ id: a.id, topic_id: a.topicId, community_id: a.communityId, title: a.title, created_by: a.staffId, created_at: a.now, updated_at: a.now }).execute()
}

export async function findAction(db: Kdb, id: string) {
  return db
    .selectFrom('action_items as a')
    .innerJoin('org_units as c', 'c.id', 'a.community_id')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .select(['a.id', 'a.topic_id', 'a.title', 'a.progress', 'c.path as community_path', 't.title as topic_title'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export async function insertMilestone(tx: Kdb, m: { id: string; itemId: string; title: string; progress: number; note: string; photoKeys: string[]; staffId: string; now: Date }): Promise<void> {
  await tx
    .insertInto('action_milestones')
    .values({ id: m.id, item_id: m.itemId, title: m.title, progress: m.progress, note: m.note, photo_keys: m.photoKeys, created_by: m.staffId, created_at: m.now })
    .execute()
  await tx.updateTable('action_items').set({ progress: m.progress, updated_at: m.now }).where('id', '=', m.itemId).execute()
}
