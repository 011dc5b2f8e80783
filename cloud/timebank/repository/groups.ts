import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { AppError } from '../../platform/errors'
import { newId } from '../../platform/ids'
import { RequestRow, notJoinedBy, requestsWithNames } from './requests'

/**
 * Takes one place of a group in a single guarded UPDATE (of 30 volunteers racing for 3 places exactly
 * 3 get a row back); the group counts as taken once full. Nothing matched → 409 with what is left.
 */
export async function takePlace(tx: Kdb, groupId: string, now: Date): Promise<void> {
  const r = await sql<{ id: string }>`
    UPDATE timebank_requests
    SET places_taken = places_taken + 1,
        status = CASE WHEN places_taken + 1 = volunteers_needed THEN 'accepted' ELSE 'open' END,
        version = version + 1, updated_at = ${now}
    WHERE id = ${groupId} AND status = 'open' AND volunteers_needed > 1 AND places_taken < volunteers_needed
    RETURNING id`.execute(tx)
  if (r.rows.length) return
  const current = await tx.selectFrom('timebank_requests').select(['status', 'version', 'places_taken', 'volunteers_needed']).where('id', '=', groupId).executeTakeFirst()
  if (!current) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const details = { status: current.status, version: current.version, placesTaken: current.places_taken, volunteersNeeded: current.volunteers_needed }
  if (current.status === 'accepted' || current.places_taken >= current.volunteers_needed) throw new AppError('REQUEST_PLACES_FULL', details)
  throw new AppError('REQUEST_STATE_CONFLICT', details)
}

/** The volunteer's own service row in a group (a copy of the group's what/when/where). */
export async function insertPlace(tx: Kdb, groupId: string, volunteerId: string, now: Date): Promise<string> {
  const id = newId()
  await sql`
    INSERT INTO timebank_requests (id, community_id, elder_id, requested_by, service_type, starts_at, ends_at, address, lat, lng,
      estimate_minutes, max_minutes, notes, status, volunteer_id, accepted_at, parent_id, created_at, updated_at)
    SELECT ${id}, community_id, elder_id, requested_by, service_type, starts_at, ends_at, address, lat, lng,
      estimate_minutes, max_minutes, notes, 'accepted', ${volunteerId}, ${now}, id, ${now}, ${now}
    FROM timebank_requests WHERE id = ${groupId}`.execute(tx)
  return id
}

/** A volunteer gave their place back: the group is open again. */
export async function releasePlace(tx: Kdb, groupId: string, now: Date): Promise<void> {
  await sql`
    UPDATE timebank_requests SET places_taken = places_taken - 1, status = 'open', version = version + 1, updated_at = ${now}
    WHERE id = ${groupId} AND status IN ('open', 'accepted') AND places_taken > 0`.execute(tx)
}

/** The group is cancelled: places not yet started go with it. Returns their volunteers. */
export async function cancelPlacesOf(tx: Kdb, groupId: string, set: { cancelledBy: string; reason: string; late: boolean }, now: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('timebank_requests')
    .set((eb) => ({ status: 'cancelled', cancelled_by: set.cancelledBy, cancel_reason: set.reason, late_cancel: set.late, version: eb('version', '+', 1), updated_at: now }))
    .where('parent_id', '=', groupId)
    .where('status', '=', 'accepted')
    .returning('volunteer_id')
    .execute()
  return rows.map((r) => r.volunteer_id!).filter(Boolean)
}

export async function listPlaces(db: Kdb, groupId: string): Promise<RequestRow[]> {
  return requestsWithNames(db).where('r.parent_id', '=', groupId).orderBy('r.accepted_at').orderBy('r.id').execute()
}

/** Staff change how many volunteers a request still being filled needs (never below the places taken; a full group reopens when raised). */
export async function setVolunteersNeeded(tx: Kdb, id: string, n: number, now: Date, expectedVersion?: number): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE timebank_requests
    SET volunteers_needed = ${n}, status = CASE WHEN places_taken < ${n}::int THEN 'open' ELSE 'accepted' END,
        version = version + 1, updated_at = ${now}
    WHERE id = ${id} AND parent_id IS NULL AND volunteer_id IS NULL
      AND (status = 'open' OR (status = 'accepted' AND volunteers_needed > 1))
      AND places_taken <= ${n} AND (${n}::int > 1 OR places_taken = 0)
      ${expectedVersion !== undefined ? sql`AND version = ${expectedVersion}` : sql``}
    RETURNING id`.execute(tx)
  return r.rows.length === 1
}

/**
 * 附近: open requests of a community with coordinates within `meters` of the volunteer, nearest first.
 * A bounding box on lat/lng narrows by index; haversine gives the real distance.
 */
export async function listOpenNearby(
  db: Kdb,
  q: { communityId: string; now: Date; lat: number; lng: number; meters: number; serviceType?: string; from?: Date; to?: Date; excludeVolunteer?: string; limit: number },
): Promise<(RequestRow & { distance_m: number })[]> {
  const dLat = q.meters / 111_320
  const dLng = q.meters / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)))
  const haversine = sql<number>`(2 * 6371000 * asin(least(1, sqrt(
      power(sin(radians(r.lat - ${q.lat}) / 2), 2)
      + cos(radians(${q.lat})) * cos(radians(r.lat)) * power(sin(radians(r.lng - ${q.lng}) / 2), 2)))))`
  // the nearest ids first on the request table alone, names joined for those few only
  let query = db
    .selectFrom('timebank_requests as r')
    .select(['r.id'])
    .select(haversine.as('distance_m'))
    .where('r.community_id', '=', q.communityId)
    .where('r.status', '=', 'open')
    .where('r.starts_at', '>', q.now)
    .where('r.lat', 'is not', null)
    .where('r.lat', '>=', q.lat - dLat)
    .where('r.lat', '<=', q.lat + dLat)
    .where('r.lng', '>=', q.lng - dLng)
    .where('r.lng', '<=', q.lng + dLng)
    .where(haversine, '<=', q.meters)
  if (q.serviceType) query = query.where('r.service_type', '=', q.serviceType)
  if (q.from) query = query.where('r.starts_at', '>=', q.from)
  if (q.to) query = query.where('r.starts_at', '<', q.to)
  if (q.excludeVolunteer) query = query.where(notJoinedBy(q.excludeVolunteer))
  const near = await query.orderBy('distance_m').orderBy('r.starts_at').orderBy('r.id').limit(q.limit).execute()
  if (near.length === 0) return []
  const rows = await requestsWithNames(db)
    .where(
      'r.id',
      'in',
      near.map((n) => n.id),
    )
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return near.flatMap((n) => {
    const r = byId.get(n.id)
    return r ? [{ ...r, distance_m: Number(n.distance_m) }] : []
  })
}
