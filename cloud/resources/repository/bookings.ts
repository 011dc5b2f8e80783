import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** All SQL of resource bookings (holding, clashes, approvals, check-in, no-shows, usage). */

/** Statuses that hold a resource (the exclusion constraint's WHERE). */
export const HOLDING = ['pending', 'approved', 'checked_in'] as const

export interface NewBooking {
  id: string
  resourceId: string
  communityId: string
  userId: string
  organisationId: string | null
  seriesId: string
  week: number
  startsAt: Date
  endsAt: Date
  quantity: number
  exclusive: boolean
  status: 'pending' | 'approved'
  purpose: string
  now: Date
}

/** All occurrences in one statement: a room clash (23P01) rejects the whole series. */
export async function insertBookings(tx: Kdb, rows: NewBooking[]): Promise<void> {
  await tx
    .insertInto('resource_bookings')
    .values(
      rows.map((b) => ({
        id: b.id,
        resource_id: b.resourceId,
        community_id: b.communityId,
        user_id: b.userId,
        organisation_id: b.organisationId,
        series_id: b.seriesId,
        week_index: b.week,
        starts_at: b.startsAt,
        ends_at: b.endsAt,
        quantity: b.quantity,
        exclusive: b.exclusive,
        status: b.status,
        purpose: b.purpose,
        created_at: b.now,
      })),
    )
    .execute()
}

