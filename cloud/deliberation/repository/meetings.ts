import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

export async function meetingsOfTopic(db: Kdb, topicId: string) {
  return db
    .selectFrom('meeting_agenda as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['m.id', 'm.title', 'm.starts_at', 'a.decision'])
    .where('a.topic_id', '=', topicId)
    .orderBy('m.starts_at')
    .execute()
}

export async function insertMeeting(
  tx: Kdb,
  m: { id: string; communityId: string; title: string; startsAt: Date; place: string; members: { role: string; name: string }[]; topicIds: string[]; staffId: string; now: Date },
): Promise<void> {
  await tx
    .insertInto('meetings')
    .values({ id: m.id, community_id: m.communityId, title: m.title, starts_at: m.startsAt, place: m.place, members: JSON.stringify(m.members), created_by: m.staffId, created_at: m.now })
    .execute()
  if (m.topicIds.length)
    await tx
      .insertInto('meeting_agenda')
      .values(m.topicIds.map((topicId, position) => ({ meeting_id: m.id, topic_id: topicId, position })))
      .execute()
}

export async function findMeeting(db: Kdb, id: string) {
  return db.selectFrom('meetings as m').innerJoin('org_units as c', 'c.id', 'm.community_id').selectAll('m').select('c.path as community_path').where('m.id', '=', id).executeTakeFirst()
}

export async function listMeetings(db: Kdb, communityPath: string, limit: number) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('org_units as c', 'c.id', 'm.community_id')
    .selectAll('m')
    .select('c.path as community_path')
    .where('c.path', 'like', `${communityPath}%`)
    .orderBy('m.starts_at', 'desc')
    .limit(limit)
    .execute()
}

export async function agendaOf(db: Kdb, meetingId: string) {
  return db
    .selectFrom('meeting_agenda as a')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .select(['a.topic_id', 't.title', 'a.decision'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.position')
    .execute()
}

export async function attendanceOf(db: Kdb, meetingId: string, userId: string) {
  const r = await sql<{ n: number; me: boolean }>`
    SELECT count(*)::int AS n, coalesce(bool_or(user_id = ${userId}), false) AS me FROM meeting_attendance WHERE meeting_id = ${meetingId}`.execute(db)
  return r.rows[0]
}

export async function signIn(tx: Kdb, meetingId: string, userId: string, now: Date): Promise<boolean> {
  const r = await tx
    .insertInto('meeting_attendance')
    .values({ meeting_id: meetingId, user_id: userId, signed_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .execute()
  return r.length > 0
}

export async function saveMinutes(tx: Kdb, meetingId: string, minutes: string, decisions: { topicId: string; decision: string }[], now: Date): Promise<void> {
  await tx.updateTable('meetings').set({ minutes, published_at: now }).where('id', '=', meetingId).execute()
  for (const d of decisions) {
    await tx.updateTable('meeting_agenda').set({ decision: d.decision }).where('meeting_id', '=', meetingId).where('topic_id', '=', d.topicId).execute()
  }
}
