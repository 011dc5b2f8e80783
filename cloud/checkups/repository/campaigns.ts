import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCampaign } from '../../../types/checkups'
import { toCampaign } from '../checkups.mappers'

/** Campaigns (体检活动): one per community and year, with its rules (age, release time, cut-off). */

function campaigns(db: Kdb) {
  return db.selectFrom('checkup_campaigns as k').innerJoin('org_units as c', 'c.id', 'k.community_id').selectAll('k').select(['c.name as community_name', 'c.path as community_path'])
}
export type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaigns>['executeTakeFirstOrThrow']>>

export async function findCampaign(db: Kdb, id: string): Promise<CampaignRow | undefined> {
  return campaigns(db).where('k.id', '=', id).executeTakeFirst()
}

/** The campaign and, in the same round trip, whether `userId` may book in its community:
 * they live there, or an elder they book for (book_checkups) does. */
export async function findCampaignFor(db: Kdb, id: string, userId: string) {
  return campaigns(db)
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM users m WHERE m.id = ${userId} AND m.community_id = k.community_id)
        OR EXISTS (
          SELECT 1 FROM family_links l JOIN users e ON e.id = l.elder_id
          WHERE l.member_id = ${userId} AND l.status = 'active' AND 'book_checkups' = ANY (l.scopes) AND e.community_id = k.community_id
        )`.as('may_book'),
    )
    .where('k.id', '=', id)
    .executeTakeFirst()
}

export async function listCampaigns(db: Kdb, filter: { communityIds?: string[]; scopePaths?: string[] }, now: Date): Promise<TCampaign[]> {
  let q = campaigns(db)
  if (filter.communityIds) {
    if (filter.communityIds.length === 0) return []
    q = q.where('k.community_id', 'in', filter.communityIds)
  }
  if (filter.scopePaths) {
    const paths = filter.scopePaths
    if (paths.length === 0) return []
    q = q.where((eb) => eb.or(paths.map((p) => eb('c.path', 'like', `${p}%`))))
  }
  const rows = await q
    .select((eb) =>
      eb
        .selectFrom('checkup_sessions as s')
        .select(sql<number>`coalesce(sum(greatest(s.capacity - k.held_back - s.booked, 0)), 0)::int`.as('n'))
        .whereRef('s.campaign_id', '=', 'k.id')
        .where('s.status', '=', 'open')
        .where('s.starts_at', '>', now)
        .as('remaining'),
    )
    .orderBy('k.year', 'desc')
    .orderBy('c.name')
    .execute()
  return rows.map((r) => toCampaign(r, Number(r.remaining ?? 0)))
}

export async function insertCampaign(
  tx: Kdb,
  row: {
    id: string
    communityId: string
    year: number
    title: string
    minAge: number
    ageOn: string
    bring: string
    fasting: string
    releaseAt: Date
    cancelCutoff: string
    heldBack: number
    offerMinutes: number
    createdBy: string
    now: Date
  },
): Promise<void> {
  await tx
    .insertInto('checkup_campaigns')
    .values({
      id: row.id,
      community_id: row.communityId,
      year: row.year,
      title: row.title,
      min_age: row.minAge,
      age_on: row.ageOn,
      bring: row.bring,
      fasting: row.fasting,
      release_at: row.releaseAt,
      cancel_cutoff: row.cancelCutoff,
      held_back: row.heldBack,
      offer_minutes: row.offerMinutes,
      created_by: row.createdBy,
      created_at: row.now,
    })
    .execute()
}

/** The street's defaults for a new campaign (admin console settings), if the street has any. */
export async function campaignDefaults(db: Kdb, streetId: string) {
  return db.selectFrom('street_settings').select(['checkup_min_age', 'checkup_cancel_cutoff']).where('street_id', '=', streetId).executeTakeFirst()
}
