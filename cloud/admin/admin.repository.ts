import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'
import { OPEN_STATUSES } from '../../types/reports'
import type { TOrgKind, TRole } from '../../types/org'
import type { TAuditQuery } from '../../types/admin'

// ---- audit ----

export interface AuditInput {
  actorId: string
  subjectId?: string | null
  action: string
  details?: Record<string, unknown>
  /** the org unit path the action concerns: who may read it later */
  scopePath: string | null
  now: Date
}

export async function writeAudit(db: Kdb, a: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: newId(), actor_id: a.actorId, subject_id: a.subjectId ?? null, action: a.action, details: JSON.stringify(a.details ?? {}), scope_path: a.scopePath, created_at: a.now })
    .execute()
}

/** The admin audit log under the caller's scopes, newest first; cursor = last id (uuid v7 sorts by time). */
export async function listAudit(db: Kdb, paths: string[], q: TAuditQuery, range: { from: Date | null; to: Date | null }, limit: number) {
  let query = db
    .selectFrom('audit_log as a')
    .innerJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('users as subject', 'subject.id', 'a.subject_id')
    .select(['a.id', 'a.created_at', 'a.actor_id', 'actor.name as actor_name', 'a.subject_id', 'subject.name as subject_name', 'a.action', 'a.details'])
    .where((eb) => eb.or(paths.map((p) => eb('a.scope_path', 'like', `${p}%`))))
  if (q.actorId) query = query.where('a.actor_id', '=', q.actorId)
  if (q.subjectId) query = query.where('a.subject_id', '=', q.subjectId)
  if (q.action) query = query.where('a.action', 'like', `%${q.action.replace(/[%_\\]/g, '\\$&')}%`)
  if (range.from) query = query.where('a.created_at', '>=', range.from)
  if (range.to) query = query.where('a.created_at', '<', range.to)
  if (q.cursor) query = query.where('a.id', '<', q.cursor)
  return query.orderBy('a.id', 'desc').limit(limit).execute()
}

// ---- org units ----

export async function findUnit(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'kind', 'name', 'parent_id', 'path', 'closed_at']).where('id', '=', id).executeTakeFirst()
}
export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnit>>>

export async function findStreetByName(db: Kdb, name: string) {
  return db.selectFrom('org_units').select(['id', 'path']).where('kind', '=', 'street').where('name', '=', name).executeTakeFirst()
}

export async function unitsUnder(db: Kdb, paths: string[]) {
  if (paths.length === 0) return []
  return db
    .selectFrom('org_units as o')
    .select(['o.id', 'o.kind', 'o.name', 'o.parent_id', 'o.path', 'o.closed_at'])
    .select((eb) =>
      eb
        .selectFrom('role_assignments as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.org_unit_id', '=', 'o.id')
        .where('u.username', 'is not', null)
        .where('u.disabled_at', 'is', null)
        .as('staff_count'),
    )
    .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
    .orderBy('o.path')
    .execute()
}

/** Units whose path is a prefix of one of `paths` (the ancestors of the caller's scopes, for the tree's top). */
export async function unitsByIds(db: Kdb, ids: string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('org_units').select(['id', 'kind', 'name', 'parent_id', 'path', 'closed_at']).where('id', 'in', ids).execute()
}

export async function siblingNameTaken(db: Kdb, parentId: string | null, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('org_units').select('id').where('name', '=', name).where('closed_at', 'is', null)
  q = parentId ? q.where('parent_id', '=', parentId) : q.where('parent_id', 'is', null)
  if (exceptId) q = q.where('id', '!=', exceptId)
  return Boolean(await q.executeTakeFirst())
}

export async function insertUnit(db: Kdb, u: { id: string; kind: TOrgKind; name: string; parentId: string | null; path: string; now: Date }) {
  await db.insertInto('org_units').values({ id: u.id, kind: u.kind, name: u.name, parent_id: u.parentId, path: u.path, created_at: u.now }).execute()
}

export async function renameUnit(db: Kdb, id: string, name: string) {
  await db.updateTable('org_units').set({ name }).where('id', '=', id).execute()
}

/**
 * Moves a unit and its subtree under a new parent: every path that starts with the old prefix gets
 * the new one, in the org tree and in what stores a copy of it (reports' scope, the audit scope).
 * Run inside a transaction, so no reader sees half a tree.
 */
export async function moveSubtree(tx: Kdb, unit: { id: string; path: string }, parent: { id: string; path: string }): Promise<string> {
  const oldPrefix = unit.path
  const newPrefix = `${parent.path}${unit.id}/`
  const cut = oldPrefix.length + 1
  await tx.updateTable('org_units').set({ parent_id: parent.id }).where('id', '=', unit.id).execute()
  // paths are UNIQUE: with one statement per table, PostgreSQL checks the constraint at the end of it
  await sql`UPDATE org_units SET path = ${newPrefix} || substr(path, ${cut}) WHERE path LIKE ${oldPrefix + '%'}`.execute(tx)
  await sql`UPDATE reports SET scope_path = ${newPrefix} || substr(scope_path, ${cut}) WHERE scope_path LIKE ${oldPrefix + '%'}`.execute(tx)
  await sql`UPDATE audit_log SET scope_path = ${newPrefix} || substr(scope_path, ${cut}) WHERE scope_path LIKE ${oldPrefix + '%'}`.execute(tx)
  return newPrefix
}

export async function setUnitClosed(db: Kdb, id: string, closedAt: Date | null) {
  await db.updateTable('org_units').set({ closed_at: closedAt }).where('id', '=', id).execute()
}

