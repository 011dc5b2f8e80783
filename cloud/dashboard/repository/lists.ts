import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TCallOutcome } from '../../../types/dashboard'

/** 精准滴灌: targeted work lists built from what is already recorded. */

export interface CampaignRow {
  id: string
  community_id: string
  community_path: string
  community_name: string
  title: string
  year: number
}

export async function findCampaign(db: Kdb, id: string): Promise<CampaignRow | null> {
  const row = await db
    .selectFrom('checkup_campaigns as c')
    .innerJoin('org_units as o', 'o.id', 'c.community_id')
    .select(['c.id', 'c.community_id', 'o.path as community_path', 'o.name as community_name', 'c.title', 'c.year'])
    .where('c.id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

/** `u` is eligible for campaign `c` (age on its reference day, its community) and has no live or done booking. */
const eligibleUnbooked = sql`u.community_id = c.community_id AND u.birth_date IS NOT NULL
  AND u.birth_date <= (c.age_on::date - make_interval(years => c.min_age))::date
  AND NOT EXISTS (SELECT 1 FROM checkup_bookings b WHERE b.campaign_id = c.id AND b.elder_id = u.id AND b.status <> 'cancelled')`

export interface UnbookedRow {
  elder_id: string
  name: string
  birth_date: string | null
  phone: string | null
  address: string | null
  lives_alone: boolean | null
  emergency_contact: string | null
  family: { name: string; relation: string; phone: string | null }[]
  last_outcome: TCallOutcome | null
  last_note: string | null
  last_by: string | null
  last_at: Date | null
  sort_key: string
}

/**
 * Elders eligible for the campaign (age on its reference day, living in its community) with no
 * live or done booking, oldest first; with their active family links and the latest call made.
 */
export async function unbookedElders(db: Kdb, campaignId: string, page: { limit: number; cursor?: string; outcome?: TCallOutcome | 'none' }): Promise<UnbookedRow[]> {
  const outcome = page.outcome
  const rows = await sql<UnbookedRow>`
    WITH c AS (SELECT id, community_id, min_age, age_on FROM checkup_campaigns WHERE id = ${campaignId}::uuid),
    elders AS (
      SELECT u.id, u.name, u.birth_date, u.phone, u.address,
        to_char(u.birth_date, 'YYYYMMDD') || u.id::text AS sort_key
      FROM users u JOIN c ON c.community_id = u.community_id
      WHERE u.disabled_at IS NULL AND ${eligibleUnbooked}
    )
    SELECT e.id AS elder_id, e.name, to_char(e.birth_date, 'YYYY-MM-DD') AS birth_date, e.phone, e.address, e.sort_key,
      p.lives_alone, p.emergency_contact,
      coalesce((SELECT json_agg(json_build_object('name', m.name, 'relation', f.relation, 'phone', m.phone) ORDER BY f.confirmed_at)
        FROM family_links f JOIN users m ON m.id = f.member_id WHERE f.elder_id = e.id AND f.status = 'active'), '[]'::json) AS family,
      last.outcome AS last_outcome, last.note AS last_note, last.by_name AS last_by, last.created_at AS last_at
    FROM elders e
    LEFT JOIN people_profiles p ON p.user_id = e.id
    LEFT JOIN LATERAL (
      SELECT k.outcome, k.note, k.created_at, s.name AS by_name FROM work_list_marks k JOIN users s ON s.id = k.marked_by
      WHERE k.list = 'unbooked-elders' AND k.subject_id = e.id AND k.context = ${campaignId} ORDER BY k.created_at DESC, k.id DESC LIMIT 1
    ) last ON TRUE
    WHERE TRUE
      ${page.cursor ? sql`AND e.sort_key > ${page.cursor}` : sql``}
      ${outcome === 'none' ? sql`AND last.outcome IS NULL` : outcome ? sql`AND last.outcome = ${outcome}` : sql``}
    ORDER BY e.sort_key
    LIMIT ${page.limit}`.execute(db)
  return rows.rows
}

/** Is the elder on the campaign's list (eligible, not booked)? A call is marked only for them. */
export async function isUnbooked(db: Kdb, campaignId: string, elderId: string): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM checkup_campaigns c JOIN users u ON u.community_id = c.community_id
      WHERE c.id = ${campaignId}::uuid AND u.id = ${elderId}::uuid AND ${eligibleUnbooked}
    ) AS ok`.execute(db)
  return row.rows[0].ok
}

export async function insertCallMark(tx: Kdb, mark: { id: string; campaignId: string; elderId: string; outcome: TCallOutcome; note: string; by: string; now: Date }): Promise<void> {
  await tx
    .insertInto('work_list_marks')
    .values({ id: mark.id, list: 'unbooked-elders', subject_id: mark.elderId, context: mark.campaignId, outcome: mark.outcome, note: mark.note, marked_by: mark.by, created_at: mark.now })
    .execute()
}
