import { type Updateable, sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { AppError } from '../../platform/errors'
import type { TimebankRequestsTable, TimebankStatus } from '../../db/schema'

export function requestsWithNames(db: Kdb) {
  return db
    .selectFrom('timebank_requests as r')
    .innerJoin('users as e', 'e.id', 'r.elder_id')
    .innerJoin('users as q', 'q.id', 'r.requested_by')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .leftJoin('users as v', 'v.id', 'r.volunteer_id')
    .selectAll('r')
    .select(['e.name as elder_name', 'q.name as requested_by_name', 'v.name as volunteer_name', 'c.path as community_path'])
}

export type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsWithNames>['executeTakeFirstOrThrow']>>

export async function findRequest(db: Kdb, id: string): Promise<RequestRow | undefined> {
  return requestsWithNames(db).where('r.id', '=', id).executeTakeFirst()
}

export interface NewRequest {
  id: string
  communityId: string
  elderId: string
  requestedBy: string
  serviceType: string
  startsAt: Date
  endsAt: Date
  address: string
  lat: number | null
  lng: number | null
  estimateMinutes: number
  maxMinutes: number
  notes: string
  volunteersNeeded?: number
  now: Date
}

export async function insertRequest(db: Kdb, r: NewRequest): Promise<void> {
  await db
    .insertInto('timebank_requests')
    .values({
      id: r.id,
      community_id: r.communityId,
      elder_id: r.elderId,
      requested_by: r.requestedBy,
      service_type: r.serviceType,
      starts_at: r.startsAt,
      ends_at: r.endsAt,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      estimate_minutes: r.estimateMinutes,
      max_minutes: r.maxMinutes,
      notes: r.notes,
      volunteers_needed: r.volunteersNeeded ?? 1,
      status: 'open',
      created_at: r.now,
      updated_at: r.now,
    })
    .execute()
}

/**
 * The one way a request changes state: a single UPDATE guarded by the allowed source states (and the
 * version the caller saw, when given). Nothing matched → 409 with the current state and version.
 */
export async function transitionRequest(
  tx: Kdb,
  id: string,
  from: readonly TimebankStatus[],
  to: TimebankStatus,
  set: Omit<Updateable<TimebankRequestsTable>, 'status' | 'version' | 'id'>,
  now: Date,
  expectedVersion?: number,
  extra?: (row: { volunteer_id: string | null }) => boolean,
): Promise<void> {
  let q = tx
    .updateTable('timebank_requests')
    .set((eb) => ({ ...set, status: to, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('status', 'in', [...from])
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
  const updated = await q.returning(['id', 'volunteer_id']).executeTakeFirst()
  if (updated && (!extra || extra(updated))) return
  const current = await tx.selectFrom('timebank_requests').select(['status', 'version', 'volunteer_id']).where('id', '=', id).executeTakeFirst()
  if (!current) throw new AppError('SERVICE_REQUEST_NOT_FOUND')
  const details = { status: current.status, version: current.version }
  if (to === 'accepted' && current.volunteer_id) throw new AppError('REQUEST_ALREADY_TAKEN', details)
  throw new AppError('REQUEST_STATE_CONFLICT', details)
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** 接单 list: open requests of a community that have not started, soonest first. */
export async function listOpenRequests(
  db: Kdb,
  q: { communityId: string; now: Date; serviceType?: string; from?: Date; to?: Date; cursor?: { startsAt: Date; id: string }; excludeVolunteer?: string; limit: number },
): Promise<Page<RequestRow>> {
  let query = requestsWithNames(db).where('r.community_id', '=', q.communityId).where('r.status', '=', 'open').where('r.starts_at', '>', q.now)
  if (q.excludeVolunteer) query = query.where(notJoinedBy(q.excludeVolunteer))
  if (q.serviceType) query = query.where('r.service_type', '=', q.serviceType)
  if (q.from) query = query.where('r.starts_at', '>=', q.from)
  if (q.to) query = query.where('r.starts_at', '<', q.to)
  if (q.cursor) {
    const c = q.cursor
    query = query.where((eb) => eb.or([eb('r.starts_at', '>', c.startsAt), eb.and([eb('r.starts_at', '=', c.startsAt), eb('r.id', '>', c.id)])]))
  }
  const rows = await query
    .orderBy('r.starts_at')
    .orderBy('r.id')
    .limit(q.limit + 1)
    .execute()
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  return { items: page, nextCursor: rows.length > q.limit && last ? `${new Date(last.starts_at).toISOString()}|${last.id}` : null }
}

/** Requests the person is part of: for them, made by them, or served by them; newest first. */
export async function listRequestsOf(db: Kdb, userId: string, role: 'mine' | 'serving', limit: number, cursor: string | undefined, staffRoles: readonly string[]): Promise<Page<RequestRow>> {
  let query = requestsWithNames(db)
  query =
    role === 'serving'
      ? query.where('r.volunteer_id', '=', userId)
      : query.where((eb) =>
          eb.or([
            eb('r.elder_id', '=', userId),
            // made for someone else: listed while the maker still acts for them as staff in scope
            // (family see theirs through listRequestsForFamily, which needs a live link)
            eb.and([
              eb('r.requested_by', '=', userId),
              eb.exists(
                eb
                  .selectFrom('role_assignments as ra')
                  .innerJoin('org_units as ro', 'ro.id', 'ra.org_unit_id')
                  .select('ra.id')
                  .where('ra.user_id', '=', userId)
                  .where('ra.role', 'in', staffRoles)
                  .where(sql<boolean>`c.path LIKE ro.path || '%'`),
              ),
            ]),
          ]),
        )
  if (cursor) query = query.where('r.id', '<', cursor)
  const rows = await query
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return { items: page, nextCursor: rows.length > limit && page.length ? page[page.length - 1].id : null }
}

/** Requests of elders linked to a family member with a scope. */
export async function listRequestsForFamily(db: Kdb, memberId: string, limit: number): Promise<RequestRow[]> {
  return requestsWithNames(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('family_links as l')
          .select('l.id')
          .whereRef('l.elder_id', '=', 'r.elder_id')
          .where('l.member_id', '=', memberId)
          .where('l.status', '=', 'active')
          .where(sql<boolean>`('request_services' = ANY(l.scopes) OR 'view_hours' = ANY(l.scopes))`),
      ),
    )
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute()
}

export async function listStaffRequests(db: Kdb, scopePaths: string[], status: TimebankStatus, limit: number, cursor?: string): Promise<Page<RequestRow>> {
  if (scopePaths.length === 0) return { items: [], nextCursor: null }
  let query = requestsWithNames(db)
    .where('r.status', '=', status)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
  if (cursor) query = query.where('r.id', '<', cursor)
  const rows = await query
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return { items: page, nextCursor: rows.length > limit && page.length ? page[page.length - 1].id : null }
}

/** Awaiting confirmation since before `before` (auto-confirmation sweep, should a job be lost). */
export async function listDueForAutoConfirm(db: Kdb, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('timebank_requests')
    .select('id')
    .where('status', '=', 'awaiting_confirmation')
    .where('check_out_proposed', '=', false)
    .where('check_out_at', '<=', before)
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Groups the volunteer already has a place in are not offered again. */
export function notJoinedBy(volunteerId: string) {
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM timebank_requests p WHERE p.parent_id = r.id AND p.volunteer_id = ${volunteerId} AND p.status <> 'cancelled')`
}

export async function listReviewRequests(db: Kdb, scopePaths: string[], limit: number, cursor?: string): Promise<Page<RequestRow>> {
  if (scopePaths.length === 0) return { items: [], nextCursor: null }
  let query = requestsWithNames(db)
    .where('r.check_in_review', '=', 'pending')
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
  if (cursor) query = query.where('r.id', '<', cursor)
  const rows = await query
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return { items: page, nextCursor: rows.length > limit && page.length ? page[page.length - 1].id : null }
}

/** Approve a pending far check-in (single guarded UPDATE). */
export async function approveCheckIn(tx: Kdb, id: string, by: string, reason: string | null, now: Date, expectedVersion?: number): Promise<boolean> {
  let q = tx
    .updateTable('timebank_requests')
    .set((eb) => ({ check_in_review: 'approved', check_in_reviewed_by: by, check_in_review_reason: reason, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('check_in_review', '=', 'pending')
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
  return Boolean(await q.returning('id').executeTakeFirst())
}

/** Writes fields of a request as given, no transition (the demo seed's history only). */
export async function setRequestFields(tx: Kdb, id: string, set: Omit<Updateable<TimebankRequestsTable>, 'id'>): Promise<void> {
  await tx.updateTable('timebank_requests').set(set).where('id', '=', id).execute()
}
