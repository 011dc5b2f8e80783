import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

export async function findRule(db: Kdb, id: string) {
  return db.selectFrom('points_rules as r').innerJoin('org_units as c', 'c.id', 'r.community_id').selectAll('r').select('c.path as community_path').where('r.id', '=', id).executeTakeFirst()
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

export async function insertEvent(db: Kdb, e: { id: string; communityId: string; ruleId: string; title: string; actorId: string; now: Date }) {
  await db.insertInto('points_events').values({ id: e.id, community_id: e.communityId, rule_id: e.ruleId, title: e.title, created_by: e.actorId, created_at: e.now }).execute()
}

export async function findEvent(db: Kdb, id: string) {
  return db.selectFrom('points_events').selectAll().where('id', '=', id).executeTakeFirst()
}
