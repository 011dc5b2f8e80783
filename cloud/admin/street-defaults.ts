import type { Kdb } from '../db/db'
import { REPORT_CATEGORIES } from '../../types/reports'
import { POINTS_DEFAULT_RULES } from '../points'
import { TIMEBANK_DEFAULT_RULES as TIMEBANK_DEFAULTS, saveRules } from '../timebank'
import { departmentsOf, insertCommunityPointsRules, insertDefaultCategorySettings, insertDefaultStreetSettings, streetPointsDefaultRules } from './repository/settings'

/** Checkup defaults of a new street (DOMAIN.md: free annual checkup from 65, cancel until 18:00 the day before). */
export const CHECKUP_DEFAULTS = { minAge: 65, cancelCutoff: '18:00' } as const

/**
 * What every street starts with, demo or real: the standard 随手拍 categories with their time
 * limits (and default department when the street has one of that name), the 积分 rules a new
 * community copies, checkup defaults and the time bank caps. The admin console changes them later.
 */
export async function applyStreetDefaults(tx: Kdb, streetId: string, actorId: string | null, now: Date): Promise<void> {
  const departments = await departmentsOf(tx, streetId)
  const departmentId = (name: string | null) => (name ? (departments.find((d) => d.name === name)?.id ?? null) : null)
  await insertDefaultCategorySettings(
    tx,
    REPORT_CATEGORIES.map((c) => ({ street_id: streetId, category: c.code, limit_minutes: c.limitMinutes, department_id: departmentId(c.department) })),
  )
  await insertDefaultStreetSettings(tx, {
    street_id: streetId,
    checkup_min_age: CHECKUP_DEFAULTS.minAge,
    checkup_cancel_cutoff: CHECKUP_DEFAULTS.cancelCutoff,
    points_default_rules: JSON.stringify(POINTS_DEFAULT_RULES),
    updated_at: now,
    updated_by: actorId,
  })
  await saveRules(tx, streetId, TIMEBANK_DEFAULTS, now)
}

/** A new community copies its street's 积分 default rules (later edits of either side stay apart). */
export async function applyCommunityDefaults(tx: Kdb, communityId: string, streetId: string, actorId: string | null, now: Date): Promise<void> {
  const rules = ((await streetPointsDefaultRules(tx, streetId)) ?? POINTS_DEFAULT_RULES) as typeof POINTS_DEFAULT_RULES
  if (rules.length === 0) return
  await insertCommunityPointsRules(tx, communityId, rules, actorId, now)
}
