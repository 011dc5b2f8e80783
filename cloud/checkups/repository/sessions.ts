import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TSession } from '../../../types/checkups'
import { toAvailableSession } from '../checkups.mappers'

/** Sessions (场次) and their places. Capacity is only ever changed by the single-statement updates here and in checkup_book. */

const sessionColumns = ['s.id', 's.campaign_id', 's.starts_at', 's.ends_at', 's.place', 's.capacity', 's.booked', 's.status'] as const

/** Availability of a campaign: one indexed range scan (campaign_id, starts_at). */
export async function listSessions(db: Kdb, campaignId: string, from: Date | null) {
  let q = db.selectFrom('checkup_sessions as s').select(sessionColumns).where('s.campaign_id', '=', campaignId)
  if (from) q = q.where('s.starts_at', '>=', from)
  return q.orderBy('s.starts_at').orderBy('s.place').execute()
}

export type AvailabilityRow = { id: string; campaign_id: string; starts_ms: number; ends_ms: number; place: string; capacity: number; booked: number; status: 'open' | 'closed'; bookable: boolean }

/**
 * Availability as the client reads it: a campaign's sessions from `from` on, with the places a
 * resident can take now (held-back counter places excluded). Times come as epoch milliseconds
 * (float8): with 2,000 sessions, parsing 4,000 timestamptz texts in Node costs more than the query,
 * and building the JSON inside PostgreSQL (json_agg + to_char) costs ten times the scan.
 */
export async function availability(db: Kdb, campaignId: string, from: Date, heldBack: number, now: Date): Promise<TSession[]> {
  const r = await sql<AvailabilityRow>`
    SELECT s.id, s.campaign_id, extract(epoch FROM s.starts_at)::float8 * 1000 AS starts_ms, extract(epoch FROM s.ends_at)::float8 * 1000 AS ends_ms,
      s.place, s.capacity, s.booked, s.status, (s.status = 'open' AND s.starts_at > ${now}) AS bookable
    FROM checkup_sessions s
    WHERE s.campaign_id = ${campaignId} AND s.starts_at >= ${from}
    ORDER BY s.starts_at, s.place`.execute(db)
  return r.rows.map((x) => toAvailableSession(x, heldBack))
}

export async function findSession(db: Kdb, id: string) {
  return db
    .selectFrom('checkup_sessions as s')
    .innerJoin('checkup_campaigns as k', 'k.id', 's.campaign_id')
    .innerJoin('org_units as c', 'c.id', 'k.community_id')
    .select(sessionColumns)
    .select([
      'k.community_id',
      'c.path as community_path',
      'k.held_back',
      'k.status as campaign_status',
      'k.release_at',
      'k.cancel_cutoff',
      'k.offer_minutes',
      'k.min_age',
      'k.age_on',
      'k.title as campaign_title',
      'k.fasting',
    ])
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

export async function sessionCounters(tx: Kdb, sessionId: string) {
  return tx.selectFrom('checkup_sessions').select(['capacity', 'booked', 'status', 'starts_at']).where('id', '=', sessionId).executeTakeFirstOrThrow()
}
