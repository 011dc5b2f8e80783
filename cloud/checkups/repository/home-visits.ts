import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { THomeVisitor } from '../../../types/checkups'

/** Home visits (上门体检) for elders who cannot come, and the staff who can be sent. */

function visits(db: Kdb) {
  return db
    .selectFrom('checkup_home_visits as v')
    .innerJoin('users as e', 'e.id', 'v.elder_id')
    .leftJoin('org_units as c', 'c.id', 'e.community_id')
    .select(['v.id', 'v.campaign_id', 'v.elder_id', 'v.status', 'v.note', 'v.staff_id', 'e.name as elder_name', 'c.path as elder_community_path'])
    .select([sql<Date | null>`lower(v.during)`.as('starts_at'), sql<Date | null>`upper(v.during)`.as('ends_at')])
}

export type HomeVisitRow = Awaited<ReturnType<ReturnType<typeof visits>['executeTakeFirstOrThrow']>>

export async function findHomeVisit(db: Kdb, id: string) {
  return visits(db).where('v.id', '=', id).executeTakeFirst()
}

/** A campaign's live home visits (requested first, then by time) for the staff list. */
export async function listHomeVisitsOfCampaign(db: Kdb, campaignId: string) {
  return visits(db)
    .where('v.campaign_id', '=', campaignId)
    .where('v.status', 'in', ['requested', 'scheduled'])
    .orderBy(sql`v.status = 'scheduled'`)
    .orderBy(sql`lower(v.during)`)
    .orderBy('v.created_at')
    .limit(500)
    .execute()
}

export async function insertHomeVisit(tx: Kdb, row: { id: string; campaignId: string; elderId: string; requestedBy: string; note: string; now: Date }): Promise<void> {
  await tx
    .insertInto('checkup_home_visits')
    .values({ id: row.id, campaign_id: row.campaignId, elder_id: row.elderId, requested_by: row.requestedBy, note: row.note, status: 'requested', created_at: row.now })
    .execute()
}

/** The exclusion constraint refuses a clash for the same staff member (23P01). */
export async function scheduleHomeVisitRow(tx: Kdb, id: string, staffId: string, startsAt: Date, endsAt: Date, now: Date): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE checkup_home_visits SET status = 'scheduled', staff_id = ${staffId}, during = tstzrange(${startsAt}, ${endsAt}, '[)'), scheduled_at = ${now}
    WHERE id = ${id} AND status IN ('requested', 'scheduled')
    RETURNING id`.execute(tx)
  return r.rows.length === 1
}

/** Staff holding one of `roles` at a unit that covers the community (its own staff, the street's health centre). */
export async function staffServing(db: Kdb, communityPath: string, roles: readonly THomeVisitor['role'][]): Promise<THomeVisitor[]> {
  if (roles.length === 0) return []
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.name', 'r.role'])
    .where('r.role', 'in', [...roles])
    // a role at a unit covers everything below it: the community path starts with the unit's path
    .where(sql<boolean>`starts_with(${communityPath}, o.path)`)
    .orderBy('r.role')
    .orderBy('u.name')
    .orderBy('u.id')
    .execute()
  const seen = new Set<string>()
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({ id: r.id, name: r.name, role: r.role as THomeVisitor['role'] }))
}
