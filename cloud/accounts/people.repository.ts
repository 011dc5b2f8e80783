import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'

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

/** Which of these ID-number hashes are already people. */
export async function knownIdHashes(db: Kdb, hashes: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < hashes.length; i += LOOKUP_CHUNK) {
    const rows = await db.selectFrom('users').select('id_number_hash').where('id_number_hash', 'in', hashes.slice(i, i + LOOKUP_CHUNK)).execute()
    for (const r of rows) found.add(r.id_number_hash!)
  }
  return found
}

/** Which of these phones already belong to an account. */
export async function knownPhones(db: Kdb, phones: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
    const rows = await db.selectFrom('users').select('phone').where('phone', 'in', phones.slice(i, i + LOOKUP_CHUNK)).execute()
    for (const r of rows) found.add(r.phone!)
  }
  return found
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
 * moment ago is skipped, not duplicated), their resident role, 台账 profile and an audit row each,
 * every table in a single multi-row statement. Returns the ID hashes actually inserted.
 */
export async function insertPeopleBatch(tx: Kdb, people: NewPerson[], actorId: string, now: Date): Promise<Set<string>> {
  if (people.length === 0) return new Set()
  const inserted = await tx
    .insertInto('users')
    .values(
      people.map((p) => ({
        id: p.id,
        name: p.name,
        phone: p.phone,
        birth_date: p.birthDate,
        id_number_masked: p.idMasked,
        id_number_hash: p.idHash,
        address: p.address,
        community_id: p.communityId,
        registered_by: actorId,
        // no phone: a counter-registered elder, served in 长辈模式 by staff and family
        elder_mode: p.phone === null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'id_number_hash'])
    .execute()
  if (inserted.length === 0) return new Set()
  const ids = new Set(inserted.map((r) => r.id))
  const done = people.filter((p) => ids.has(p.id))
  await tx
    .insertInto('role_assignments')
    .values(done.map((p) => ({ id: newId(), user_id: p.id, role: 'resident', org_unit_id: p.communityId, created_at: now })))
    .execute()
  await tx
    .insertInto('people_profiles')
    .values(
      done.map((p) => ({
        user_id: p.id,
        lives_alone: p.livesAlone,
        disabled: p.disabled,
        emergency_contact: p.emergencyContact,
        source: 'import',
        updated_by: actorId,
        updated_at: now,
      })),
    )
    .execute()
  await tx
    .insertInto('audit_log')
    .values(done.map((p) => ({ id: newId(), actor_id: actorId, subject_id: p.id, action: 'person.imported', details: JSON.stringify({ communityId: p.communityId }), created_at: now })))
    .execute()
  return new Set(inserted.map((r) => r.id_number_hash!))
}

export async function insertImportAudit(db: Kdb, actorId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await db.insertInto('audit_log').values({ id: newId(), actor_id: actorId, subject_id: null, action: 'people.imported', details: JSON.stringify(details), created_at: now }).execute()
}
