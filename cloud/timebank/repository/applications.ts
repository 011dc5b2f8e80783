import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

export async function insertApplication(tx: Kdb, a: { id: string; userId: string; communityId: string; skills: string; now: Date }): Promise<void> {
  await tx.insertInto('timebank_volunteer_applications').values({ id: a.id, user_id: a.userId, community_id: a.communityId, skills: a.skills, status: 'pending', created_at: a.now }).execute()
}

function applicationsWithPeople(db: Kdb) {
  return db
    .selectFrom('timebank_volunteer_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_units as c', 'c.id', 'a.community_id')
    .select(['a.id', 'a.user_id', 'a.community_id', 'a.skills', 'a.status', 'a.reason', 'a.created_at', 'u.name', 'u.birth_date', 'u.phone', 'c.path as community_path'])
}

export async function findApplication(db: Kdb, id: string) {
  return applicationsWithPeople(db).where('a.id', '=', id).executeTakeFirst()
}

export async function latestApplicationOf(db: Kdb, userId: string) {
  return applicationsWithPeople(db).where('a.user_id', '=', userId).orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').executeTakeFirst()
}

export async function listApplications(db: Kdb, scopePaths: string[], status: 'pending' | 'verified' | 'rejected', limit: number) {
  if (scopePaths.length === 0) return []
  return applicationsWithPeople(db)
    .where('a.status', '=', status)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

/** Decide a pending application (single guarded UPDATE); verified → role volunteer in the community. */
export async function decideApplication(
  tx: Kdb,
  id: string,
  d: { status: 'verified' | 'rejected'; by: string; reason: string | null; now: Date },
): Promise<{ user_id: string; community_id: string } | undefined> {
  return tx
    .updateTable('timebank_volunteer_applications')
    .set({ status: d.status, decided_by: d.by, decided_at: d.now, reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['user_id', 'community_id'])
    .executeTakeFirst()
}

export async function grantVolunteerRole(tx: Kdb, userId: string, communityId: string, now: Date): Promise<void> {
  await tx
    .insertInto('role_assignments')
    .values({ id: newId(), user_id: userId, role: 'volunteer', org_unit_id: communityId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'org_unit_id']).doNothing())
    .execute()
}
