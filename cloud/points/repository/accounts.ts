import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'
import { ensureAccount, systemAccountId } from '../../ledger'
import { POINTS_LEDGER } from './ledger'

export type SystemKind = 'issuing' | 'shop' | 'expiry'

/** Concurrent earns spread over this many issuing (and shop) rows instead of queueing on one. */
export { SYSTEM_SLOTS, slotOf, systemAccountId } from '../../ledger'

/** The account of a resident in a community, created on first use (committed on its own). */
export function ensureResidentAccount(db: Kdb, communityId: string, userId: string, now: Date): Promise<string> {
  return ensureAccount(db, POINTS_LEDGER, { id: newId(), community_id: communityId, kind: 'resident', user_id: userId, created_at: now }, { community_id: communityId, user_id: userId })
}

/** A community's system account (issuing, shop, expiry) in one of its slots; its id sorts after every resident's. */
export function ensureSystemAccount(db: Kdb, communityId: string, kind: SystemKind, slot: number, now: Date): Promise<string> {
  return ensureAccount(db, POINTS_LEDGER, { id: systemAccountId(), community_id: communityId, kind, slot, created_at: now }, { community_id: communityId, kind, slot, user_id: null })
}

export async function findResidentAccount(db: Kdb, communityId: string, userId: string) {
  return db.selectFrom('points_accounts').select(['id', 'available', 'held']).where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst()
}

export async function lockAccount(tx: Kdb, accountId: string) {
  return tx.selectFrom('points_accounts').select(['id', 'available', 'held', 'user_id']).where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow()
}

export async function staffOfCommunity(db: Kdb, communityId: string): Promise<string[]> {
  const r = await db.selectFrom('role_assignments').select('user_id').where('org_unit_id', '=', communityId).where('role', '=', 'community_staff').execute()
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

export async function residentTotals(db: Kdb, communityId: string) {
  const r = await sql<{ available: number | null; held: number | null }>`
    SELECT sum(available)::bigint AS available, sum(held)::bigint AS held FROM points_accounts WHERE community_id = ${communityId} AND kind = 'resident'`.execute(db)
  return { available: Number(r.rows[0]?.available ?? 0), held: Number(r.rows[0]?.held ?? 0) }
}

/** Whose account it is (null for a system account). */
export async function accountOwner(db: Kdb, accountId: string): Promise<string | null> {
  const r = await db.selectFrom('points_accounts').select('user_id').where('id', '=', accountId).executeTakeFirstOrThrow()
  return r.user_id
}
