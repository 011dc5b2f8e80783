import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import type { TimebankRequestsTable, TimebankStatus } from '../db/schema'
import type { Updateable } from 'kysely'

/**
 * All SQL of 时间银行. The minutes ledger is append-only double entry (same design as points):
 * a journal per business event, entries summing to zero, account rows caching the balance, changed
 * in the same transaction by one single-statement UPDATE per account in id order; CHECK (balance ≥ 0)
 * on member accounts is the backstop.
 */

// ---- rules ----

export interface TimebankRules {
  minVolunteerAge: number
  minDrawAge: number
  dailyCapMinutes: number
  lifetimeCapMinutes: number
  autoConfirmHours: number
  maxDistanceM: number
}
export const DEFAULT_RULES: TimebankRules = { minVolunteerAge: 18, minDrawAge: 60, dailyCapMinutes: 120, lifetimeCapMinutes: 90000, autoConfirmHours: 72, maxDistanceM: 300 }

/** Rules of the street that contains `communityPath` ('/street/cluster/community/'). */
export async function findRules(db: Kdb, communityPath: string): Promise<TimebankRules> {
  const streetId = communityPath.split('/')[1]
  const row = streetId ? await db.selectFrom('timebank_rules').selectAll().where('street_id', '=', streetId).executeTakeFirst() : undefined
  if (!row) return DEFAULT_RULES
  return {
    minVolunteerAge: row.min_volunteer_age,
    minDrawAge: row.min_draw_age,
    dailyCapMinutes: row.daily_cap_minutes,
    lifetimeCapMinutes: row.lifetime_cap_minutes,
    autoConfirmHours: row.auto_confirm_hours,
    maxDistanceM: row.max_distance_m,
  }
}

export async function saveRules(db: Kdb, streetId: string, rules: Partial<TimebankRules>, now: Date): Promise<void> {
  const values = {
    min_volunteer_age: rules.minVolunteerAge,
    min_draw_age: rules.minDrawAge,
    daily_cap_minutes: rules.dailyCapMinutes,
    lifetime_cap_minutes: rules.lifetimeCapMinutes,
    auto_confirm_hours: rules.autoConfirmHours,
    max_distance_m: rules.maxDistanceM,
    updated_at: now,
  }
  await db
    .insertInto('timebank_rules')
    .values({ street_id: streetId, ...values })
    .onConflict((oc) => oc.column('street_id').doUpdateSet(values))
    .execute()
}

// ---- people ----

export async function findPerson(db: Kdb, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .leftJoin('timebank_places as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.birth_date', 'u.address', 'u.community_id', 'c.path as community_path', 'p.lat', 'p.lng'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

/**
 * Whether a point lies in the box (org_unit_geo) of the street the community belongs to, widened by
 * `margin` degrees. A street without a box drawn refuses nothing.
 */
export async function insideStreetOf(db: Kdb, communityPath: string, lat: number, lng: number, margin: number): Promise<boolean> {
  const r = await sql<{ inside: boolean }>`
    SELECT (${lat} BETWEEN g.min_lat - ${margin} AND g.max_lat + ${margin}
        AND ${lng} BETWEEN g.min_lng - ${margin} AND g.max_lng + ${margin}) AS inside
    FROM org_units s JOIN org_unit_geo g ON g.org_unit_id = s.id
    WHERE s.kind = 'street' AND ${communityPath} LIKE s.path || '%'
    LIMIT 1`.execute(db)
  return r.rows[0]?.inside ?? true
}

export async function savePlace(db: Kdb, userId: string, lat: number, lng: number, now: Date): Promise<void> {
  await db
    .insertInto('timebank_places')
    .values({ user_id: userId, lat, lng, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ lat, lng, updated_at: now }))
    .execute()
}

/** The active family link between two people in either direction (for gifts: relation matters, scopes do not). */
export async function findLinkBetween(db: Kdb, a: string, b: string) {
  return db
    .selectFrom('family_links')
    .select(['id', 'elder_id', 'member_id', 'relation'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb.and([eb('elder_id', '=', a), eb('member_id', '=', b)]), eb.and([eb('elder_id', '=', b), eb('member_id', '=', a)])]))
    .executeTakeFirst()
}

