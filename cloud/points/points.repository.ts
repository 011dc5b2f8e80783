import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { AppError } from '../platform/errors'
import { newId } from '../platform/ids'
import type { TJournalKind } from '../../types/points'

/**
 * All SQL of 积分制. The ledger is append-only double entry:
 * - a journal per business event, entries that sum to zero, against accounts;
 * - the account row caches `available` and `held` (CHECKs keep them ≥ 0) and is changed in the same
 *   transaction as its entries, one single-statement UPDATE per account, in account-id order
 *   (so two postings never wait on each other in opposite orders);
 * - lots remember when credited points expire; spending draws the oldest lots first.
 */

export type Bucket = 'available' | 'held'
export interface Line {
  accountId: string
  bucket: Bucket
  amount: number
}
export type SystemKind = 'issuing' | 'shop' | 'expiry'

/** Concurrent earns spread over this many issuing (and shop) rows instead of queueing on one. */
export const SYSTEM_SLOTS = 16

// ---- accounts ----

// Account ids never change once committed, so they are remembered per database.
const accountCache = new WeakMap<Kdb, Map<string, string>>()
function cacheFor(db: Kdb): Map<string, string> {
  let m = accountCache.get(db)
  if (!m) accountCache.set(db, (m = new Map()))
  return m
}

/** The account of a resident in a community, created on first use (committed on its own). */
export async function ensureResidentAccount(db: Kdb, communityId: string, userId: string, now: Date): Promise<string> {
  const key = `r:${communityId}:${userId}`
  const cache = cacheFor(db)
  const hit = cache.get(key)
  if (hit) return hit
  for (let i = 0; i < 3; i++) {
    const row = await sql<{ id: string }>`
      WITH ins AS (
        INSERT INTO points_accounts (id, community_id, kind, user_id, created_at)
        VALUES (${newId()}, ${communityId}, 'resident', ${userId}, ${now})
        ON CONFLICT DO NOTHING RETURNING id)
      SELECT id FROM ins
      UNION ALL SELECT id FROM points_accounts WHERE community_id = ${communityId} AND user_id = ${userId}
      LIMIT 1`.execute(db)
    if (row.rows[0]) {
      cache.set(key, row.rows[0].id)
      return row.rows[0].id
    }
  }
  throw new Error('could not create points account')
}