/** Bookings that hold the resource somewhere in [from, to), earliest first (no names). */
export async function takenBetween(db: Kdb, resourceId: string, from: Date, to: Date) {
  return db
    .selectFrom('resource_bookings')
    .select(['id', 'starts_at', 'ends_at', 'quantity'])
    .where('resource_id', '=', resourceId)
    .where('status', 'in', HOLDING)
    .where(sql<boolean>`during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
    .orderBy('starts_at')
    .execute()
}

/** The same for many resources at once (search: one query for the whole street's day). */
export async function takenBetweenMany(db: Kdb, resourceIds: string[], from: Date, to: Date) {
  if (resourceIds.length === 0) return []
  return db
    .selectFrom('resource_bookings')
    .select(['resource_id', 'starts_at', 'ends_at', 'quantity'])
    .where('resource_id', 'in', resourceIds)
    .where('status', 'in', HOLDING)
    .where(sql<boolean>`during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
    .orderBy('starts_at')
    .execute()
}

/**
 * Units of equipment out at the busiest instant of [from, to): usage only changes where a booking
 * starts, so the peak is at `from` or at the start of one of the overlapping bookings.
 */
export async function peakUse(db: Kdb, resourceId: string, from: Date, to: Date): Promise<number> {
  const row = await sql<{ peak: number }>`
    WITH overlapping AS (
      SELECT starts_at, during, quantity FROM resource_bookings
       WHERE resource_id = ${resourceId} AND status IN ('pending', 'approved', 'checked_in')
         AND during && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')
    ), points AS (
      SELECT ${from}::timestamptz AS p UNION SELECT starts_at FROM overlapping WHERE starts_at > ${from}::timestamptz
    )
    SELECT coalesce(max((SELECT sum(quantity) FROM overlapping o WHERE o.during @> points.p)), 0)::int AS peak FROM points`.execute(db)
  return Number(row.rows[0]?.peak ?? 0)
}

function bookings(db: Kdb) {
  return db
    .selectFrom('resource_bookings as b')
    .innerJoin('resources as r', 'r.id', 'b.resource_id')
    .innerJoin('org_units as c', 'c.id', 'b.community_id')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('org_units as uc', 'uc.id', 'u.community_id')
    .leftJoin('organisations as o', 'o.id', 'b.organisation_id')
    .select([
      'b.id',
      'b.series_id',
      'b.week_index',
      'b.resource_id',
      'r.name as resource_name',
      'r.kind as resource_kind',
      'r.address',
      'b.community_id',
      'c.name as community_name',
      'c.path as community_path',
      'b.user_id',
      'u.name as booker_name',
      'uc.name as booker_community_name',
      'b.organisation_id',
      'o.name as organisation_name',
      'b.starts_at',
      'b.ends_at',
      'b.quantity',
      'b.status',
      'b.purpose',
      'b.decision_note',
      'b.checked_in_at',
    ])
}
export type BookingRow = NonNullable<Awaited<ReturnType<typeof findBooking>>>

export async function findBooking(db: Kdb, id: string) {
  return bookings(db).where('b.id', '=', id).executeTakeFirst()
}

export async function findSeries(db: Kdb, seriesId: string) {
  return bookings(db).where('b.series_id', '=', seriesId).orderBy('b.week_index').execute()
}

export async function listUserBookings(db: Kdb, userId: string, since: Date) {
  return bookings(db).where('b.user_id', '=', userId).where('b.ends_at', '>=', since).orderBy('b.starts_at').limit(100).execute()
}

/** Staff: bookings of the communities under the given paths, by status and day. */
export async function listCommunityBookings(db: Kdb, q: { paths: string[]; status?: BookingRow['status']; from?: Date; to?: Date }) {
  let query = bookings(db).where((eb) => eb.or(q.paths.map((p) => eb('c.path', 'like', `${p}%`))))
  if (q.status) query = query.where('b.status', '=', q.status)
  if (q.from) query = query.where('b.starts_at', '>=', q.from)
  if (q.to) query = query.where('b.starts_at', '<', q.to)
  return query.orderBy('b.starts_at').limit(200).execute()
}

/** One guarded move: only from the expected statuses (a second approval finds nothing). */
export async function moveBooking(
  tx: Kdb,
  id: string,
  from: readonly BookingRow['status'][],
  set: { status: BookingRow['status']; decided_by?: string; decided_at?: Date; decision_note?: string | null; checked_in_at?: Date; checked_in_by?: string; cancelled_at?: Date },
): Promise<boolean> {
  const r = await tx.updateTable('resource_bookings').set(set).where('id', '=', id).where('status', 'in', from).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function activeSuspension(db: Kdb, userId: string, now: Date) {
  return db
    .selectFrom('resource_suspensions')
    .select(['until_at', 'no_shows'])
    .where('user_id', '=', userId)
    .where('from_at', '<=', now)
    .where('until_at', '>', now)
    .orderBy('until_at', 'desc')
    .executeTakeFirst()
}

/** Approved bookings that ended without a check-in become no-shows; returns whose they were. */
export async function markNoShows(tx: Kdb, now: Date) {
  return tx.updateTable('resource_bookings').set({ status: 'no_show' }).where('status', '=', 'approved').where('ends_at', '<=', now).returning(['id', 'user_id', 'resource_id']).execute()
}

export async function countNoShows(db: Kdb, userId: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('resource_bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'no_show')
    .where('ends_at', '>=', since)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function insertSuspension(tx: Kdb, s: { id: string; userId: string; from: Date; until: Date; noShows: number; now: Date }) {
  await tx.insertInto('resource_suspensions').values({ id: s.id, user_id: s.userId, from_at: s.from, until_at: s.until, no_shows: s.noShows, created_at: s.now }).execute()
}

/** Per resource of a community in [from, to): what the lending community sees as usage. */
export async function usageRows(db: Kdb, communityId: string, from: Date, to: Date) {
  return db
    .selectFrom('resources as r')
    .leftJoin('resource_bookings as b', (j) => j.onRef('b.resource_id', '=', 'r.id').on('b.starts_at', '>=', from).on('b.starts_at', '<', to))
    .leftJoin('users as u', 'u.id', 'b.user_id')
    .select([
      'r.id',
      'r.name',
      'r.kind',
      sql<number>`count(b.id)::int`.as('bookings'),
      sql<number>`count(b.id) FILTER (WHERE b.status IN ('approved', 'checked_in', 'no_show'))::int`.as('approved_or_used'),
      sql<number>`count(b.id) FILTER (WHERE b.status = 'checked_in')::int`.as('checked_in'),
      sql<number>`count(b.id) FILTER (WHERE b.status = 'no_show')::int`.as('no_shows'),
      sql<number>`coalesce(sum(extract(epoch from b.ends_at - b.starts_at)) FILTER (WHERE b.status IN ('approved', 'checked_in', 'no_show')), 0)::float8 / 3600`.as('hours'),
      sql<number>`count(b.id) FILTER (WHERE u.community_id IS DISTINCT FROM r.community_id)::int`.as('from_other'),
      sql<number>`count(b.id) FILTER (WHERE b.organisation_id IS NOT NULL)::int`.as('by_organisations'),
    ])
    .where('r.community_id', '=', communityId)
    .groupBy(['r.id', 'r.name', 'r.kind'])
    .orderBy('r.name')
    .execute()
}