// ---- requests ----

function requestsWithNames(db: Kdb) {
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

/** Names and numbers for 联系请求人: the requester, the elder, and the elder's active family (at most 3). */
export async function findServiceContacts(db: Kdb, requesterId: string, elderId: string) {
  const users = await db.selectFrom('users').select(['id', 'name', 'phone']).where('id', 'in', [requesterId, elderId]).execute()
  const family = await db
    .selectFrom('family_links as l')
    .innerJoin('users as u', 'u.id', 'l.member_id')
    .select(['u.name', 'u.phone'])
    .where('l.elder_id', '=', elderId)
    .where('l.status', '=', 'active')
    .where('u.phone', 'is not', null)
    .orderBy('l.confirmed_at')
    .limit(3)
    .execute()
  return { requester: users.find((u) => u.id === requesterId), elder: users.find((u) => u.id === elderId), family }
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
  const rows = await query.orderBy('r.starts_at').orderBy('r.id').limit(q.limit + 1).execute()
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
  const rows = await query.orderBy('r.id', 'desc').limit(limit + 1).execute()
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
  const rows = await query.orderBy('r.id', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  return { items: page, nextCursor: rows.length > limit && page.length ? page[page.length - 1].id : null }
}

export async function hasVolunteerRole(db: Kdb, userId: string, communityPath: string): Promise<boolean> {
  const row = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('org_units as o', 'o.id', 'ra.org_unit_id')
    .select('ra.id')
    .where('ra.user_id', '=', userId)
    .where('ra.role', '=', 'volunteer')
    .where(sql<boolean>`${communityPath} LIKE o.path || '%'`)
    .executeTakeFirst()
  return Boolean(row)
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

// ---- accounts ----

export type SystemKind = 'issuing' | 'spent'

/** A person's minutes account, created on first use. */
export async function ensureMemberAccount(db: Kdb, userId: string, now: Date): Promise<string> {
  // a racing creator makes ON CONFLICT return nothing while this statement's snapshot cannot see its
  // row yet: the next statement (fresh snapshot under READ COMMITTED) does
  for (let i = 0; i < 3; i++) {
    const row = await sql<{ id: string }>`
    WITH ins AS (
      INSERT INTO timebank_accounts (id, kind, user_id, created_at) VALUES (${newId()}, 'member', ${userId}, ${now})
      ON CONFLICT DO NOTHING RETURNING id)
    SELECT id FROM ins UNION ALL SELECT id FROM timebank_accounts WHERE user_id = ${userId} LIMIT 1`.execute(db)
    if (row.rows[0]) return row.rows[0].id
  }
  throw new Error('could not create timebank account')
}

export async function ensureSystemAccount(db: Kdb, communityId: string, kind: SystemKind, now: Date): Promise<string> {
  for (let i = 0; i < 3; i++) {
    const row = await sql<{ id: string }>`
    WITH ins AS (
      INSERT INTO timebank_accounts (id, kind, community_id, created_at) VALUES (${newId()}, ${kind}, ${communityId}, ${now})
      ON CONFLICT DO NOTHING RETURNING id)
    SELECT id FROM ins UNION ALL SELECT id FROM timebank_accounts WHERE community_id = ${communityId} AND kind = ${kind} AND user_id IS NULL LIMIT 1`.execute(db)
    if (row.rows[0]) return row.rows[0].id
  }
  throw new Error('could not create timebank system account')
}

export async function findBalance(db: Kdb, userId: string): Promise<number> {
  const row = await db.selectFrom('timebank_accounts').select('balance').where('user_id', '=', userId).executeTakeFirst()
  return Number(row?.balance ?? 0)
}

// ---- posting ----

export interface Line {
  accountId: string
  amount: number
}
export interface JournalInput {
  kind: 'serve' | 'draw' | 'gift' | 'reverse' | 'adjust'
  requestId?: string | null
  memo: string
  actorId?: string | null
  reversesId?: string | null
  reason?: string | null
  /** adjust: whose minutes are adjusted */
  subjectId?: string | null
  now: Date
}

/**
 * Posts one journal whose entries sum to zero. A member account that would go below zero matches no
 * row: the whole posting is refused with INSUFFICIENT_MINUTES (the CHECK is the backstop).
 */
export async function postJournal(tx: Kdb, journal: JournalInput, lines: Line[]): Promise<string> {
  if (lines.length < 2 || lines.reduce((s, l) => s + l.amount, 0) !== 0 || lines.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)) {
    throw new Error(`unbalanced timebank journal ${journal.kind}: ${JSON.stringify(lines)}`)
  }
  const id = newId()
  // the journal first: a second credit of the same service stops here on the unique source key
  await tx
    .insertInto('timebank_journals')
    .values({
      id,
      kind: journal.kind,
      request_id: journal.requestId ?? null,
      memo: journal.memo.slice(0, 200),
      actor_id: journal.actorId ?? null,
      reverses_id: journal.reversesId ?? null,
      reason: journal.reason ?? null,
      ...(journal.subjectId ? { subject_id: journal.subjectId } : {}),
      created_at: journal.now,
    })
    .execute()
  const deltas = new Map<string, number>()
  for (const l of lines) deltas.set(l.accountId, (deltas.get(l.accountId) ?? 0) + l.amount)
  for (const accountId of [...deltas.keys()].sort()) {
    const d = deltas.get(accountId)!
    if (d === 0) continue
    const updated = await sql<{ id: string }>`
      UPDATE timebank_accounts SET balance = balance + ${d}, version = version + 1
      WHERE id = ${accountId} AND (kind = 'issuing' OR balance + ${d} >= 0)
      RETURNING id`.execute(tx)
    if (updated.rows.length === 0) throw new AppError('INSUFFICIENT_MINUTES', { accountId })
  }
  await tx
    .insertInto('timebank_entries')
    .values(lines.map((l) => ({ journal_id: id, account_id: l.accountId, amount: l.amount, created_at: journal.now })))
    .execute()
  return id
}

/**
 * Takes up to `want` minutes from the volunteer's caps ('D:<day>' and 'L'), atomically: the upsert
 * locks the counter rows, so two credits of one volunteer queue here and never both pass a cap.
 */
export async function takeFromCaps(tx: Kdb, userId: string, want: number, caps: { period: string; cap: number }[]): Promise<{ grant: number; limitedBy: string[] }> {
  const periods = caps.map((c) => c.period).sort()
  const rows = await sql<{ period: string; minutes: number }>`
    INSERT INTO timebank_cap_counters (user_id, period, minutes)
    SELECT ${userId}, p, 0 FROM unnest(${periods}::text[]) AS p ORDER BY p
    ON CONFLICT (user_id, period) DO UPDATE SET minutes = timebank_cap_counters.minutes
    RETURNING period, minutes`.execute(tx)
  let grant = want
  const limitedBy: string[] = []
  for (const cap of caps) {
    const left = Math.max(0, cap.cap - (rows.rows.find((r) => r.period === cap.period)?.minutes ?? 0))
    if (left < want) limitedBy.push(cap.period)
    grant = Math.min(grant, left)
  }
  if (grant > 0) {
    await tx
      .updateTable('timebank_cap_counters')
      .set((eb) => ({ minutes: eb('minutes', '+', grant) }))
      .where('user_id', '=', userId)
      .where('period', 'in', periods)
      .execute()
  }
  return { grant, limitedBy }
}

/** Gives minutes back to the caps (a reversed credit). */
export async function giveBackToCaps(tx: Kdb, userId: string, minutes: number, periods: string[]): Promise<void> {
  await tx
    .updateTable('timebank_cap_counters')
    .set((eb) => ({ minutes: sql<number>`GREATEST(0, ${eb.ref('minutes')} - ${minutes})` }))
    .where('user_id', '=', userId)
    .where('period', 'in', periods)
    .execute()
}

export async function capCounters(db: Kdb, userId: string, periods: string[]): Promise<Record<string, number>> {
  const rows = await db.selectFrom('timebank_cap_counters').select(['period', 'minutes']).where('user_id', '=', userId).where('period', 'in', periods).execute()
  return Object.fromEntries(rows.map((r) => [r.period, r.minutes]))
}

export async function findJournal(db: Kdb, id: string) {
  return db
    .selectFrom('timebank_journals as j')
    .leftJoin('timebank_requests as r', 'r.id', 'j.request_id')
    .leftJoin('org_units as c', 'c.id', 'r.community_id')
    .select(['j.id', 'j.kind', 'j.request_id', 'j.memo', 'r.volunteer_id', 'r.check_in_at', 'c.path as community_path'])
    .where('j.id', '=', id)
    .executeTakeFirst()
}

export async function findServeJournal(db: Kdb, requestId: string) {
  return db.selectFrom('timebank_journals').select(['id']).where('request_id', '=', requestId).where('kind', '=', 'serve').executeTakeFirst()
}

export async function journalEntries(db: Kdb, journalId: string) {
  return db.selectFrom('timebank_entries').select(['account_id', 'amount']).where('journal_id', '=', journalId).orderBy('id').execute()
}

export async function isReversed(db: Kdb, journalId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('timebank_journals').select('id').where('reverses_id', '=', journalId).executeTakeFirst())
}

export async function historyOf(db: Kdb, userId: string, limit: number) {
  return db
    .selectFrom('timebank_entries as e')
    .innerJoin('timebank_accounts as a', 'a.id', 'e.account_id')
    .innerJoin('timebank_journals as j', 'j.id', 'e.journal_id')
    .select(['j.id as journal_id', 'j.kind', 'j.memo', 'e.amount', 'e.created_at'])
    .where('a.user_id', '=', userId)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute()
}

export async function servedStats(db: Kdb, userId: string): Promise<{ services: number; minutes: number }> {
  const row = await db
    .selectFrom('timebank_requests')
    .select((eb) => [eb.fn.countAll<number>().as('services'), eb.fn.coalesce(eb.fn.sum<number>('credited_minutes'), sql<number>`0`).as('minutes')])
    .where('volunteer_id', '=', userId)
    .where('status', '=', 'confirmed')
    .where('credited_minutes', '>', 0)
    .executeTakeFirstOrThrow()
  return { services: Number(row.services), minutes: Number(row.minutes) }
}

/** Minutes credited for service and not reversed (what a certificate states). */
export async function creditedServiceMinutes(db: Kdb, userId: string): Promise<number> {
  const r = await sql<{ n: number | null }>`
    SELECT sum(e.amount)::bigint AS n FROM timebank_entries e
    JOIN timebank_accounts a ON a.id = e.account_id
    JOIN timebank_journals j ON j.id = e.journal_id
    LEFT JOIN timebank_journals o ON o.id = j.reverses_id
    WHERE a.user_id = ${userId} AND (j.kind = 'serve' OR (j.kind = 'reverse' AND o.kind = 'serve'))`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

// ---- certificates ----

export async function insertCertificate(db: Kdb, c: { code: string; userId: string; totalMinutes: number; services: number; periodFrom: Date | null; now: Date }): Promise<void> {
  await db
    .insertInto('timebank_certificates')
    .values({ code: c.code, user_id: c.userId, total_minutes: c.totalMinutes, services: c.services, period_from: c.periodFrom, issued_at: c.now })
    .execute()
}

export async function findCertificate(db: Kdb, code: string) {
  return db
    .selectFrom('timebank_certificates as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.code', 't.user_id', 't.total_minutes', 't.services', 't.issued_at', 't.period_from', 'u.name'])
    .where('t.code', '=', code)
    .executeTakeFirst()
}

// ---- reconciliation ----

/** Journals whose entries do not sum to zero, and accounts whose balance differs from their entries. */
export async function checkLedger(db: Kdb): Promise<{ unbalancedJournals: string[]; driftedAccounts: string[]; negativeMembers: string[] }> {
  const unbalanced = await sql<{ id: string }>`
    SELECT j.id FROM timebank_journals j LEFT JOIN timebank_entries e ON e.journal_id = j.id
    GROUP BY j.id HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) < 2`.execute(db)
  const drifted = await sql<{ id: string }>`
    SELECT a.id FROM timebank_accounts a LEFT JOIN timebank_entries e ON e.account_id = a.id
    GROUP BY a.id, a.balance HAVING a.balance <> coalesce(sum(e.amount), 0)`.execute(db)
  const negative = await sql<{ id: string }>`SELECT id FROM timebank_accounts WHERE kind <> 'issuing' AND balance < 0`.execute(db)
  return { unbalancedJournals: unbalanced.rows.map((r) => r.id), driftedAccounts: drifted.rows.map((r) => r.id), negativeMembers: negative.rows.map((r) => r.id) }
}

// ---- groups: more than one volunteer (0009) ----

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

// ---- nearby (0009) ----

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

/** Groups the volunteer already has a place in are not offered again. */
export function notJoinedBy(volunteerId: string) {
  return sql<boolean>`NOT EXISTS (SELECT 1 FROM timebank_requests p WHERE p.parent_id = r.id AND p.volunteer_id = ${volunteerId} AND p.status <> 'cancelled')`
}

// ---- far check-in review (0009) ----

export async function listReviewRequests(db: Kdb, scopePaths: string[], limit: number, cursor?: string): Promise<Page<RequestRow>> {
  if (scopePaths.length === 0) return { items: [], nextCursor: null }
  let query = requestsWithNames(db)
    .where('r.check_in_review', '=', 'pending')
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
  if (cursor) query = query.where('r.id', '<', cursor)
  const rows = await query.orderBy('r.id', 'desc').limit(limit + 1).execute()
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

// ---- people, adjustments (0009) ----

export async function findPersonInScope(db: Kdb, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.birth_date', 'u.phone', 'u.community_id', 'c.path as community_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

// ---- volunteer applications (0009) ----

export async function insertApplication(tx: Kdb, a: { id: string; userId: string; communityId: string; skills: string; now: Date }): Promise<void> {
  await tx.insertInto('timebank_volunteer_applications').values({ id: a.id, user_id: a.userId, community_id: a.communityId, skills: a.skills, status: 'pending', created_at: a.now }).execute()
}

function applicationsWithPeople(db: Kdb) {
  return db
    .selectFrom('timebank_volunteer_applications as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_units as c', 'c.id', 'a.community_id')
    .select(['a.id', 'a.user_id', 'a.community_id', 'a.skills', 'a.status', 'a.reason', 'a.created_at', 'u.name', 'u.birth_date', 'u.phone', 'c.path as community_path'])
}

export async function findApplication(db: Kdb, id: string) {
  return applicationsWithPeople(db).where('a.id', '=', id).executeTakeFirst()
}

export async function latestApplicationOf(db: Kdb, userId: string) {
  return applicationsWithPeople(db).where('a.user_id', '=', userId).orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').executeTakeFirst()
}

export async function listApplications(db: Kdb, scopePaths: string[], status: 'pending' | 'verified' | 'rejected', limit: number) {
  if (scopePaths.length === 0) return []
  return applicationsWithPeople(db)
    .where('a.status', '=', status)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

/** Decide a pending application (single guarded UPDATE); verified → role volunteer in the community. */
export async function decideApplication(tx: Kdb, id: string, d: { status: 'verified' | 'rejected'; by: string; reason: string | null; now: Date }): Promise<{ user_id: string; community_id: string } | undefined> {
  return tx
    .updateTable('timebank_volunteer_applications')
    .set({ status: d.status, decided_by: d.by, decided_at: d.now, reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning(['user_id', 'community_id'])
    .executeTakeFirst()
}

export async function grantVolunteerRole(tx: Kdb, userId: string, communityId: string, now: Date): Promise<void> {
  await tx
    .insertInto('role_assignments')
    .values({ id: newId(), user_id: userId, role: 'volunteer', org_unit_id: communityId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'org_unit_id']).doNothing())
    .execute()
}

// ---- monthly report (0009) ----

/**
 * 月度时长报表: per volunteer in scope, services confirmed in the month (Shanghai) and the minutes
 * credited for them, plus staff adjustments posted in the month.
 */
export async function monthlyHours(db: Kdb, scopePaths: string[], from: Date, to: Date) {
  if (scopePaths.length === 0) return []
  const scope = sql.join(scopePaths.map((p) => sql`c.path LIKE ${`${p}%`}`), sql` OR `)
  const r = await sql<{ volunteer_id: string; name: string; community_name: string; services: number; minutes: number; adjust_minutes: number }>`
    WITH served AS (
      SELECT r.volunteer_id, r.community_id, count(*)::int AS services, coalesce(sum(r.credited_minutes), 0)::int AS minutes
      FROM timebank_requests r JOIN org_units c ON c.id = r.community_id
      WHERE r.status = 'confirmed' AND r.confirmed_at >= ${from} AND r.confirmed_at < ${to} AND (${scope})
      GROUP BY r.volunteer_id, r.community_id),
    adjusted AS (
      SELECT j.subject_id AS volunteer_id, u.community_id, sum(e.amount)::int AS adjust_minutes
      FROM timebank_journals j
      JOIN timebank_entries e ON e.journal_id = j.id
      JOIN timebank_accounts a ON a.id = e.account_id AND a.user_id = j.subject_id
      JOIN users u ON u.id = j.subject_id JOIN org_units c ON c.id = u.community_id
      WHERE j.kind = 'adjust' AND j.created_at >= ${from} AND j.created_at < ${to} AND (${scope})
      GROUP BY j.subject_id, u.community_id)
    SELECT coalesce(s.volunteer_id, a.volunteer_id) AS volunteer_id, u.name, c.name AS community_name,
           coalesce(s.services, 0) AS services, coalesce(s.minutes, 0) AS minutes, coalesce(a.adjust_minutes, 0) AS adjust_minutes
    FROM served s FULL JOIN adjusted a ON a.volunteer_id = s.volunteer_id AND a.community_id = s.community_id
    JOIN users u ON u.id = coalesce(s.volunteer_id, a.volunteer_id)
    JOIN org_units c ON c.id = coalesce(s.community_id, a.community_id)
    ORDER BY c.name, coalesce(s.minutes, 0) DESC, u.name`.execute(db)
  return r.rows
}

/** When the person's first credited service took place (the start of a certificate's period). */
export async function firstServiceAt(db: Kdb, userId: string): Promise<Date | null> {
  const r = await sql<{ at: Date | null }>`
    SELECT min(coalesce(r.check_in_at, j.created_at)) AS at FROM timebank_journals j
    JOIN timebank_requests r ON r.id = j.request_id
    WHERE j.kind = 'serve' AND r.volunteer_id = ${userId}`.execute(db)
  const at = r.rows[0]?.at
  return at ? new Date(at) : null
}

/** Verified volunteers (role volunteer) in the staff member's scope, for 派单. */
export async function listVolunteersIn(db: Kdb, scopePaths: string[], limit: number) {
  if (scopePaths.length === 0) return []
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .innerJoin('org_units as o', 'o.id', 'ra.org_unit_id')
    .select(['u.id', 'u.name', 'u.birth_date', 'o.name as community_name'])
    .where('ra.role', '=', 'volunteer')
    .where((eb) => eb.or(scopePaths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('u.name')
    .orderBy('u.id')
    .limit(limit)
    .execute()
}
