import { sql } from 'kysely'
import type { Kdb } from '../../db/db'

/** All SQL of social organisations and their members (社区社会组织). */

const orgColumns = [
  'o.id',
  'o.name',
  'o.kind',
  'o.description',
  'o.status',
  'o.host_community_id',
  'o.decision_note',
  'o.registered_by',
  'o.created_at',
  'c.name as host_community_name',
  'c.path as host_path',
] as const

function orgs(db: Kdb) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('org_units as c', 'c.id', 'o.host_community_id')
    .select(orgColumns)
    .select((eb) => [
      eb
        .selectFrom('organisation_members as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.organisation_id', '=', 'o.id')
        .as('member_count'),
      eb
        .selectFrom('organisation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('u.name')
        .whereRef('m.organisation_id', '=', 'o.id')
        .where('m.role', '=', 'leader')
        .as('leader_name'),
    ])
}
export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>

export async function findOrganisation(db: Kdb, id: string) {
  return orgs(db).where('o.id', '=', id).executeTakeFirst()
}

export async function listMyOrganisations(db: Kdb, userId: string) {
  return orgs(db)
    .innerJoin('organisation_members as me', (j) => j.onRef('me.organisation_id', '=', 'o.id').on('me.user_id', '=', userId))
    .select('me.role as my_role')
    .orderBy('o.created_at', 'desc')
    .execute()
}

/** Organisations hosted under an org path (a community, a 片区 or the street), for staff. */
export async function listOrganisationsUnder(db: Kdb, path: string, status?: 'pending' | 'verified' | 'rejected') {
  let q = orgs(db).where('c.path', 'like', `${path}%`)
  if (status) q = q.where('o.status', '=', status)
  return q.orderBy('o.created_at', 'desc').limit(200).execute()
}

export async function memberRole(db: Kdb, organisationId: string, userId: string): Promise<'leader' | 'member' | null> {
  const row = await db.selectFrom('organisation_members').select('role').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst()
  return row?.role ?? null
}

export async function listMembers(db: Kdb, organisationId: string) {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.name', 'm.role'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('m.role')
    .orderBy('m.joined_at')
    .execute()
}

export async function insertOrganisation(
  tx: Kdb,
  o: { id: string; hostCommunityId: string; name: string; kind: OrganisationRow['kind']; description: string; status: 'pending' | 'verified'; registeredBy: string; now: Date },
) {
  await tx
    .insertInto('organisations')
    .values({
      id: o.id,
      host_community_id: o.hostCommunityId,
      name: o.name,
      kind: o.kind,
      description: o.description,
      status: o.status,
      registered_by: o.registeredBy,
      decided_at: o.status === 'pending' ? null : o.now,
      created_at: o.now,
    })
    .execute()
}

export async function insertMember(tx: Kdb, m: { organisationId: string; userId: string; role: 'leader' | 'member'; addedBy: string; now: Date }) {
  await tx.insertInto('organisation_members').values({ organisation_id: m.organisationId, user_id: m.userId, role: m.role, added_by: m.addedBy, joined_at: m.now }).execute()
}

export async function removeMember(tx: Kdb, organisationId: string, userId: string): Promise<boolean> {
  const r = await tx.deleteFrom('organisation_members').where('organisation_id', '=', organisationId).where('user_id', '=', userId).where('role', '=', 'member').executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** pending → verified | rejected, once (a second decision finds no pending row). */
export async function decideOrganisation(tx: Kdb, id: string, d: { status: 'verified' | 'rejected'; by: string; note: string | null; now: Date }): Promise<boolean> {
  const r = await tx
    .updateTable('organisations')
    .set({ status: d.status, decided_by: d.by, decided_at: d.now, decision_note: d.note })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Residents of the street found by phone (members are added by their phone number). */
export async function findUsersByPhones(db: Kdb, phones: string[]) {
  if (phones.length === 0) return []
  return db
    .selectFrom('users as u')
    .leftJoin('org_units as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.phone', 'c.path as community_path'])
    .where('u.phone', 'in', phones)
    .where('u.disabled_at', 'is', null)
    .execute()
}

export async function findCommunity(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).where('kind', '=', 'community').where('closed_at', 'is', null).executeTakeFirst()
}

export async function findOrgUnit(db: Kdb, id: string) {
  return db.selectFrom('org_units').select(['id', 'name', 'path', 'kind']).where('id', '=', id).executeTakeFirst()
}
