import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import type { TimebankRequestsTable, TimebankStatus } from './timebank.tables'
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
  q: { communityId: string; now: Date; serviceType?: string; from?: Date; to?: Date; cursor?: { startsAt: Date; id: string }; limit: number },
): Promise<Page<RequestRow>> {
  let query = requestsWithNames(db).where('r.community_id', '=', q.communityId).where('r.status', '=', 'open').where('r.starts_at', '>', q.now)
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
export async function listRequestsOf(db: Kdb, userId: string, role: 'mine' | 'serving', limit: number, cursor?: string): Promise<Page<RequestRow>> {
  let query = requestsWithNames(db)
  query =
    role === 'serving'
      ? query.where('r.volunteer_id', '=', userId)
      : query.where((eb) => eb.or([eb('r.elder_id', '=', userId), eb('r.requested_by', '=', userId)]))
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

export async function insertCertificate(db: Kdb, c: { code: string; userId: string; totalMinutes: number; services: number; now: Date }): Promise<void> {
  await db.insertInto('timebank_certificates').values({ code: c.code, user_id: c.userId, total_minutes: c.totalMinutes, services: c.services, issued_at: c.now }).execute()
}

export async function findCertificate(db: Kdb, code: string) {
  return db
    .selectFrom('timebank_certificates as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.code', 't.user_id', 't.total_minutes', 't.services', 't.issued_at', 'u.name'])
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
