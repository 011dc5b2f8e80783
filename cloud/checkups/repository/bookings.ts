import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TBooking } from '../../../types/checkups'
import { toBooking, toBookingContext } from '../checkups.mappers'

/** Bookings (预约): the booking call, the booking rows and their status changes. */

/**
 * Everything a booking decision needs, in one round trip: the elder (with community and whether
 * health-data consent is on file) and the session with its campaign. Either side may be missing.
 */
export type BookingContextRow = {
  elder_id: string
  elder_name: string
  birth_date: string | null
  elder_community_id: string | null
  elder_community_path: string | null
  health_consent: boolean
  id: string | null
  campaign_id: string
  starts_at: Date
  ends_at: Date
  place: string
  capacity: number
  booked: number
  status: 'open' | 'closed'
  community_id: string
  community_path: string
  held_back: number
  campaign_status: 'open' | 'closed'
  release_at: Date
  cancel_cutoff: string
  offer_minutes: number
  min_age: number
  age_on: string
  campaign_title: string
  bring: string
  fasting: string
}

export async function bookingContext(db: Kdb, elderId: string, sessionId: string) {
  const r = await sql<BookingContextRow>`
    SELECT * FROM checkup_booking_context(${elderId}::uuid, ${sessionId}::uuid)`.execute(db)
  return toBookingContext(r.rows[0])
}

function bookings(db: Kdb) {
  return db
    .selectFrom('checkup_bookings as b')
    .innerJoin('checkup_sessions as s', 's.id', 'b.session_id')
    .innerJoin('checkup_campaigns as k', 'k.id', 'b.campaign_id')
    .innerJoin('users as e', 'e.id', 'b.elder_id')
    .innerJoin('users as by', 'by.id', 'b.booked_by')
    .leftJoin('org_units as c', 'c.id', 'e.community_id')
    .innerJoin('org_units as kc', 'kc.id', 'k.community_id')
    .select([
      'kc.path as campaign_community_path',
      'b.id',
      'b.campaign_id',
      'b.session_id',
      'b.elder_id',
      'b.status',
      'b.channel',
      'b.booked_by',
      'b.check_in_code',
      'b.created_at',
      'b.checked_in_at',
      's.starts_at',
      's.ends_at',
      's.place',
      'k.title as campaign_title',
      'k.bring',
      'k.fasting',
      'k.cancel_cutoff',
      'k.community_id',
      'e.name as elder_name',
      'by.name as booked_by_name',
      'c.path as elder_community_path',
    ])
}
export type BookingRow = Awaited<ReturnType<ReturnType<typeof bookings>['executeTakeFirstOrThrow']>>

export async function findBooking(db: Kdb, id: string): Promise<BookingRow | undefined> {
  return bookings(db).where('b.id', '=', id).executeTakeFirst()
}

export async function findBookingByCode(db: Kdb, code: string): Promise<BookingRow | undefined> {
  return bookings(db).where('b.check_in_code', '=', code).executeTakeFirst()
}

/** Bookings whose derived short code (check-in-code.ts) has these 10 hex digits: newest session first. */
export async function findBookingsByShortCode(db: Kdb, hex: string): Promise<BookingRow[]> {
  return bookings(db)
    .where(sql<string>`substr(encode(sha256(convert_to(b.check_in_code, 'UTF8')), 'hex'), 1, 10)`, '=', hex)
    .orderBy('s.starts_at', 'desc')
    .limit(5)
    .execute()
}

/** The bookings of the elder with this ID-number hash (the counter's keyed hash), newest session first. */
export async function findBookingsByIdHash(db: Kdb, idHash: string): Promise<BookingRow[]> {
  return bookings(db).where('e.id_number_hash', '=', idHash).orderBy('s.starts_at', 'desc').limit(20).execute()
}

export async function listBookingsOf(db: Kdb, elderIds: string[]): Promise<TBooking[]> {
  if (elderIds.length === 0) return []
  const rows = await bookings(db).where('b.elder_id', 'in', elderIds).orderBy('b.created_at', 'desc').limit(50).execute()
  return rows.map(toBooking)
}

/** The booking row locked for a change (reschedule, cancel) — one change at a time per booking. */
export async function lockBooking(tx: Kdb, id: string) {
  return tx.selectFrom('checkup_bookings').select(['id', 'session_id', 'campaign_id', 'elder_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setBookingSession(tx: Kdb, id: string, sessionId: string, now: Date): Promise<void> {
  await tx.updateTable('checkup_bookings').set({ session_id: sessionId, updated_at: now, reminded_at: null }).where('id', '=', id).execute()
}

export async function cancelBookingRow(tx: Kdb, id: string, by: string, now: Date): Promise<{ session_id: string } | undefined> {
  return tx
    .updateTable('checkup_bookings')
    .set({ status: 'cancelled', cancelled_at: now, cancelled_by: by, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .returning('session_id')
    .executeTakeFirst()
}

export async function checkInRow(tx: Kdb, id: string, by: string, now: Date): Promise<boolean> {
  const r = await tx
    .updateTable('checkup_bookings')
    .set({ status: 'checked_in', checked_in_at: now, checked_in_by: by, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['booked', 'no_show'])
    .returning('id')
    .executeTakeFirst()
  return Boolean(r)
}

export async function markDoneRow(tx: Kdb, id: string, now: Date): Promise<boolean> {
  const r = await tx.updateTable('checkup_bookings').set({ status: 'done', done_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'checked_in').returning('id').executeTakeFirst()
  return Boolean(r)
}

/** The last-booked `count` active bookings of a session (they move first when it shrinks). */
export async function lastBookingsOf(tx: Kdb, sessionId: string, count: number) {
  return tx
    .selectFrom('checkup_bookings')
    .select(['id', 'elder_id'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'booked')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(count)
    .forUpdate()
    .execute()
}

export async function moveBookingsTo(tx: Kdb, ids: string[], sessionId: string, now: Date): Promise<void> {
  if (ids.length === 0) return
  await tx.updateTable('checkup_bookings').set({ session_id: sessionId, updated_at: now, reminded_at: null }).where('id', 'in', ids).execute()
}

/** Day-before reminder: marks the booking reminded once (a repeated job finds nothing to do). */
export async function markReminded(tx: Kdb, bookingId: string, sessionId: string, now: Date) {
  return tx
    .updateTable('checkup_bookings')
    .set({ reminded_at: now })
    .where('id', '=', bookingId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'booked')
    .where('reminded_at', 'is', null)
    .returning(['id', 'elder_id', 'booked_by'])
    .executeTakeFirst()
}

/** After a session: bookings nobody checked in become no-shows (once). */
export async function markNoShows(tx: Kdb, sessionId: string, now: Date) {
  return tx.updateTable('checkup_bookings').set({ status: 'no_show', updated_at: now }).where('session_id', '=', sessionId).where('status', '=', 'booked').returning(['id', 'elder_id']).execute()
}

/** The elder's live booking in a campaign (booked, checked in or done), if any. */
export async function activeBookingOf(db: Kdb, elderId: string, campaignId: string) {
  return db.selectFrom('checkup_bookings').select('id').where('elder_id', '=', elderId).where('campaign_id', '=', campaignId).where('status', 'in', ['booked', 'checked_in', 'done']).executeTakeFirst()
}

export async function countActiveBookings(tx: Kdb, sessionId: string): Promise<number> {
  const r = await tx
    .selectFrom('checkup_bookings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'booked')
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
