import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { TBooking, TCampaign, TRosterEntry, TSession, TWaitlistEntry, THomeVisit, THomeVisitor } from '../../types/checkups'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { cancelUntil } from './checkups.time'

/** All SQL of 体检预约. Capacity is only ever changed by the single-statement updates below. */

const iso = (d: Date | string) => new Date(d).toISOString()

// ---------------------------------------------------------------- org, people, consent

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
  const row = await db
    .selectFrom('consents')
    .select('id')
    .where('user_id', '=', userId)
    .where('kind', '=', 'health')
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
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

// ---------------------------------------------------------------- campaigns

function campaigns(db: Kdb) {
  return db
    .selectFrom('checkup_campaigns as k')
    .innerJoin('org_units as c', 'c.id', 'k.community_id')
    .selectAll('k')
    .select(['c.name as community_name', 'c.path as community_path'])
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

export function toCampaign(r: CampaignRow, remaining: number): TCampaign {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    year: r.year,
    title: r.title,
    minAge: r.min_age,
    ageOn: r.age_on,
    bring: r.bring,
    fasting: r.fasting,
    releaseAt: iso(r.release_at),
    cancelCutoff: r.cancel_cutoff,
    heldBack: r.held_back,
    offerMinutes: r.offer_minutes,
    status: r.status,
    remaining,
  }
}

export async function insertCampaign(
  tx: Kdb,
  row: { id: string; communityId: string; year: number; title: string; minAge: number; ageOn: string; bring: string; fasting: string; releaseAt: Date; cancelCutoff: string; heldBack: number; offerMinutes: number; createdBy: string; now: Date },
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

// ---------------------------------------------------------------- sessions

const sessionColumns = ['s.id', 's.campaign_id', 's.starts_at', 's.ends_at', 's.place', 's.capacity', 's.booked', 's.status'] as const

export function toSession(r: { id: string; campaign_id: string; starts_at: Date; ends_at: Date; place: string; capacity: number; booked: number; status: 'open' | 'closed' }, heldBack: number, now: Date): TSession {
  const open = r.status === 'open' && r.starts_at.getTime() > now.getTime()
  return {
    id: r.id,
    campaignId: r.campaign_id,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    place: r.place,
    capacity: r.capacity,
    booked: r.booked,
    remaining: open ? Math.max(r.capacity - heldBack - r.booked, 0) : 0,
    status: r.status,
  }
}

/** Availability of a campaign: one indexed range scan (campaign_id, starts_at). */
export async function listSessions(db: Kdb, campaignId: string, from: Date | null) {
  let q = db.selectFrom('checkup_sessions as s').select(sessionColumns).where('s.campaign_id', '=', campaignId)
  if (from) q = q.where('s.starts_at', '>=', from)
  return q.orderBy('s.starts_at').orderBy('s.place').execute()
}

/**
 * Availability as the client reads it: a campaign's sessions from `from` on, with the places a
 * resident can take now (held-back counter places excluded). Times come as epoch milliseconds
 * (float8): with 2,000 sessions, parsing 4,000 timestamptz texts in Node costs more than the query,
 * and building the JSON inside PostgreSQL (json_agg + to_char) costs ten times the scan.
 */
export async function availability(db: Kdb, campaignId: string, from: Date, heldBack: number, now: Date): Promise<TSession[]> {
  const r = await sql<{ id: string; campaign_id: string; starts_ms: number; ends_ms: number; place: string; capacity: number; booked: number; status: 'open' | 'closed'; bookable: boolean }>`
    SELECT s.id, s.campaign_id, extract(epoch FROM s.starts_at)::float8 * 1000 AS starts_ms, extract(epoch FROM s.ends_at)::float8 * 1000 AS ends_ms,
      s.place, s.capacity, s.booked, s.status, (s.status = 'open' AND s.starts_at > ${now}) AS bookable
    FROM checkup_sessions s
    WHERE s.campaign_id = ${campaignId} AND s.starts_at >= ${from}
    ORDER BY s.starts_at, s.place`.execute(db)
  return r.rows.map((x) => ({
    id: x.id,
    campaignId: x.campaign_id,
    startsAt: new Date(Number(x.starts_ms)).toISOString(),
    endsAt: new Date(Number(x.ends_ms)).toISOString(),
    place: x.place,
    capacity: x.capacity,
    booked: x.booked,
    remaining: x.bookable ? Math.max(x.capacity - heldBack - x.booked, 0) : 0,
    status: x.status,
  }))
}

export async function findSession(db: Kdb, id: string) {
  return db
    .selectFrom('checkup_sessions as s')
    .innerJoin('checkup_campaigns as k', 'k.id', 's.campaign_id')
    .innerJoin('org_units as c', 'c.id', 'k.community_id')
    .select(sessionColumns)
    .select(['k.community_id', 'c.path as community_path', 'k.held_back', 'k.status as campaign_status', 'k.release_at', 'k.cancel_cutoff', 'k.offer_minutes', 'k.min_age', 'k.age_on', 'k.title as campaign_title', 'k.fasting'])
    .where('s.id', '=', id)
    .executeTakeFirst()
}
export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>

export async function insertSessions(tx: Kdb, rows: { id: string; campaignId: string; startsAt: Date; endsAt: Date; place: string; capacity: number; now: Date }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('checkup_sessions')
      .values(rows.slice(i, i + 500).map((r) => ({ id: r.id, campaign_id: r.campaignId, starts_at: r.startsAt, ends_at: r.endsAt, place: r.place, capacity: r.capacity, created_at: r.now })))
      .execute()
  }
}

