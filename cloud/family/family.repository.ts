import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { TFamilyLink, TFamilyScope } from '../../types/accounts'

function linksWithNames(db: Kdb) {
  return db
    .selectFrom('family_links as l')
    .innerJoin('users as e', 'e.id', 'l.elder_id')
    .innerJoin('users as m', 'm.id', 'l.member_id')
    .leftJoin('org_units as c', 'c.id', 'e.community_id')
    .select([
      'l.id',
      'l.elder_id',
      'l.member_id',
      'l.relation',
      'l.scopes',
      'l.status',
      'l.requested_at',
      'l.confirmed_at',
      'l.confirmed_via',
      'e.name as elder_name',
      'm.name as member_name',
      'c.path as elder_community_path',
    ])
}

type LinkRow = Awaited<ReturnType<ReturnType<typeof linksWithNames>['executeTakeFirstOrThrow']>>

/** The same row as built by linksWithNames, as JSON inside a larger query (timestamps as strings). */
export type LinkJson = Omit<LinkRow, 'requested_at' | 'confirmed_at'> & { requested_at: string; confirmed_at: string | null }

export function toLink(r: LinkRow | LinkJson): TFamilyLink {
  return {
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    memberId: r.member_id,
    memberName: r.member_name,
    relation: r.relation as TFamilyLink['relation'],
    scopes: r.scopes as TFamilyScope[],
    status: r.status,
    requestedAt: new Date(r.requested_at).toISOString(),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    confirmedVia: r.confirmed_via,
  }
}

/** Links where the person is the elder or the family member; ended ones are not shown. */
export async function listLinksOf(db: Kdb, userId: string): Promise<TFamilyLink[]> {
  const rows = await linksWithNames(db)
    .where((eb) => eb.or([eb('l.elder_id', '=', userId), eb('l.member_id', '=', userId)]))
    .where('l.status', 'in', ['pending', 'active'])
    .orderBy('l.requested_at', 'desc')
    .execute()
  return rows.map(toLink)
}

export async function findLink(db: Kdb, id: string) {
  return linksWithNames(db).where('l.id', '=', id).executeTakeFirst()
}

export async function listLinksInScope(db: Kdb, scopePaths: string[], status: TFamilyLink['status'], limit: number, cursor?: string) {
  if (scopePaths.length === 0) return { items: [], nextCursor: null }
  let q = linksWithNames(db)
    .where('l.status', '=', status)
    .where((eb) => eb.or(scopePaths.map((p) => eb('c.path', 'like', `${p}%`))))
  if (cursor) q = q.where('l.id', '<', cursor)
  const rows = await q.orderBy('l.id', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  return { items: page.map(toLink), nextCursor: rows.length > limit ? page[page.length - 1].id : null }
}

/**
 * The active link that lets `memberId` act for `elderId` with `scope`, or null.
 * Other domains (checkups, time bank) call this before acting for an elder.
 */
export async function findActiveLink(db: Kdb, elderId: string, memberId: string, scope: TFamilyScope) {
  return db
    .selectFrom('family_links')
    .select(['id', 'relation', 'scopes'])
    .where('elder_id', '=', elderId)
    .where('member_id', '=', memberId)
    .where('status', '=', 'active')
    .where(sql<boolean>`${scope} = ANY(scopes)`)
    .executeTakeFirst()
}

/** Street admins: told when bind codes are being guessed (the guesser may live anywhere). */
export async function listStreetAdmins(db: Kdb): Promise<string[]> {
  const rows = await db.selectFrom('role_assignments').select('user_id').distinct().where('role', '=', 'street_admin').execute()
  return rows.map((r) => r.user_id)
}
