import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TSaveResource } from '../../../types/resources'

/** All SQL of the resources a community lends (rooms, halls, courts, equipment, service slots). */

function resources(db: Kdb) {
  return db
    .selectFrom('resources as r')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .leftJoin('org_unit_geo as g', 'g.org_unit_id', 'r.community_id')
    .select([
      'r.id',
      'r.community_id',
      'c.name as community_name',
      'c.path as community_path',
      'r.kind',
      'r.name',
      'r.description',
      'r.rules',
      'r.address',
      'r.photos',
      'r.capacity',
      'r.exclusive',
      sql<string>`to_char(r.open_from, 'HH24:MI')`.as('open_from'),
      sql<string>`to_char(r.open_until, 'HH24:MI')`.as('open_until'),
      'r.max_minutes',
      'r.audience',
      'r.needs_approval',
      'r.active',
      'g.center_lat',
      'g.center_lng',
    ])
}
export type ResourceRow = NonNullable<Awaited<ReturnType<typeof findResource>>>

export async function findResource(db: Kdb, id: string) {
  return resources(db).where('r.id', '=', id).executeTakeFirst()
}

/** Active resources of every community under the street's path (filtered by audience in policy). */
export async function listStreetResources(db: Kdb, streetPath: string, kind?: string) {
  let q = resources(db).where('c.path', 'like', `${streetPath}%`).where('r.active', '=', true).where('c.closed_at', 'is', null)
  if (kind) q = q.where('r.kind', '=', kind as ResourceRow['kind'])
  return q.orderBy('c.name').orderBy('r.name').execute()
}

export async function listCommunityResources(db: Kdb, communityId: string) {
  return resources(db).where('r.community_id', '=', communityId).orderBy('r.active', 'desc').orderBy('r.name').execute()
}

/** The centre of a community, where distances start when the caller gave no position. */
export async function communityCentre(db: Kdb, communityId: string) {
  return db.selectFrom('org_unit_geo').select(['center_lat', 'center_lng']).where('org_unit_id', '=', communityId).executeTakeFirst()
}

export async function insertResource(tx: Kdb, r: TSaveResource & { id: string; communityId: string; createdBy: string | null; now: Date }) {
  await tx
    .insertInto('resources')
    .values({
      id: r.id,
      community_id: r.communityId,
      kind: r.kind,
      name: r.name,
      description: r.description,
      rules: r.rules,
      address: r.address,
      photos: JSON.stringify(r.photos),
      capacity: r.capacity,
      open_from: r.openFrom,
      open_until: r.openUntil,
      max_minutes: r.maxMinutes,
      audience: r.audience,
      needs_approval: r.needsApproval,
      created_by: r.createdBy,
      created_at: r.now,
    })
    .execute()
}

export async function updateResource(tx: Kdb, id: string, r: TSaveResource & { active?: boolean }) {
  await tx
    .updateTable('resources')
    .set({
      kind: r.kind,
      name: r.name,
      description: r.description,
      rules: r.rules,
      address: r.address,
      photos: JSON.stringify(r.photos),
      capacity: r.capacity,
      open_from: r.openFrom,
      open_until: r.openUntil,
      max_minutes: r.maxMinutes,
      audience: r.audience,
      needs_approval: r.needsApproval,
      ...(r.active === undefined ? {} : { active: r.active }),
    })
    .where('id', '=', id)
    .execute()
}

/**
 * Equipment: the resource row is locked for the rest of the transaction, so two bookings of the
 * same equipment are counted one after the other (the second sees the first's rows).
 */
export async function lockResource(tx: Kdb, id: string): Promise<void> {
  await tx.selectFrom('resources').select('id').where('id', '=', id).forUpdate().execute()
}