/**
 * Takes one place if one is left: the whole rule in one statement, so 500 people racing for 20
 * places get exactly 20 rows back. Residents cannot take the places held back for the counter.
 */
export async function takePlace(tx: Kdb, sessionId: string, now: Date, byStaff: boolean): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE checkup_sessions s SET booked = s.booked + 1
    FROM checkup_campaigns k
    WHERE s.id = ${sessionId} AND k.id = s.campaign_id
      AND s.status = 'open' AND k.status = 'open' AND s.starts_at > ${now}
      AND s.booked + CASE WHEN ${byStaff} THEN 0 ELSE k.held_back END < s.capacity
    RETURNING s.id`.execute(tx)
  return r.rows.length === 1
}

/**
 * Everything a booking decision needs, in one round trip: the elder (with community and whether
 * health-data consent is on file) and the session with its campaign. Either side may be missing.
 */
export async function bookingContext(db: Kdb, elderId: string, sessionId: string) {
  const r = await sql<{
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
  }>`
    SELECT * FROM checkup_booking_context(${elderId}::uuid, ${sessionId}::uuid)`.execute(db)
  const row = r.rows[0]
  if (!row) return { elder: undefined, session: undefined }
  const elder = { id: row.elder_id, name: row.elder_name, birth_date: row.birth_date, community_id: row.elder_community_id, community_path: row.elder_community_path, healthConsent: row.health_consent }
  if (!row.id) return { elder, session: undefined }
  const session = {
    id: row.id,
    campaign_id: row.campaign_id,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    place: row.place,
    capacity: row.capacity,
    booked: row.booked,
    status: row.status,
    community_id: row.community_id,
    community_path: row.community_path,
    held_back: row.held_back,
    campaign_status: row.campaign_status,
    release_at: row.release_at,
    cancel_cutoff: row.cancel_cutoff,
    offer_minutes: row.offer_minutes,
    min_age: row.min_age,
    age_on: typeof row.age_on === 'string' ? row.age_on : iso(row.age_on).slice(0, 10),
    campaign_title: row.campaign_title,
    bring: row.bring,
    fasting: row.fasting,
  }
  return { elder, session }
}

/**
 * A booking in one call of `checkup_book` (migration 0010), its own transaction: the booking row,
 * the withdrawal of the elder's other 候补 entries, the day-before reminder job, the notice with its
 * outbox row and (for someone else) the audit row, then the place, taken only if one is left. No
 * place undoes everything (false: the caller asks why); a second active booking for the elder and
 * campaign violates the partial unique index and undoes everything too. One round trip instead of
 * eight, with plans kept by plpgsql, and the session row locked only from its UPDATE to the commit.
 */
export async function bookInOneCall(
  db: Kdb,
  b: {
    id: string
    sessionId: string
    campaignId: string
    elderId: string
    channel: TBooking['channel']
    bookedBy: string
    checkInCode: string
    overrideReason: string | null
    byStaff: boolean
    now: Date
    reminder: { id: string; runAt: Date; payload: string; dedupeKey: string }
    notice: { id: string; outboxId: string; userId: string; kind: string; title: string; body: string; outboxPayload: string }
    audit: { id: string; action: string; details: string } | null
  },
): Promise<boolean> {
  try {
    await sql`SELECT checkup_book(
      ${b.id}::uuid, ${b.sessionId}::uuid, ${b.campaignId}::uuid, ${b.elderId}::uuid, ${b.channel}::text, ${b.bookedBy}::uuid, ${b.checkInCode}::text,
      ${b.overrideReason}::text, ${b.byStaff}::boolean, ${b.now}::timestamptz,
      ${b.reminder.id}::uuid, ${b.reminder.runAt}::timestamptz, ${b.reminder.payload}::jsonb, ${b.reminder.dedupeKey}::text,
      ${b.notice.id}::uuid, ${b.notice.outboxId}::uuid, ${b.notice.userId}::uuid, ${b.notice.kind}::text, ${b.notice.title}::text,
      ${b.notice.body}::text, ${b.notice.outboxPayload}::jsonb,
      ${b.audit?.id ?? null}::uuid, ${b.audit?.action ?? null}::text, ${b.audit?.details ?? null}::jsonb)`.execute(db)
    return true
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'CK001') return false
    throw error
  }
}

/** Gives a place back (no one waiting for it). */
export async function freePlace(tx: Kdb, sessionId: string): Promise<void> {
  await sql`UPDATE checkup_sessions SET booked = booked - 1 WHERE id = ${sessionId}`.execute(tx)
}

/** Rows of sessions locked in id order: two transactions moving between the same sessions never deadlock. */
export async function lockSessions(tx: Kdb, ids: string[]): Promise<void> {
  await sql`SELECT id FROM checkup_sessions WHERE id IN (${sql.join(ids)}) ORDER BY id FOR UPDATE`.execute(tx)
}

export async function updateSessionRow(tx: Kdb, id: string, patch: { capacity?: number; place?: string; status?: 'open' | 'closed' }): Promise<void> {
  await tx.updateTable('checkup_sessions').set(patch).where('id', '=', id).execute()
}

/** Moves `count` places from one session to another in one statement each (capacity checked by the row). */
export async function movePlaces(tx: Kdb, fromId: string, toId: string, count: number, now: Date): Promise<boolean> {
  const r = await sql<{ id: string }>`
    UPDATE checkup_sessions SET booked = booked + ${count}
    WHERE id = ${toId} AND status = 'open' AND starts_at > ${now} AND booked + ${count} <= capacity
    RETURNING id`.execute(tx)
  if (r.rows.length !== 1) return false
  await sql`UPDATE checkup_sessions SET booked = booked - ${count} WHERE id = ${fromId}`.execute(tx)
  return true
}

// ---------------------------------------------------------------- bookings

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

export function toBooking(r: BookingRow): TBooking {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    channel: r.channel,
    bookedById: r.booked_by,
    bookedByName: r.booked_by_name,
    session: { id: r.session_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), place: r.place },
    bring: r.bring,
    fasting: r.fasting,
    cancelUntil: iso(cancelUntil(r.starts_at, r.cancel_cutoff)),
    createdAt: iso(r.created_at),
    checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
  }
}

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

export async function insertBooking(
  tx: Kdb,
  row: { id: string; campaignId: string; sessionId: string; elderId: string; channel: TBooking['channel']; bookedBy: string; checkInCode: string; overrideReason: string | null; now: Date },
): Promise<void> {
  await tx
    .insertInto('checkup_bookings')
    .values({
      id: row.id,
      campaign_id: row.campaignId,
      session_id: row.sessionId,
      elder_id: row.elderId,
      status: 'booked',
      channel: row.channel,
      booked_by: row.bookedBy,
      check_in_code: row.checkInCode,
      override_reason: row.overrideReason,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute()
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
  return tx
    .updateTable('checkup_bookings')
    .set({ status: 'no_show', updated_at: now })
    .where('session_id', '=', sessionId)
    .where('status', '=', 'booked')
    .returning(['id', 'elder_id'])
    .execute()
}

export async function roster(db: Kdb, filter: { campaignId: string; from?: Date; to?: Date; statuses?: TRosterEntry['status'][] }, now: Date): Promise<TRosterEntry[]> {
  let q = db
    .selectFrom('checkup_bookings as b')
    .innerJoin('checkup_sessions as s', 's.id', 'b.session_id')
    .innerJoin('users as e', 'e.id', 'b.elder_id')
    .select(['b.id', 'b.elder_id', 'b.status', 'b.channel', 'b.checked_in_at', 's.id as session_id', 's.starts_at', 's.ends_at', 's.place', 'e.name', 'e.phone', 'e.birth_date', 'e.id_number_masked', 'e.address'])
    .select((eb) =>
      eb
        .selectFrom('family_links as l')
        .innerJoin('users as m', 'm.id', 'l.member_id')
        .select(sql<{ name: string; phone: string | null }[]>`coalesce(json_agg(json_build_object('name', m.name, 'phone', m.phone) ORDER BY m.name), '[]'::json)`.as('j'))
        .whereRef('l.elder_id', '=', 'b.elder_id')
        .where('l.status', '=', 'active')
        .as('family'),
    )
    .where('b.campaign_id', '=', filter.campaignId)
  if (filter.from) q = q.where('s.starts_at', '>=', filter.from)
  if (filter.to) q = q.where('s.starts_at', '<', filter.to)
  q = filter.statuses ? q.where('b.status', 'in', filter.statuses) : q.where('b.status', '<>', 'cancelled')
  const rows = await q.orderBy('s.starts_at').orderBy('e.name').limit(5000).execute()
  return rows.map((r) => ({
    bookingId: r.id,
    elderId: r.elder_id,
    elderName: r.name,
    age: ageOn(r.birth_date, now),
    phoneMasked: maskPhone(r.phone),
    phone: r.phone,
    idNumberMasked: r.id_number_masked,
    address: r.address,
    status: r.status,
    channel: r.channel,
    session: { id: r.session_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), place: r.place },
    checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
    familyContacts: (r.family ?? []) as { name: string; phone: string | null }[],
  }))
}

// ---------------------------------------------------------------- waitlist (候补)

function waitlist(db: Kdb) {
  return db
    .selectFrom('checkup_waitlist as w')
    .innerJoin('checkup_sessions as s', 's.id', 'w.session_id')
    .innerJoin('users as e', 'e.id', 'w.elder_id')
    .select(['w.id', 'w.campaign_id', 'w.session_id', 'w.elder_id', 'w.requested_by', 'w.status', 'w.created_at', 'w.offer_expires_at', 's.starts_at', 's.ends_at', 's.place', 'e.name as elder_name'])
    .select((eb) =>
      eb
        .selectFrom('checkup_waitlist as a')
        .select(sql<number>`count(*)::int + 1`.as('n'))
        .whereRef('a.session_id', '=', 'w.session_id')
        .where('a.status', '=', 'waiting')
        .where(sql<boolean>`(a.created_at, a.id) < (w.created_at, w.id)`)
        .as('ahead'),
    )
}
type WaitRow = Awaited<ReturnType<ReturnType<typeof waitlist>['executeTakeFirstOrThrow']>>

function toWait(r: WaitRow): TWaitlistEntry {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    session: { id: r.session_id, startsAt: iso(r.starts_at), endsAt: iso(r.ends_at), place: r.place },
    createdAt: iso(r.created_at),
    offerExpiresAt: r.offer_expires_at ? iso(r.offer_expires_at) : null,
    position: r.status === 'waiting' ? Number(r.ahead ?? 1) : null,
  }
}

export async function findWaitEntry(db: Kdb, id: string) {
  const r = await waitlist(db).where('w.id', '=', id).executeTakeFirst()
  return r ? { row: r, entry: toWait(r) } : undefined
}

export async function listWaitlistOf(db: Kdb, elderIds: string[]): Promise<TWaitlistEntry[]> {
  if (elderIds.length === 0) return []
  const rows = await waitlist(db).where('w.elder_id', 'in', elderIds).where('w.status', 'in', ['waiting', 'offered']).orderBy('w.created_at').execute()
  return rows.map(toWait)
}

export async function listWaitlistOfCampaign(db: Kdb, campaignId: string): Promise<TWaitlistEntry[]> {
  const rows = await waitlist(db).where('w.campaign_id', '=', campaignId).where('w.status', 'in', ['waiting', 'offered']).orderBy('w.created_at').limit(1000).execute()
  return rows.map(toWait)
}

export async function insertWaitEntry(tx: Kdb, row: { id: string; campaignId: string; sessionId: string; elderId: string; requestedBy: string; now: Date }): Promise<void> {
  await tx
    .insertInto('checkup_waitlist')
    .values({ id: row.id, campaign_id: row.campaignId, session_id: row.sessionId, elder_id: row.elderId, requested_by: row.requestedBy, status: 'waiting', created_at: row.now })
    .execute()
}

/** Booked elsewhere: their places in line are given up. */
export async function withdrawWaiting(tx: Kdb, elderId: string, campaignId: string, now: Date): Promise<void> {
  await tx.updateTable('checkup_waitlist').set({ status: 'withdrawn', decided_at: now }).where('elder_id', '=', elderId).where('campaign_id', '=', campaignId).where('status', '=', 'waiting').execute()
}

/** First in line for a session, skipping rows another transaction is offering right now. */
export async function offerToNext(tx: Kdb, sessionId: string, now: Date, expiresAt: Date) {
  const r = await sql<{ id: string; elder_id: string; requested_by: string }>`
    UPDATE checkup_waitlist SET status = 'offered', offered_at = ${now}, offer_expires_at = ${expiresAt}
    WHERE id = (
      SELECT id FROM checkup_waitlist WHERE session_id = ${sessionId} AND status = 'waiting'
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, elder_id, requested_by`.execute(tx)
  return r.rows[0]
}

/** An offer ends once: accepted in time, or expired/declined (the caller then passes the place on). */
export async function closeOffer(tx: Kdb, id: string, now: Date, to: 'accepted' | 'expired', bookingId: string | null = null) {
  let q = tx
    .updateTable('checkup_waitlist')
    .set({ status: to, decided_at: now, booking_id: bookingId })
    .where('id', '=', id)
    .where('status', '=', 'offered')
  q = to === 'accepted' ? q.where('offer_expires_at', '>', now) : q
  return q.returning(['id', 'session_id', 'campaign_id', 'elder_id', 'requested_by']).executeTakeFirst()
}

export async function withdrawWaitEntry(tx: Kdb, id: string, now: Date): Promise<boolean> {
  const r = await tx.updateTable('checkup_waitlist').set({ status: 'withdrawn', decided_at: now }).where('id', '=', id).where('status', '=', 'waiting').returning('id').executeTakeFirst()
  return Boolean(r)
}

// ---------------------------------------------------------------- home visits

function visits(db: Kdb) {
  return db
    .selectFrom('checkup_home_visits as v')
    .innerJoin('users as e', 'e.id', 'v.elder_id')
    .leftJoin('org_units as c', 'c.id', 'e.community_id')
    .select(['v.id', 'v.campaign_id', 'v.elder_id', 'v.status', 'v.note', 'v.staff_id', 'e.name as elder_name', 'c.path as elder_community_path'])
    .select([sql<Date | null>`lower(v.during)`.as('starts_at'), sql<Date | null>`upper(v.during)`.as('ends_at')])
}

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

export function toHomeVisit(r: NonNullable<Awaited<ReturnType<typeof findHomeVisit>>>): THomeVisit {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    status: r.status,
    note: r.note,
    staffId: r.staff_id,
    startsAt: r.starts_at ? iso(r.starts_at) : null,
    endsAt: r.ends_at ? iso(r.ends_at) : null,
  }
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

/** Jobs for many sessions at once (bulk session creation): one statement, deduplicated. */
export async function scheduleJobs(tx: Kdb, jobs: { id: string; kind: string; runAt: Date; payload: Record<string, unknown>; dedupeKey: string }[], now: Date): Promise<void> {
  for (let i = 0; i < jobs.length; i += 500) {
    await tx
      .insertInto('jobs')
      .values(jobs.slice(i, i + 500).map((j) => ({ id: j.id, kind: j.kind, run_at: j.runAt, payload: JSON.stringify(j.payload), dedupe_key: j.dedupeKey, created_at: now })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute()
  }
}

export async function sessionForRelease(tx: Kdb, sessionId: string) {
  return tx
    .selectFrom('checkup_sessions as s')
    .innerJoin('checkup_campaigns as k', 'k.id', 's.campaign_id')
    .select(['s.id', 's.starts_at', 's.ends_at', 's.place', 's.status', 'k.status as campaign_status', 'k.offer_minutes'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow()
}

export async function countActiveBookings(tx: Kdb, sessionId: string): Promise<number> {
  const r = await tx.selectFrom('checkup_bookings').select(sql<number>`count(*)::int`.as('n')).where('session_id', '=', sessionId).where('status', '=', 'booked').executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function sessionCounters(tx: Kdb, sessionId: string) {
  return tx.selectFrom('checkup_sessions').select(['capacity', 'booked', 'status']).where('id', '=', sessionId).executeTakeFirstOrThrow()
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
