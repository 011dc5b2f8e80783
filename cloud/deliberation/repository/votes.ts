import { sql, type Insertable, type Selectable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { VotesTable } from '../../db/schema'
import { residentsUnder } from './units'

export type VoteRow = Selectable<VotesTable> & { org_unit_name: string; community_path: string }

function voteSelect(db: Kdb) {
  return db
    .selectFrom('votes as v')
    .innerJoin('org_units as o', 'o.id', 'v.org_unit_id')
    .innerJoin('org_units as c', 'c.id', 'v.community_id')
    .selectAll('v')
    .select(['o.name as org_unit_name', 'c.path as community_path'])
}

export async function findVote(db: Kdb, id: string): Promise<VoteRow | undefined> {
  return voteSelect(db).where('v.id', '=', id).executeTakeFirst()
}

/** Votes of units under `path`, the latest opening first. */
export async function listVotes(db: Kdb, path: string, limit: number, before?: { at: Date; id: string }): Promise<VoteRow[]> {
  let q = voteSelect(db).where('v.org_path', 'like', `${path}%`)
  if (before) q = q.where((eb) => eb.or([eb('v.opens_at', '<', before.at), eb.and([eb('v.opens_at', '=', before.at), eb('v.id', '<', before.id)])]))
  return q.orderBy('v.opens_at', 'desc').orderBy('v.id', 'desc').limit(limit).execute()
}

export async function votesOfTopic(db: Kdb, topicId: string) {
  return db.selectFrom('votes').select(['id', 'title', 'opens_at', 'closes_at', 'published_at']).where('topic_id', '=', topicId).orderBy('opens_at').execute()
}

export async function insertVote(tx: Kdb, row: Omit<Insertable<VotesTable>, 'options'> & { options: { label: string; cost: number | null }[] }): Promise<void> {
  await tx
    .insertInto('votes')
    .values({ ...row, options: JSON.stringify(row.options) })
    .execute()
}

/**
 * Fixes the electorate once, as it stood at the opening: the one UPDATE that sets
 * electorate_fixed_at writes the electors in the same transaction; a concurrent caller waits on the
 * row and finds it fixed. Residents/homes recorded after opens_at are not in it.
 */
export async function fixElectorate(tx: Kdb, v: Pick<VoteRow, 'id' | 'org_path' | 'electorate' | 'opens_at'>): Promise<boolean> {
  const claimed = await tx.updateTable('votes').set({ electorate_fixed_at: v.opens_at }).where('id', '=', v.id).where('electorate_fixed_at', 'is', null).returning('id').execute()
  if (claimed.length === 0) return false
  if (v.electorate === 'residents') {
    await sql`
      INSERT INTO vote_electors (vote_id, user_id, elector_key, floor_area)
      SELECT ${v.id}, r.user_id, r.user_id, NULL FROM (${residentsUnder(v.org_path, v.opens_at)}) r`.execute(tx)
  } else {
    const ownersOnly = v.electorate === 'owners' ? sql`AND hm.is_owner` : sql``
    await sql`
      INSERT INTO vote_electors (vote_id, user_id, elector_key, floor_area)
      SELECT ${v.id}, hm.user_id, h.id, h.floor_area
      FROM houses h JOIN org_units ho ON ho.id = h.org_unit_id
      JOIN house_members hm ON hm.house_id = h.id ${ownersOnly}
      JOIN users u ON u.id = hm.user_id AND u.disabled_at IS NULL
      WHERE ho.path LIKE ${v.org_path} || '%' AND hm.created_at <= ${v.opens_at} AND h.created_at <= ${v.opens_at}
      ON CONFLICT DO NOTHING`.execute(tx)
  }
  return true
}

export async function electorOf(db: Kdb, voteId: string, userId: string) {
  return db.selectFrom('vote_electors').select(['elector_key', 'floor_area']).where('vote_id', '=', voteId).where('user_id', '=', userId).executeTakeFirst()
}

/** Electors for paper-ballot entry: by name, phone or ID tail, with whether their elector has voted. */
export async function searchElectors(db: Kdb, voteId: string, q: string, limit = 20) {
  const like = `%${q}%`
  const filter = q ? sql`AND (u.name LIKE ${like} OR u.phone LIKE ${like} OR u.id_number_masked LIKE ${like} OR h.label LIKE ${like})` : sql``
  const r = await sql<{ user_id: string; name: string; id_number_masked: string | null; house: string | null; channel: 'online' | 'paper' | null }>`
    SELECT e.user_id, u.name, u.id_number_masked, h.label AS house, p.channel
    FROM vote_electors e JOIN users u ON u.id = e.user_id
    LEFT JOIN houses h ON h.id = e.elector_key
    LEFT JOIN vote_participation p ON p.vote_id = e.vote_id AND p.elector_key = e.elector_key
    WHERE e.vote_id = ${voteId} ${filter}
    ORDER BY u.name, e.user_id LIMIT ${limit}`.execute(db)
  return r.rows
}

export async function setClosesAt(tx: Kdb, id: string, at: Date): Promise<void> {
  await tx.updateTable('votes').set({ closes_at: at }).where('id', '=', id).where('closes_at', '>', at).execute()
}

export async function markPublished(tx: Kdb, id: string, at: Date, results: Record<string, unknown>): Promise<boolean> {
  const r = await tx
    .updateTable('votes')
    .set({ published_at: at, published_results: JSON.stringify(results) })
    .where('id', '=', id)
    .where('published_at', 'is', null)
    .returning('id')
    .execute()
  return r.length > 0
}

/** Every person on the electorate (for the 公示 notice). */
export async function electorUserIds(db: Kdb, voteId: string): Promise<string[]> {
  const rows = await db.selectFrom('vote_electors').select('user_id').where('vote_id', '=', voteId).execute()
  return rows.map((r) => r.user_id)
}
