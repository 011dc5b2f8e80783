import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { OPEN_STATUSES } from '../../../types/reports'
import type { TOrgKind } from '../../../types/org'

/** The organisation tree as the admin console edits it: units, moves, closing. */

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
    db
      .selectFrom('org_units')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('path', 'like', like)
      .where('id', '!=', unit.id)
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow(),
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
