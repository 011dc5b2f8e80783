import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** The people 体检预约 books for: elders, their health-data consent, their family links. */

export async function findCommunity(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).where('kind', '=', 'community').executeTakeFirst()
}

export async function findPerson(db: Kdb, id: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.birth_date', 'u.community_id', 'u.phone', 'c.path as community_path'])
    .where('u.id', '=', id)
    .executeTakeFirst()
}

export async function hasHealthConsent(db: Kdb, userId: string): Promise<boolean> {
  const row = await db.selectFrom('consents').select('id').where('user_id', '=', userId).where('kind', '=', 'health').where('withdrawn_at', 'is', null).executeTakeFirst()
  return Boolean(row)
}

/** Elders a family member may book for (active link with book_checkups). */
export async function linkedEldersFor(db: Kdb, memberId: string) {
  return db
    .selectFrom('family_links as l')
    .innerJoin('users as e', 'e.id', 'l.elder_id')
    .select(['e.id', 'e.name', 'e.birth_date', 'e.community_id'])
    .where('l.member_id', '=', memberId)
    .where('l.status', '=', 'active')
    .where(sql<boolean>`'book_checkups' = ANY(l.scopes)`)
    .orderBy('e.name')
    .execute()
}

export async function consentsOf(db: Kdb, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set()
  const rows = await db.selectFrom('consents').select('user_id').where('user_id', 'in', userIds).where('kind', '=', 'health').where('withdrawn_at', 'is', null).execute()
  return new Set(rows.map((r) => r.user_id))
}

/** Staff and family of an elder to tell about a booking (family with receive_notices or book_checkups). */
export async function familyOf(db: Kdb, elderId: string) {
  return db
    .selectFrom('family_links as l')
    .innerJoin('users as m', 'm.id', 'l.member_id')
    .select(['m.id', 'm.name', 'm.phone'])
    .where('l.elder_id', '=', elderId)
    .where('l.status', '=', 'active')
    .execute()
}

/** Any active family link between elder and member, whatever its scopes (to tell "not allowed" from "not found"). */
export async function hasAnyActiveLink(db: Kdb, elderId: string, memberId: string): Promise<boolean> {
  const row = await db.selectFrom('family_links').select('id').where('elder_id', '=', elderId).where('member_id', '=', memberId).where('status', '=', 'active').executeTakeFirst()
  return Boolean(row)
}

/** Health-data consent recorded for someone (at the counter: `recordedBy` is the staff member). */
export async function insertHealthConsent(tx: Kdb, row: { id: string; userId: string; version: string; now: Date; recordedBy: string | null }): Promise<void> {
  await tx.insertInto('consents').values({ id: row.id, user_id: row.userId, kind: 'health', version: row.version, accepted_at: row.now, recorded_by: row.recordedBy }).execute()
}
