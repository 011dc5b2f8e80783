import type { Selectable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { TimebankRulesTable } from '../../db/schema'

/**
 * All SQL of 时间银行. The minutes ledger is append-only double entry (same design as points):
 * a journal per business event, entries summing to zero, account rows caching the balance, changed
 * in the same transaction by one single-statement UPDATE per account in id order; CHECK (balance ≥ 0)
 * on member accounts is the backstop.
 */
export interface TimebankRules {
  minVolunteerAge: number
  minDrawAge: number
  dailyCapMinutes: number
  lifetimeCapMinutes: number
  autoConfirmHours: number
  maxDistanceM: number
}

export const DEFAULT_RULES: TimebankRules = { minVolunteerAge: 18, minDrawAge: 60, dailyCapMinutes: 120, lifetimeCapMinutes: 90000, autoConfirmHours: 72, maxDistanceM: 300 }

/** Rules of the street that contains `communityPath` ('/street/cluster/community/'). */
export async function findRules(db: Kdb, communityPath: string): Promise<TimebankRules> {
  const streetId = communityPath.split('/')[1]
  const row = streetId ? await db.selectFrom('timebank_rules').selectAll().where('street_id', '=', streetId).executeTakeFirst() : undefined
  return rulesOf(row)
}

/** A street's rules row (or none: the defaults). */
export function rulesOf(row: Omit<Selectable<TimebankRulesTable>, 'street_id' | 'updated_at'> | undefined): TimebankRules {
  if (!row) return DEFAULT_RULES
  return {
    minVolunteerAge: row.min_volunteer_age,
    minDrawAge: row.min_draw_age,
    dailyCapMinutes: row.daily_cap_minutes,
    lifetimeCapMinutes: row.lifetime_cap_minutes,
    autoConfirmHours: row.auto_confirm_hours,
    maxDistanceM: row.max_distance_m,
  }
}

export async function saveRules(db: Kdb, streetId: string, rules: Partial<TimebankRules>, now: Date): Promise<void> {
  const values = {
    min_volunteer_age: rules.minVolunteerAge,
    min_draw_age: rules.minDrawAge,
    daily_cap_minutes: rules.dailyCapMinutes,
    lifetime_cap_minutes: rules.lifetimeCapMinutes,
    auto_confirm_hours: rules.autoConfirmHours,
    max_distance_m: rules.maxDistanceM,
    updated_at: now,
  }
  await db
    .insertInto('timebank_rules')
    .values({ street_id: streetId, ...values })
    .onConflict((oc) => oc.column('street_id').doUpdateSet(values))
    .execute()
}
