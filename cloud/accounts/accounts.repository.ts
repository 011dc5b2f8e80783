import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { Actor, ActorRole } from '../org'
import { isStaff } from '../org'
import type { TConsent, TUser, TNotice, TElder } from '../../types/accounts'
import type { TRole } from '../../types/org'
import { ageOn } from '../platform/clock'
import { maskPhone } from '../platform/privacy'
import { noticeLink } from '../platform/notices'

const userColumns = [
  'u.id',
  'u.name',
  'u.phone',
  'u.birth_date',
  'u.community_id',
  'u.elder_mode',
  'u.id_number_masked',
  'u.address',
  'c.name as community_name',
  'c.path as community_path',
] as const

function usersWithCommunity(db: Kdb) {
  return db.selectFrom('users as u').leftJoin('org_units as c', 'c.id', 'u.community_id')
}

export async function loadActor(db: Kdb, userId: string): Promise<Actor | null> {
  const rows = await usersWithCommunity(db)
    .leftJoin('role_assignments as r', 'r.user_id', 'u.id')
    .leftJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['u.id', 'u.name', 'u.community_id', 'c.path as community_path', 'r.role', 'r.org_unit_id', 'o.name as org_name', 'o.path'])
    .select(['u.must_change_password', 'u.disabled_at'])
    .where('u.id', '=', userId)
    .execute()
  if (rows.length === 0) return null
  const roles: ActorRole[] = rows
    .filter((r) => r.role && r.org_unit_id && r.path)
    .map((r) => ({ role: r.role as TRole, orgUnitId: r.org_unit_id!, orgUnitName: r.org_name ?? '', path: r.path! }))
  return {
    userId: rows[0].id,
    name: rows[0].name,
    communityId: rows[0].community_id,
    communityPath: rows[0].community_path,
    roles,
    ...(rows[0].must_change_password ? { mustChangePassword: true } : {}),
    ...(rows[0].disabled_at ? { disabled: true } : {}),
  }
}

/** The person as shown to themselves. Pass `actor` when it is already loaded (saves a query). */
export async function getUserView(db: Kdb, userId: string, now: Date, actor?: Actor): Promise<TUser | null> {
  const [row, loaded] = await Promise.all([
    usersWithCommunity(db).select(userColumns).where('u.id', '=', userId).executeTakeFirst(),
    actor ?? loadActor(db, userId),
  ])
  if (!row || !loaded) return null
  return toUserView(row, loaded, now)
}

/** A users row (joined with its community's name) as the person sees themselves. */
export function toUserView(
  row: { id: string; name: string; phone: string | null; community_id: string | null; community_name: string | null; birth_date: string | null; elder_mode: boolean },
  actor: Pick<Actor, 'roles'>,
  now: Date,
): TUser {
  return {
    id: row.id,
    name: row.name,
    phoneMasked: maskPhone(row.phone),
    communityId: row.community_id,
    communityName: row.community_name,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    elderMode: row.elder_mode,
    isStaff: isStaff(actor),
  }
}

export async function getElderView(db: Kdb, userId: string, now: Date): Promise<(TElder & { communityPath: string | null }) | null> {
  const row = await usersWithCommunity(db).select(userColumns).where('u.id', '=', userId).executeTakeFirst()
  return row ? toElder(row, now) : null
}

function toElder(
  row: { id: string; name: string; phone: string | null; birth_date: string | null; community_id: string | null; id_number_masked: string | null; address: string | null; community_name: string | null; community_path: string | null },
  now: Date,
): TElder & { communityPath: string | null } {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: row.id_number_masked,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, now),
    address: row.address,
    communityId: row.community_id,
    communityName: row.community_name,
    phoneMasked: maskPhone(row.phone),
    communityPath: row.community_path,
  }
}

/** People in the org units under `scopePath` whose name contains q or whose ID hash matches. */
export async function searchPeople(db: Kdb, scopePaths: string[], q: { name: string; idHash: string | null }, now: Date) {
  if (scopePaths.length === 0) return []
  const rows = await usersWithCommunity(db)
    .select(userColumns)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
    .where((eb) =>
      eb.or([
        eb('u.name', 'like', `%${q.name.replace(/[%_\\]/g, '\\$&')}%`),
        ...(q.idHash ? [eb('u.id_number_hash', '=', q.idHash)] : []),
      ]),
    )
    .where('u.username', 'is', null)
    .orderBy('u.name')
    .limit(50)
    .execute()
  return rows.map((r) => toElder(r, now))
}

export async function listConsents(db: Kdb, userId: string): Promise<TConsent[]> {
  const rows = await db
    .selectFrom('consents as k')
    .leftJoin('users as s', 's.id', 'k.recorded_by')
    .select(['k.kind', 'k.version', 'k.accepted_at', 's.name as recorded_by_name'])
    .where('k.user_id', '=', userId)
    .where('k.withdrawn_at', 'is', null)
    .orderBy('k.kind')
    .execute()
  return rows.map((r) => ({
    kind: r.kind as TConsent['kind'],
    version: r.version,
    acceptedAt: r.accepted_at.toISOString(),
    recordedBy: r.recorded_by_name,
  }))
}

export async function countUnreadNotices(db: Kdb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listNotices(db: Kdb, userId: string, limit: number, cursor?: string): Promise<{ items: TNotice[]; nextCursor: string | null }> {
  let query = db.selectFrom('notices').selectAll().where('user_id', '=', userId)
  if (cursor) query = query.where('id', '<', cursor)
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at ? n.read_at.toISOString() : null,
      link: noticeLink(n.kind, n.link),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  }
}

