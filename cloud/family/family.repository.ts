import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { Updateable } from 'kysely'
import type { FamilyLinksTable } from '../db/schema'
import type { TFamilyLink, TFamilyScope } from '../../types/accounts'
import { newId } from '../platform/ids'
import { toLink } from './family.mappers'

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

export type LinkRow = Awaited<ReturnType<ReturnType<typeof linksWithNames>['executeTakeFirstOrThrow']>>

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
  const rows = await q
    .orderBy('l.id', 'desc')
    .limit(limit + 1)
    .execute()
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

/** Moves a link from one of `from` to the new state in one statement; the status it has now when another change won. */
export async function transitionLinkRow(
  tx: Kdb,
  id: string,
  from: TFamilyLink['status'][],
  set: Updateable<FamilyLinksTable> & { status: TFamilyLink['status'] },
): Promise<{ ok: true } | { ok: false; status: string | null }> {
  const updated = await tx
    .updateTable('family_links')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst()
  if (updated) return { ok: true }
  const current = await tx.selectFrom('family_links').select('status').where('id', '=', id).executeTakeFirst()
  return { ok: false, status: current?.status ?? null }
}

export async function findPersonByPhone(db: Kdb, phone: string) {
  return db.selectFrom('users').select(['id', 'name']).where('phone', '=', phone).executeTakeFirst()
}

export async function insertLink(
  tx: Kdb,
  l: { id: string; elderId: string; memberId: string; relation: string; scopes: string[]; status: 'pending' | 'active'; now: Date; confirmedBy?: string },
): Promise<void> {
  await tx
    .insertInto('family_links')
    .values({
      id: l.id,
      elder_id: l.elderId,
      member_id: l.memberId,
      relation: l.relation,
      scopes: l.scopes,
      status: l.status,
      requested_at: l.now,
      ...(l.confirmedBy ? { confirmed_at: l.now, confirmed_by: l.confirmedBy, confirmed_via: 'counter' as const } : {}),
    })
    .execute()
}

export async function insertBindCode(tx: Kdb, c: { code: string; elderId: string; scopes: string[]; issuedBy: string; now: Date; expiresAt: Date }): Promise<void> {
  await tx.insertInto('family_bind_codes').values({ code: c.code, elder_id: c.elderId, scopes: c.scopes, issued_by: c.issuedBy, issued_at: c.now, expires_at: c.expiresAt }).execute()
}

/** The code is used once: the UPDATE both checks and consumes it. */
export async function consumeBindCode(tx: Kdb, code: string, userId: string, now: Date) {
  return tx
    .updateTable('family_bind_codes')
    .set({ used_at: now, used_by: userId })
    .where('code', '=', code)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['elder_id', 'scopes', 'issued_by'])
    .executeTakeFirst()
}

/** Bind-code guessing, recorded against the guesser (no scope: street admins are told by notice). */
export async function auditBindCodeGuessing(tx: Kdb, actorId: string, client: string, now: Date): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ id: newId(), actor_id: actorId, subject_id: null, action: 'family.bind_code_guessing', details: JSON.stringify({ client }), created_at: now })
    .execute()
}
