import { sql } from 'kysely'
import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

/** SQL of the people import (导入居民和老人台账): look-ups in bulk and multi-row inserts. */

/** Communities under the caller's scope, by name (a name held twice in scope is ambiguous). */
export async function communitiesUnder(db: Kdb, paths: string[]): Promise<{ id: string; name: string }[]> {
  if (paths.length === 0) return []
  return db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('kind', '=', 'community')
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .execute()
}

const LOOKUP_CHUNK = 5000

/** Which of these values of a users column (ID-number hash, phone) are already taken, looked up in chunks. */
async function knownValues(db: Kdb, column: 'id_number_hash' | 'phone', values: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const rows = await db
      .selectFrom('users')
      .select(sql.ref<string>(column).as('v'))
      .where(column, 'in', values.slice(i, i + LOOKUP_CHUNK))
      .execute()
    for (const r of rows) found.add(r.v)
  }
  return found
}

/** Which of these ID-number hashes are already people. */
export function knownIdHashes(db: Kdb, hashes: string[]): Promise<Set<string>> {
  return knownValues(db, 'id_number_hash', hashes)
}

/** Which of these phones already belong to an account. */
export function knownPhones(db: Kdb, phones: string[]): Promise<Set<string>> {
  return knownValues(db, 'phone', phones)
}

export interface NewPerson {
  id: string
  name: string
  phone: string | null
  birthDate: string
  idMasked: string
  idHash: string
  address: string | null
  communityId: string
  livesAlone: boolean | null
  disabled: boolean | null
  emergencyContact: string | null
}

/**
 * One batch in one transaction: users (ON CONFLICT DO NOTHING — a person another import created a
 * moment ago is skipped, not duplicated), their resident role, 台账 profile and an audit row each.
 * Each table is one INSERT … SELECT FROM unnest(arrays): one parameter per column instead of one per
 * cell, so a 500-row batch is four short statements. Returns the ID hashes actually inserted.
 */
export async function insertPeopleBatch(tx: Kdb, people: NewPerson[], actorId: string, now: Date): Promise<Set<string>> {
  if (people.length === 0) return new Set()
  const col = <K extends keyof NewPerson>(k: K) => people.map((p) => p[k])
  // no phone: a counter-registered elder, served in 长辈模式 by staff and family
  const inserted = await sql<{ id: string; id_number_hash: string }>`
    INSERT INTO users (id, name, phone, birth_date, id_number_masked, id_number_hash, address, community_id, registered_by, elder_mode, created_at)
    SELECT t.id, t.name, t.phone, t.birth_date, t.masked, t.hash, t.address, t.community_id, ${actorId}, t.phone IS NULL, ${now}
    FROM unnest(${col('id')}::uuid[], ${col('name')}::text[], ${col('phone')}::text[], ${col('birthDate')}::date[], ${col('idMasked')}::text[],
                ${col('idHash')}::text[], ${col('address')}::text[], ${col('communityId')}::uuid[])
      AS t(id, name, phone, birth_date, masked, hash, address, community_id)
    ON CONFLICT DO NOTHING
    RETURNING id, id_number_hash`.execute(tx)
  if (inserted.rows.length === 0) return new Set()
  const ids = new Set(inserted.rows.map((r) => r.id))
  const done = people.filter((p) => ids.has(p.id))
  const userIds = done.map((p) => p.id)
  const communityIds = done.map((p) => p.communityId)
  await sql`
    INSERT INTO role_assignments (id, user_id, role, org_unit_id, created_at)
    SELECT t.id, t.user_id, 'resident', t.org_unit_id, ${now}
    FROM unnest(${done.map(() => newId())}::uuid[], ${userIds}::uuid[], ${communityIds}::uuid[]) AS t(id, user_id, org_unit_id)`.execute(tx)
  await sql`
    INSERT INTO people_profiles (user_id, lives_alone, disabled, emergency_contact, source, updated_by, updated_at)
    SELECT t.user_id, t.lives_alone, t.disabled, t.contact, 'import', ${actorId}, ${now}
    FROM unnest(${userIds}::uuid[], ${done.map((p) => p.livesAlone)}::boolean[], ${done.map((p) => p.disabled)}::boolean[],
                ${done.map((p) => p.emergencyContact)}::text[]) AS t(user_id, lives_alone, disabled, contact)`.execute(tx)
  await sql`
    INSERT INTO audit_log (id, actor_id, subject_id, action, details, created_at)
    SELECT t.id, ${actorId}, t.subject_id, 'person.imported', jsonb_build_object('communityId', t.community_id), ${now}
    FROM unnest(${done.map(() => newId())}::uuid[], ${userIds}::uuid[], ${communityIds}::uuid[]) AS t(id, subject_id, community_id)`.execute(tx)
  return new Set(inserted.rows.map((r) => r.id_number_hash))
}

export async function insertImportAudit(db: Kdb, actorId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: newId(), actor_id: actorId, subject_id: null, action: 'people.imported', details: JSON.stringify(details), created_at: now })
    .execute()
}