/** Ids above every uuid v7 (ffffffff-…): system rows sort after residents' and are locked last. */
export function systemAccountId(): string {
  const hex = newId().replace(/-/g, '')
  return `ffffffff-${hex.slice(20, 24)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

export async function ensureSystemAccount(db: Kdb, communityId: string, kind: SystemKind, slot: number, now: Date): Promise<string> {
  const key = `${kind}:${communityId}:${slot}`
  const cache = cacheFor(db)
  const hit = cache.get(key)
  if (hit) return hit
  for (let i = 0; i < 3; i++) {
    const row = await sql<{ id: string }>`
      WITH ins AS (
        INSERT INTO points_accounts (id, community_id, kind, slot, created_at)
        VALUES (${systemAccountId()}, ${communityId}, ${kind}, ${slot}, ${now})
        ON CONFLICT DO NOTHING RETURNING id)
      SELECT id FROM ins
      UNION ALL SELECT id FROM points_accounts WHERE community_id = ${communityId} AND kind = ${kind} AND slot = ${slot} AND user_id IS NULL
      LIMIT 1`.execute(db)
    if (row.rows[0]) {
      cache.set(key, row.rows[0].id)
      return row.rows[0].id
    }
  }
  throw new Error('could not create points system account')
}

/** A slot chosen from an id, so one person's postings always hit the same issuing row. */
export function slotOf(id: string): number {
  let h = 0
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0
  return Math.abs(h) % SYSTEM_SLOTS
}

export async function findResidentAccount(db: Kdb, communityId: string, userId: string) {
  return db
    .selectFrom('points_accounts')
    .select(['id', 'available', 'held'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

// ---- posting ----

export interface JournalInput {
  id?: string
  communityId: string
  kind: TJournalKind
  memo: string
  actorId?: string | null
  reversesId?: string | null
  reason?: string | null
  now: Date
}

/**
 * Posts one journal: entries must sum to zero. Each account's balances move in one UPDATE, in id
 * order; an update that would take available (non-issuing) or held below zero matches no row and
 * the whole posting is refused with INSUFFICIENT_POINTS (the CHECKs are the backstop).
 */
export async function postJournal(tx: Kdb, journal: JournalInput, lines: Line[]): Promise<string> {
  if (lines.length < 2 || lines.reduce((s, l) => s + l.amount, 0) !== 0 || lines.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)) {
    throw new Error(`unbalanced journal ${journal.kind}: ${JSON.stringify(lines)}`)
  }
  const id = journal.id ?? newId()
  // the journal and its entries first (no row locks on anything shared) …
  await sql`
    WITH j AS (
      INSERT INTO points_journals (id, community_id, kind, memo, actor_id, reverses_id, reason, created_at)
      VALUES (${id}, ${journal.communityId}, ${journal.kind}, ${journal.memo.slice(0, 200)}, ${journal.actorId ?? null}, ${journal.reversesId ?? null}, ${journal.reason ?? null}, ${journal.now})
      RETURNING id)
    INSERT INTO points_entries (journal_id, account_id, community_id, bucket, amount, created_at)
    SELECT j.id, l.account_id, ${journal.communityId}::uuid, l.bucket, l.amount, ${journal.now}::timestamptz
    FROM j, unnest(${lines.map((l) => l.accountId)}::uuid[], ${lines.map((l) => l.bucket)}::text[], ${lines.map((l) => l.amount)}::bigint[]) AS l(account_id, bucket, amount)`.execute(tx)
  // … then the balances, one guarded UPDATE per account in id order (system rows sort last)
  const deltas = new Map<string, { available: number; held: number }>()
  for (const l of lines) {
    const d = deltas.get(l.accountId) ?? { available: 0, held: 0 }
    d[l.bucket] += l.amount
    deltas.set(l.accountId, d)
  }
  for (const accountId of [...deltas.keys()].sort()) {
    const d = deltas.get(accountId)!
    if (d.available === 0 && d.held === 0) continue
    const updated = await sql<{ id: string }>`
      UPDATE points_accounts
      SET available = available + ${d.available}, held = held + ${d.held}, version = version + 1
      WHERE id = ${accountId}
        AND (kind = 'issuing' OR available + ${d.available} >= 0)
        AND held + ${d.held} >= 0
      RETURNING id`.execute(tx)
    if (updated.rows.length === 0) throw new AppError('INSUFFICIENT_POINTS', { accountId })
  }
  return id
}

// ---- lots ----

/** A credit's lot and the earning it settles, in one statement (before the journal: FKs are deferred). */
export async function addLotAndSettle(
  tx: Kdb,
  v: { accountId: string; journalId: string; amount: number; expiresOn: string; now: Date; earningId: string; fromStatus: 'pending' | 'capped'; reason: string | null; decidedBy: string | null },
): Promise<boolean> {
  const r = await sql<{ id: string }>`
    WITH lot AS (
      INSERT INTO points_lots (id, account_id, journal_id, amount, remaining, expires_on, created_at)
      VALUES (${newId()}, ${v.accountId}, ${v.journalId}, ${v.amount}, ${v.amount}, ${v.expiresOn}, ${v.now}))
    UPDATE points_earnings SET status = 'credited', points = ${v.amount}, reason = ${v.reason}, journal_id = ${v.journalId},
      decided_by = ${v.decidedBy}, decided_at = ${v.decidedBy ? v.now : null}
    WHERE id = ${v.earningId} AND status = ${v.fromStatus}
    RETURNING id`.execute(tx)
  return r.rows.length === 1
}

export async function addLot(tx: Kdb, lot: { accountId: string; journalId: string; amount: number; expiresOn: string; now: Date }): Promise<void> {
  await tx
    .insertInto('points_lots')
    .values({ id: newId(), account_id: lot.accountId, journal_id: lot.journalId, amount: lot.amount, remaining: lot.amount, expires_on: lot.expiresOn, created_at: lot.now })
    .execute()
}

/**
 * Takes `amount` from the account's open lots, oldest expiry first (lots of `preferJournalId`, the
 * credit being reversed, before any other), and records the draws. Called after the account row was
 * updated in the same transaction, which holds its lock: no one else draws concurrently.
 */
export async function drawLots(tx: Kdb, accountId: string, journalId: string, amount: number, preferJournalId: string | null = null): Promise<void> {
  const drawn = await sql<{ total: number | null }>`
    WITH ordered AS (
      SELECT id, remaining,
             sum(remaining) OVER (ORDER BY (journal_id = ${preferJournalId}) IS NOT TRUE, expires_on, id) AS running
      FROM points_lots
      WHERE account_id = ${accountId} AND remaining > 0
    ), take AS (
      SELECT id, LEAST(remaining, ${amount}::bigint - (running - remaining)) AS amt
      FROM ordered WHERE running - remaining < ${amount}::bigint
    ), upd AS (
      UPDATE points_lots l SET remaining = l.remaining - take.amt FROM take WHERE l.id = take.id
      RETURNING l.id, take.amt
    ), ins AS (
      INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, amt FROM upd RETURNING amount
    )
    SELECT sum(amount)::bigint AS total FROM ins`.execute(tx)
  if (Number(drawn.rows[0]?.total ?? 0) !== amount) throw new Error(`lots of ${accountId} do not cover ${amount}`)
}

/** Gives back what a journal drew (a released hold), to the same lots. */
export async function restoreDraws(tx: Kdb, fromJournalId: string, journalId: string): Promise<void> {
  await sql`
    WITH d AS (SELECT lot_id, sum(amount) AS amt FROM points_lot_draws WHERE journal_id = ${fromJournalId} GROUP BY lot_id),
    upd AS (UPDATE points_lots l SET remaining = l.remaining + d.amt FROM d WHERE l.id = d.lot_id RETURNING l.id, d.amt)
    INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, -amt FROM upd`.execute(tx)
}

// ---- earning ----

export async function findRule(db: Kdb, id: string) {
  return db
    .selectFrom('points_rules as r')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .selectAll('r')
    .select('c.path as community_path')
    .where('r.id', '=', id)
    .executeTakeFirst()
}
export type RuleRow = NonNullable<Awaited<ReturnType<typeof findRule>>>

export async function findActiveRuleByKind(db: Kdb, communityId: string, kind: string, onDate: string) {
  return db
    .selectFrom('points_rules as r')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .selectAll('r')
    .select('c.path as community_path')
    .where('r.community_id', '=', communityId)
    .where('r.kind', '=', kind)
    .where('r.active', '=', true)
    .where((eb) => eb.or([eb('r.active_from', 'is', null), eb('r.active_from', '<=', onDate)]))
    .where((eb) => eb.or([eb('r.active_until', 'is', null), eb('r.active_until', '>=', onDate)]))
    .orderBy('r.created_at')
    .executeTakeFirst()
}

export async function listRules(db: Kdb, communityId: string, onlyActiveOn: string | null) {
  let q = db.selectFrom('points_rules').selectAll().where('community_id', '=', communityId)
  if (onlyActiveOn) {
    q = q
      .where('active', '=', true)
      .where((eb) => eb.or([eb('active_from', 'is', null), eb('active_from', '<=', onlyActiveOn)]))
      .where((eb) => eb.or([eb('active_until', 'is', null), eb('active_until', '>=', onlyActiveOn)]))
  }
  return q.orderBy('created_at').execute()
}

export interface RuleValues {
  kind: string
  name: string
  description: string
  points: number
  needs_review: boolean
  daily_cap: number | null
  monthly_cap: number | null
  active_from: string | null
  active_until: string | null
  active: boolean
}

export async function insertRule(db: Kdb, communityId: string, values: RuleValues, actorId: string, now: Date) {
  return db
    .insertInto('points_rules')
    .values({ id: newId(), community_id: communityId, ...values, created_by: actorId, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateRule(db: Kdb, id: string, values: RuleValues, now: Date) {
  return db
    .updateTable('points_rules')
    .set((eb) => ({ ...values, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The idempotency key of an earn. Returns null when this (source, rule) was already recorded. */
export async function insertEarning(
  tx: Kdb,
  e: { id: string; communityId: string; userId: string; ruleId: string; sourceType: 'report' | 'event' | 'application' | 'timebank' | 'seed'; sourceId: string; status: 'pending' | 'capped'; note: string; now: Date },
): Promise<string | null> {
  const row = await tx
    .insertInto('points_earnings')
    .values({
      id: e.id,
      community_id: e.communityId,
      user_id: e.userId,
      rule_id: e.ruleId,
      source_type: e.sourceType,
      source_id: e.sourceId,
      status: e.status,
      points: 0,
      note: e.note,
      created_at: e.now,
    })
    .onConflict((oc) => oc.constraint('points_earnings_source').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}

export async function findEarningBySource(db: Kdb, sourceType: string, sourceId: string, ruleId: string) {
  return earningsQuery(db).where('e.source_type', '=', sourceType as 'report').where('e.source_id', '=', sourceId).where('e.rule_id', '=', ruleId).executeTakeFirst()
}

function earningsQuery(db: Kdb) {
  return db
    .selectFrom('points_earnings as e')
    .innerJoin('points_rules as r', 'r.id', 'e.rule_id')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .innerJoin('org_units as c', 'c.id', 'e.community_id')
    .select([
      'e.id',
      'e.community_id',
      'e.user_id',
      'e.rule_id',
      'e.status',
      'e.points',
      'e.note',
      'e.reason',
      'e.created_at',
      'e.source_type',
      'r.name as rule_name',
      'u.name as user_name',
      'c.path as community_path',
    ])
}
export type EarningRow = NonNullable<Awaited<ReturnType<ReturnType<typeof earningsQuery>['executeTakeFirst']>>>

export async function findEarning(db: Kdb, id: string) {
  return earningsQuery(db).where('e.id', '=', id).executeTakeFirst()
}

export async function listEarnings(db: Kdb, communityId: string, status: string, limit: number, cursor: string | undefined) {
  let q = earningsQuery(db).where('e.community_id', '=', communityId).where('e.status', '=', status as 'pending')
  if (cursor) q = q.where('e.id', '<', cursor)
  return q.orderBy('e.id', 'desc').limit(limit + 1).execute()
}

export async function settleEarning(
  tx: Kdb,
  id: string,
  values: { status: 'credited' | 'capped' | 'rejected'; points: number; reason: string | null; journalId: string | null; decidedBy?: string | null; now: Date },
  fromStatus: 'pending' | 'capped',
): Promise<boolean> {
  const r = await tx
    .updateTable('points_earnings')
    .set({ status: values.status, points: values.points, reason: values.reason, journal_id: values.journalId, decided_by: values.decidedBy ?? null, decided_at: values.decidedBy ? values.now : null })
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/**
 * Caps: the counters of this person × rule for the day and the month are locked (upserted) first,
 * then raised by what is granted — all inside the caller's transaction, so two concurrent credits
 * cannot both slip under a cap. Returns the points that fit.
 */
export async function takeFromCaps(
  tx: Kdb,
  c: { userId: string; ruleId: string; want: number; caps: { period: string; cap: number }[] },
): Promise<{ grant: number; limitedBy: string[] }> {
  if (c.caps.length === 0) return { grant: c.want, limitedBy: [] }
  const rows = await sql<{ period: string; points: number }>`
    INSERT INTO points_cap_counters (user_id, rule_id, period, points)
    SELECT ${c.userId}, ${c.ruleId}, p, 0 FROM unnest(${c.caps.map((x) => x.period)}::text[]) AS p ORDER BY p
    ON CONFLICT (user_id, rule_id, period) DO UPDATE SET points = points_cap_counters.points
    RETURNING period, points`.execute(tx)
  let grant = c.want
  const limitedBy: string[] = []
  for (const cap of c.caps) {
    const left = Math.max(0, cap.cap - (rows.rows.find((r) => r.period === cap.period)?.points ?? 0))
    if (left < c.want) limitedBy.push(cap.period)
    grant = Math.min(grant, left)
  }
  if (grant > 0) {
    await tx
      .updateTable('points_cap_counters')
      .set((eb) => ({ points: eb('points', '+', grant) }))
      .where('user_id', '=', c.userId)
      .where('rule_id', '=', c.ruleId)
      .where(
        'period',
        'in',
        c.caps.map((x) => x.period),
      )
      .execute()
  }
  return { grant, limitedBy }
}

// ---- events ----

export async function insertEvent(db: Kdb, e: { id: string; communityId: string; ruleId: string; title: string; actorId: string; now: Date }) {
  await db.insertInto('points_events').values({ id: e.id, community_id: e.communityId, rule_id: e.ruleId, title: e.title, created_by: e.actorId, created_at: e.now }).execute()
}
export async function findEvent(db: Kdb, id: string) {
  return db.selectFrom('points_events').selectAll().where('id', '=', id).executeTakeFirst()
}

// ---- goods and redemptions ----

function goodsQuery(db: Kdb) {
  return db.selectFrom('points_goods as g').innerJoin('org_units as c', 'c.id', 'g.community_id').selectAll('g').select('c.path as community_path')
}
export type GoodsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof goodsQuery>['executeTakeFirst']>>>

export async function findGoods(db: Kdb, id: string) {
  return goodsQuery(db).where('g.id', '=', id).executeTakeFirst()
}

export async function listGoods(db: Kdb, communityId: string, activeAt: Date | null) {
  let q = goodsQuery(db).where('g.community_id', '=', communityId)
  if (activeAt) {
    q = q
      .where('g.active', '=', true)
      .where((eb) => eb.or([eb('g.active_from', 'is', null), eb('g.active_from', '<=', activeAt)]))
      .where((eb) => eb.or([eb('g.active_until', 'is', null), eb('g.active_until', '>', activeAt)]))
  }
  return q.orderBy('g.price').orderBy('g.id').execute()
}

export interface GoodsValues {
  name: string
  description: string
  photo_url: string | null
  kind: 'goods' | 'property_voucher' | 'service'
  price: number
  stock: number
  per_person_limit: number | null
  active_from: Date | null
  active_until: Date | null
  active: boolean
}

export async function insertGoods(db: Kdb, communityId: string, values: GoodsValues, now: Date) {
  const id = newId()
  await db.insertInto('points_goods').values({ id, community_id: communityId, ...values, created_at: now, updated_at: now }).execute()
  return id
}

export async function updateGoods(db: Kdb, id: string, values: GoodsValues, now: Date) {
  await db
    .updateTable('points_goods')
    .set((eb) => ({ ...values, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

/** Reserves one: refused (no row) when none are left. Single statement: no oversell. */
export async function takeStock(tx: Kdb, goodsId: string): Promise<boolean> {
  const r = await tx
    .updateTable('points_goods')
    .set((eb) => ({ stock: eb('stock', '-', 1), version: eb('version', '+', 1) }))
    .where('id', '=', goodsId)
    .where('stock', '>', 0)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function returnStock(tx: Kdb, goodsId: string): Promise<void> {
  await tx
    .updateTable('points_goods')
    .set((eb) => ({ stock: eb('stock', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', goodsId)
    .execute()
}

export async function countLiveRedemptions(tx: Kdb, goodsId: string, userId: string): Promise<number> {
  const r = await tx
    .selectFrom('points_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('goods_id', '=', goodsId)
    .where('user_id', '=', userId)
    .where('status', 'in', ['held', 'redeemed'])
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function insertRedemption(
  tx: Kdb,
  r: { id: string; communityId: string; goodsId: string; userId: string; accountId: string; points: number; code: string; holdJournalId: string; holdUntil: Date; now: Date },
) {
  await tx
    .insertInto('points_redemptions')
    .values({
      id: r.id,
      community_id: r.communityId,
      goods_id: r.goodsId,
      user_id: r.userId,
      account_id: r.accountId,
      points: r.points,
      code: r.code,
      status: 'held',
      hold_journal_id: r.holdJournalId,
      hold_until: r.holdUntil,
      created_at: r.now,
    })
    .execute()
}

function redemptionsQuery(db: Kdb) {
  return db
    .selectFrom('points_redemptions as r')
    .innerJoin('points_goods as g', 'g.id', 'r.goods_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('org_units as c', 'c.id', 'r.community_id')
    .selectAll('r')
    .select(['g.name as goods_name', 'u.name as user_name', 'c.path as community_path'])
}
export type RedemptionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof redemptionsQuery>['executeTakeFirst']>>>

export async function findRedemption(db: Kdb, id: string) {
  return redemptionsQuery(db).where('r.id', '=', id).executeTakeFirst()
}
export async function findHeldRedemptionByCode(db: Kdb, communityId: string, code: string) {
  return redemptionsQuery(db).where('r.community_id', '=', communityId).where('r.code', '=', code).where('r.status', '=', 'held').executeTakeFirst()
}
export async function listRedemptionsOf(db: Kdb, userId: string, limit: number, cursor: string | undefined) {
  let q = redemptionsQuery(db).where('r.user_id', '=', userId)
  if (cursor) q = q.where('r.id', '<', cursor)
  return q.orderBy('r.id', 'desc').limit(limit + 1).execute()
}

/** held → redeemed | released | cancelled, once: the losing side of a race matches no row. */
export async function closeRedemption(
  tx: Kdb,
  id: string,
  to: 'redeemed' | 'released' | 'cancelled',
  v: { journalId: string; by: string | null; now: Date },
): Promise<boolean> {
  const r = await tx
    .updateTable('points_redemptions')
    .set({ status: to, close_journal_id: v.journalId, redeemed_by: to === 'redeemed' ? v.by : null, closed_at: v.now })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function dueHolds(db: Kdb, now: Date, limit: number) {
  return db.selectFrom('points_redemptions').select('id').where('status', '=', 'held').where('hold_until', '<=', now).orderBy('hold_until').limit(limit).execute()
}

// ---- reading the ledger ----

export async function findJournal(db: Kdb, id: string) {
  return db
    .selectFrom('points_journals as j')
    .innerJoin('org_units as c', 'c.id', 'j.community_id')
    .selectAll('j')
    .select('c.path as community_path')
    .where('j.id', '=', id)
    .executeTakeFirst()
}

export async function journalEntries(db: Kdb, journalId: string) {
  return db
    .selectFrom('points_entries as e')
    .innerJoin('points_accounts as a', 'a.id', 'e.account_id')
    .select(['e.account_id', 'e.bucket', 'e.amount', 'a.kind as account_kind'])
    .where('e.journal_id', '=', journalId)
    .orderBy('e.id')
    .execute()
}

export async function history(db: Kdb, accountId: string, limit: number, cursor: number | null) {
  let q = db
    .selectFrom('points_entries as e')
    .innerJoin('points_journals as j', 'j.id', 'e.journal_id')
    .select(['e.id', 'e.journal_id', 'e.bucket', 'e.amount', 'e.created_at', 'j.kind', 'j.memo', 'j.reason'])
    .where('e.account_id', '=', accountId)
  if (cursor !== null) q = q.where('e.id', '<', cursor)
  return q.orderBy('e.id', 'desc').limit(limit + 1).execute()
}

export async function balanceSummary(db: Kdb, accountId: string, yearEnd: string, yearStart: Date) {
  const r = await sql<{ available: number; held: number; expiring: number | null; earned: number | null }>`
    SELECT a.available, a.held,
      (SELECT sum(remaining) FROM points_lots WHERE account_id = a.id AND remaining > 0 AND expires_on <= ${yearEnd}) AS expiring,
      -- credited this year = the lots opened this year (earns and positive adjustments)
      (SELECT sum(amount) FROM points_lots WHERE account_id = a.id AND created_at >= ${yearStart}) AS earned
    FROM points_accounts a WHERE a.id = ${accountId}`.execute(db)
  const row = r.rows[0]
  return { available: Number(row.available), held: Number(row.held), expiring: Number(row.expiring ?? 0), earned: Number(row.earned ?? 0) }
}

/** Net points earned in [from, to) per resident of a community (earns, corrections, adjustments). */
export async function earnedBetween(db: Kdb, communityId: string, from: Date, to: Date, limit: number) {
  const r = await sql<{ user_id: string; name: string; points: number }>`
    SELECT a.user_id, u.name, sum(e.amount)::bigint AS points
    FROM points_entries e
    JOIN points_journals j ON j.id = e.journal_id
    JOIN points_accounts a ON a.id = e.account_id
    JOIN users u ON u.id = a.user_id
    WHERE e.community_id = ${communityId} AND a.kind = 'resident' AND e.bucket = 'available'
      AND j.kind IN ('earn', 'reverse', 'adjust') AND e.created_at >= ${from} AND e.created_at < ${to}
    GROUP BY a.user_id, u.name
    HAVING sum(e.amount) > 0
    ORDER BY points DESC, a.user_id
    LIMIT ${limit}`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points) }))
}

// ---- expiry ----

/** Resident accounts with lots that ended before `today`, with what is left in them. */
export async function accountsWithExpiredLots(db: Kdb, today: string, limit: number) {
  const r = await sql<{ account_id: string; community_id: string; total: number }>`
    SELECT l.account_id, a.community_id, sum(l.remaining)::bigint AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE l.remaining > 0 AND l.expires_on < ${today}
    GROUP BY l.account_id, a.community_id
    ORDER BY l.account_id
    LIMIT ${limit}`.execute(db)
  return r.rows.map((x) => ({ ...x, total: Number(x.total) }))
}

/** Empties the expired lots of one account (caller holds the account's lock); returns the points. */
export async function drainExpiredLots(tx: Kdb, accountId: string, today: string, journalId: string): Promise<number> {
  const r = await sql<{ total: number | null }>`
    WITH upd AS (
      UPDATE points_lots l SET remaining = 0
      FROM (SELECT id, remaining FROM points_lots WHERE account_id = ${accountId} AND remaining > 0 AND expires_on < ${today}) old
      WHERE l.id = old.id RETURNING l.id, old.remaining),
    ins AS (INSERT INTO points_lot_draws (journal_id, lot_id, amount) SELECT ${journalId}, id, remaining FROM upd RETURNING amount)
    SELECT sum(amount)::bigint AS total FROM ins`.execute(tx)
  return Number(r.rows[0]?.total ?? 0)
}

export async function lockAccount(tx: Kdb, accountId: string) {
  return tx.selectFrom('points_accounts').select(['id', 'available', 'held']).where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow()
}

/** Residents with points in lots that end on `expiresOn`, for the month-before notice. */
export async function expiringByUser(db: Kdb, expiresOn: string) {
  const r = await sql<{ user_id: string; total: number }>`
    SELECT a.user_id, sum(l.remaining)::bigint AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE l.remaining > 0 AND l.expires_on = ${expiresOn} AND a.kind = 'resident'
    GROUP BY a.user_id ORDER BY a.user_id`.execute(db)
  return r.rows.map((x) => ({ userId: x.user_id, total: Number(x.total) }))
}

// ---- reconciliation ----

export async function reconcileCommunity(db: Kdb, communityId: string) {
  const unbalanced = await sql<{ journal_id: string }>`
    SELECT journal_id FROM points_entries WHERE community_id = ${communityId}
    GROUP BY journal_id HAVING sum(amount) <> 0 LIMIT 100`.execute(db)
  // a journal with no entries at all is as wrong as one that does not sum to zero
  const empty = await sql<{ id: string }>`
    SELECT j.id FROM points_journals j WHERE j.community_id = ${communityId}
      AND NOT EXISTS (SELECT 1 FROM points_entries e WHERE e.journal_id = j.id) LIMIT 100`.execute(db)
  const drift = await sql<{ id: string; available: number; held: number; e_available: number; e_held: number; lots: number | null; kind: string }>`
    WITH sums AS (
      SELECT account_id,
             sum(amount) FILTER (WHERE bucket = 'available') AS e_available,
             sum(amount) FILTER (WHERE bucket = 'held') AS e_held
      FROM points_entries WHERE community_id = ${communityId} GROUP BY account_id),
    lots AS (
      SELECT l.account_id, sum(l.remaining) AS lots
      FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
      WHERE a.community_id = ${communityId} AND a.kind = 'resident' GROUP BY l.account_id)
    SELECT a.id, a.kind, a.available, a.held, coalesce(s.e_available, 0)::bigint AS e_available, coalesce(s.e_held, 0)::bigint AS e_held,
           CASE WHEN a.kind = 'resident' THEN coalesce(lots.lots, 0)::bigint END AS lots
    FROM points_accounts a
    LEFT JOIN sums s ON s.account_id = a.id
    LEFT JOIN lots ON lots.account_id = a.id
    WHERE a.community_id = ${communityId}
      AND (a.available <> coalesce(s.e_available, 0) OR a.held <> coalesce(s.e_held, 0)
           OR (a.kind = 'resident' AND a.available <> coalesce(lots.lots, 0))
           OR (a.kind <> 'issuing' AND a.available < 0) OR a.held < 0)
    LIMIT 100`.execute(db)
  const counts = await sql<{ journals: number; entries: number; accounts: number }>`
    SELECT (SELECT count(*) FROM points_journals WHERE community_id = ${communityId})::int AS journals,
           (SELECT count(*) FROM points_entries WHERE community_id = ${communityId})::int AS entries,
           (SELECT count(*) FROM points_accounts WHERE community_id = ${communityId})::int AS accounts`.execute(db)
  return {
    unbalancedJournals: [...unbalanced.rows.map((r) => r.journal_id), ...empty.rows.map((r) => r.id)],
    driftedAccounts: drift.rows.map((r) => ({
      accountId: r.id,
      available: Number(r.available),
      held: Number(r.held),
      entriesAvailable: Number(r.e_available),
      entriesHeld: Number(r.e_held),
      lots: r.lots === null ? null : Number(r.lots),
    })),
    ...counts.rows[0],
  }
}

export async function communitiesWithAccounts(db: Kdb): Promise<string[]> {
  const r = await db.selectFrom('points_accounts').select('community_id').distinct().execute()
  return r.map((x) => x.community_id)
}

export async function recordReconciliation(db: Kdb, communityId: string, ok: boolean, details: Record<string, unknown>, now: Date) {
  await db.insertInto('points_reconciliations').values({ id: newId(), community_id: communityId, ok, details: JSON.stringify(details), ran_at: now }).execute()
}

export async function staffOfCommunity(db: Kdb, communityId: string): Promise<string[]> {
  const r = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('org_unit_id', '=', communityId)
    .where('role', '=', 'community_staff')
    .execute()
  return r.map((x) => x.user_id)
}

export async function findCommunity(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('id', '=', id).where('kind', '=', 'community').executeTakeFirst()
}

export async function findResident(db: Kdb, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.community_id', 'c.path as community_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst()
}

// ---- staff: residents, adjustments, monthly report ----

/** Residents of a community by name (contains) or phone (contains digits), with their points. */
export async function searchResidents(db: Kdb, communityId: string, q: string, limit: number) {
  const digits = /^\d{3,11}$/.test(q)
  const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
  const r = await sql<{ id: string; name: string; phone: string | null; available: number | null; held: number | null }>`
    SELECT u.id, u.name, u.phone, a.available, a.held
    FROM users u
    LEFT JOIN points_accounts a ON a.community_id = u.community_id AND a.user_id = u.id
    WHERE u.community_id = ${communityId} AND u.username IS NULL
      AND ${digits ? sql`u.phone LIKE ${like}` : sql`u.name LIKE ${like}`}
    ORDER BY u.name, u.id
    LIMIT ${limit}`.execute(db)
  return r.rows.map((x) => ({ ...x, available: Number(x.available ?? 0), held: Number(x.held ?? 0) }))
}

/** The adjust journals of a community, newest first, with the resident, amount, reason and who did it. */
export async function listAdjustments(db: Kdb, communityId: string, limit: number, cursor: string | undefined) {
  const r = await sql<{ journal_id: string; user_id: string; user_name: string; points: number; reason: string; actor_name: string; created_at: Date }>`
    SELECT j.id AS journal_id, u.id AS user_id, u.name AS user_name, e.amount AS points, j.reason, actor.name AS actor_name, j.created_at
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id AND a.kind = 'resident'
    JOIN users u ON u.id = a.user_id
    JOIN users actor ON actor.id = j.actor_id
    WHERE j.community_id = ${communityId} AND j.kind = 'adjust' ${cursor ? sql`AND j.id < ${cursor}` : sql``}
    ORDER BY j.id DESC
    LIMIT ${limit + 1}`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points) }))
}

/** Per journal kind in [from, to): journals, points moved (half the absolute entries) and residents' net change. */
export async function ledgerByKind(db: Kdb, communityId: string, from: Date, to: Date) {
  const r = await sql<{ kind: TJournalKind; journals: number; points: number; resident_net: number }>`
    SELECT j.kind, count(DISTINCT j.id)::bigint AS journals, (sum(abs(e.amount)) / 2)::bigint AS points,
           coalesce(sum(e.amount) FILTER (WHERE a.kind = 'resident'), 0)::bigint AS resident_net
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id
    WHERE j.community_id = ${communityId} AND j.created_at >= ${from} AND j.created_at < ${to}
    GROUP BY j.kind`.execute(db)
  return r.rows.map((x) => ({ kind: x.kind, journals: Number(x.journals), points: Number(x.points), residentNet: Number(x.resident_net) }))
}

export async function residentTotals(db: Kdb, communityId: string) {
  const r = await sql<{ available: number | null; held: number | null }>`
    SELECT sum(available)::bigint AS available, sum(held)::bigint AS held FROM points_accounts WHERE community_id = ${communityId} AND kind = 'resident'`.execute(db)
  return { available: Number(r.rows[0]?.available ?? 0), held: Number(r.rows[0]?.held ?? 0) }
}

/** Every journal of [from, to) with its resident (if any), for the xlsx export, oldest first. */
export async function ledgerJournals(db: Kdb, communityId: string, from: Date, to: Date) {
  const r = await sql<{ id: string; kind: TJournalKind; memo: string; reason: string | null; created_at: Date; actor_name: string | null; user_name: string | null; phone: string | null; points: number; resident_net: number }>`
    SELECT j.id, j.kind, j.memo, j.reason, j.created_at, actor.name AS actor_name,
           max(u.name) AS user_name, max(u.phone) AS phone,
           (sum(abs(e.amount)) / 2)::bigint AS points,
           coalesce(sum(e.amount) FILTER (WHERE a.kind = 'resident'), 0)::bigint AS resident_net
    FROM points_journals j
    JOIN points_entries e ON e.journal_id = j.id
    JOIN points_accounts a ON a.id = e.account_id
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN users actor ON actor.id = j.actor_id
    WHERE j.community_id = ${communityId} AND j.created_at >= ${from} AND j.created_at < ${to}
    GROUP BY j.id, actor.name
    ORDER BY j.created_at, j.id`.execute(db)
  return r.rows.map((x) => ({ ...x, points: Number(x.points), resident_net: Number(x.resident_net) }))
}