export async function markNoticesRead(db: Kdb, userId: string, now: Date): Promise<void> {
  await db.updateTable('notices').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute()
}

/**
 * One wrong try at the phone's current code, from anywhere: after `maxTries` the code is void (a new
 * one must be sent). This never locks the phone — locks are per client address (claimAttempt).
 */
export async function countSmsFailure(db: Kdb, phone: string, maxTries: number): Promise<void> {
  await sql`
    UPDATE sms_codes SET
      attempts = attempts + 1,
      code_hash = CASE WHEN attempts + 1 >= ${maxTries}::int THEN NULL ELSE code_hash END
    WHERE phone = ${phone}`.execute(db)
}

/** How many wrong tries a (subject, client) gets before a lock, and how long the first lock lasts (doubling, capped). */
export interface LockPolicy {
  max: number
  lockMinutes: number
  maxLockMinutes: number
}

export type Claim = { allowed: true; failures: number; lockedNow: boolean } | { allowed: false; lockedUntil: Date | null }

/**
 * Claims one attempt at a secret for (subject, client), counted before the secret is checked and
 * in one statement: of any number of parallel tries exactly `max` are judged, the rest are refused
 * while the lock holds. A lock that has run out starts a new window; each new lock lasts twice as
 * long as the one before (back-off), up to maxLockMinutes.
 */
export async function claimAttempt(db: Kdb, subject: string, client: string, now: Date, policy: LockPolicy): Promise<Claim> {
  const next = sql`CASE WHEN f.locked_until IS NOT NULL THEN 1 ELSE f.failures + 1 END`
  const lockFor = sql`LEAST(${policy.maxLockMinutes}::int, ${policy.lockMinutes}::int * power(2, LEAST(f.lock_count, 16)))`
  const result = await sql<{ failures: number; locked_until: Date | null }>`
    INSERT INTO auth_failures AS f (subject, client, failures, lock_count, locked_until, last_at)
    VALUES (${subject}, ${client}, 1,
            CASE WHEN 1 >= ${policy.max}::int THEN 1 ELSE 0 END,
            CASE WHEN 1 >= ${policy.max}::int THEN ${now}::timestamptz + ${policy.lockMinutes}::int * interval '1 minute' END,
            ${now}::timestamptz)
    ON CONFLICT (subject, client) DO UPDATE SET
      failures = ${next},
      locked_until = CASE WHEN ${next} >= ${policy.max}::int THEN ${now}::timestamptz + ${lockFor} * interval '1 minute' END,
      lock_count = f.lock_count + CASE WHEN ${next} >= ${policy.max}::int THEN 1 ELSE 0 END,
      last_at = ${now}::timestamptz
    WHERE f.locked_until IS NULL OR f.locked_until <= ${now}::timestamptz
    RETURNING failures, locked_until`.execute(db)
  const row = result.rows[0]
  if (row) return { allowed: true, failures: row.failures, lockedNow: row.locked_until !== null }
  const lock = await db.selectFrom('auth_failures').select('locked_until').where('subject', '=', subject).where('client', '=', client).executeTakeFirst()
  return { allowed: false, lockedUntil: lock?.locked_until ?? null }
}

/** The lock on (subject, client) if one holds now. */
export async function findLock(db: Kdb, subject: string, client: string, now: Date): Promise<Date | null> {
  const row = await db.selectFrom('auth_failures').select('locked_until').where('subject', '=', subject).where('client', '=', client).executeTakeFirst()
  return row?.locked_until && row.locked_until > now ? row.locked_until : null
}

/** The secret was right: that client's count and back-off start again. */
export async function clearFailures(db: Kdb, subject: string, client: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('subject', '=', subject).where('client', '=', client).execute()
}

/** A claimed attempt that turned out right does not count against a shared (whole-account) window. */
export async function unclaimAttempt(db: Kdb, subject: string, client: string): Promise<void> {
  await sql`UPDATE auth_failures SET failures = GREATEST(failures - 1, 0) WHERE subject = ${subject} AND client = ${client} AND locked_until IS NULL`.execute(db)
}

/** Ends every session of the person (logout everywhere, disable, role change): one version bump. */
export async function bumpSessionVersion(db: Kdb, userId: string): Promise<number | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ session_version: eb('session_version', '+', 1) }))
    .where('id', '=', userId)
    .returning('session_version')
    .executeTakeFirst()
  return row?.session_version ?? null
}

/** Ends one session (logout): its id is refused until it would have expired anyway. */
export async function revokeSession(db: Kdb, jti: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
  await sql`INSERT INTO revoked_sessions (jti, user_id, revoked_at, expires_at) VALUES (${jti}::uuid, ${userId}::uuid, ${now}::timestamptz, ${expiresAt}::timestamptz)
            ON CONFLICT (jti) DO NOTHING`.execute(db)
}

export async function findKnownDevice(db: Kdb, tokenHash: string, userId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('known_devices')
    .set({ last_used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .returning('token_hash')
    .executeTakeFirst()
  return Boolean(row)
}

export async function addKnownDevice(db: Kdb, tokenHash: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.insertInto('known_devices').values({ token_hash: tokenHash, user_id: userId, created_at: now, last_used_at: now, expires_at: expiresAt }).execute()
}
