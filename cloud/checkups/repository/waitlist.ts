import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TWaitlistEntry } from '../../../types/checkups'
import { toWait } from '../checkups.mappers'

/** The waitlist (候补): one live place in line per elder and campaign; an offer holds a freed place. */

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
export type WaitRow = Awaited<ReturnType<ReturnType<typeof waitlist>['executeTakeFirstOrThrow']>>

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
  let q = tx.updateTable('checkup_waitlist').set({ status: to, decided_at: now, booking_id: bookingId }).where('id', '=', id).where('status', '=', 'offered')
  q = to === 'accepted' ? q.where('offer_expires_at', '>', now) : q
  return q.returning(['id', 'session_id', 'campaign_id', 'elder_id', 'requested_by']).executeTakeFirst()
}

export async function withdrawWaitEntry(tx: Kdb, id: string, now: Date): Promise<boolean> {
  const r = await tx.updateTable('checkup_waitlist').set({ status: 'withdrawn', decided_at: now }).where('id', '=', id).where('status', '=', 'waiting').returning('id').executeTakeFirst()
  return Boolean(r)
}