/** What keeps a unit from closing: counts of open work and people still placed in its subtree. */
export async function openWorkUnder(db: Kdb, unit: { id: string; path: string }) {
  const like = `${unit.path}%`
  const subtree = db.selectFrom('org_units').select('id').where('path', 'like', like)
  const [units, reports, timebank, bookings, staff] = await Promise.all([
    db.selectFrom('org_units').select((e) => e.fn.countAll<number>().as('n')).where('path', 'like', like).where('id', '!=', unit.id).where('closed_at', 'is', null).executeTakeFirstOrThrow(),
    db
      .selectFrom('reports')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('status', 'in', [...OPEN_STATUSES])
      .where((eb) => eb.or([eb('scope_path', 'like', like), eb('department_id', 'in', subtree)]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('timebank_requests')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('status', 'in', ['open', 'accepted', 'in_service', 'awaiting_confirmation', 'disputed'])
      .where('community_id', 'in', subtree)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('checkup_bookings as b')
      .innerJoin('checkup_campaigns as c', 'c.id', 'b.campaign_id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('b.status', 'in', ['booked', 'checked_in'])
      .where('c.community_id', 'in', subtree)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('role_assignments as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('r.org_unit_id', 'in', subtree)
      .where('u.username', 'is not', null)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return { openUnits: Number(units.n), openReports: Number(reports.n), openTimebankRequests: Number(timebank.n), activeBookings: Number(bookings.n), staffRoles: Number(staff.n) }
}

// ---- staff ----

export async function findUserByUsername(db: Kdb, username: string) {
  return db.selectFrom('users').select(['id', 'name', 'username', 'demo_account', 'disabled_at']).where('username', '=', username.toLowerCase()).executeTakeFirst()
}

export async function findStaff(db: Kdb, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'username', 'phone', 'password_hash', 'disabled_at', 'locked_until', 'must_change_password', 'demo_account', 'created_at'])
    .where('id', '=', id)
    .where('username', 'is not', null)
    .executeTakeFirst()
}
export type StaffRow = NonNullable<Awaited<ReturnType<typeof findStaff>>>

export async function rolesOf(db: Kdb, userIds: string[]) {
  if (userIds.length === 0) return []
  return db
    .selectFrom('role_assignments as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
    .select(['r.id', 'r.user_id', 'r.role', 'r.org_unit_id', 'o.name as org_name', 'o.kind as org_kind', 'o.path'])
    .where('r.user_id', 'in', userIds)
    .orderBy('o.path')
    .execute()
}

export async function insertStaff(db: Kdb, s: { id: string; name: string; username: string; phone: string | null; passwordHash: string; now: Date }) {
  await db
    .insertInto('users')
    .values({ id: s.id, name: s.name, username: s.username, phone: s.phone, password_hash: s.passwordHash, must_change_password: true, created_at: s.now })
    .execute()
}

export async function insertRoles(db: Kdb, userId: string, roles: { role: TRole; orgUnitId: string }[], now: Date) {
  if (roles.length === 0) return
  await db
    .insertInto('role_assignments')
    .values(roles.map((r) => ({ id: newId(), user_id: userId, role: r.role, org_unit_id: r.orgUnitId, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function deleteRoles(db: Kdb, ids: string[]) {
  if (ids.length === 0) return
  await db.deleteFrom('role_assignments').where('id', 'in', ids).execute()
}

export async function updateStaffFields(db: Kdb, id: string, fields: { name?: string; phone?: string | null }) {
  if (fields.name === undefined && fields.phone === undefined) return
  await db.updateTable('users').set(fields).where('id', '=', id).execute()
}

/** A new one-time password: must be changed at the next login; also unlocks the account. */
export async function setOneTimePassword(db: Kdb, id: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', '=', id).execute()
}

export async function setDisabled(db: Kdb, id: string, at: Date | null) {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute()
}

export async function unlock(db: Kdb, id: string) {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute()
}

/** Staff accounts holding a role somewhere under `paths`, filtered; cursor = last id. */
export async function listStaffUnder(
  db: Kdb,
  paths: string[],
  f: { q?: string; role?: TRole; orgUnitId?: string; status?: 'active' | 'disabled' | 'locked'; cursor?: string; limit: number; now: Date },
) {
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.username', 'u.phone', 'u.disabled_at', 'u.locked_until', 'u.must_change_password', 'u.demo_account', 'u.created_at'])
    .where('u.username', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_assignments as r')
          .innerJoin('org_units as o', 'o.id', 'r.org_unit_id')
          .select('r.id')
          .whereRef('r.user_id', '=', 'u.id')
          .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
          .$if(Boolean(f.role), (qb) => qb.where('r.role', '=', f.role!))
          .$if(Boolean(f.orgUnitId), (qb) => qb.where('r.org_unit_id', '=', f.orgUnitId!)),
      ),
    )
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`
    q = q.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.username', 'like', like.toLowerCase())]))
  }
  if (f.status === 'disabled') q = q.where('u.disabled_at', 'is not', null)
  if (f.status === 'active') q = q.where('u.disabled_at', 'is', null)
  if (f.status === 'locked') q = q.where('u.locked_until', '>', f.now)
  if (f.cursor) q = q.where('u.id', '<', f.cursor)
  return q.orderBy('u.id', 'desc').limit(f.limit).execute()
}

// ---- demo purge ----

/** Demo accounts and the rows each table holds for them (what `purge-demo` would remove). */
export async function demoAccountIds(db: Kdb): Promise<string[]> {
  return (await db.selectFrom('users').select('id').where('demo_account', '=', true).execute()).map((r) => r.id)
}
