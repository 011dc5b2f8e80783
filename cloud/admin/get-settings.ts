import type { AppDeps } from '../platform/context'
import type { Kdb } from '../db/db'
import type { Actor } from '../org'
import type { TStreetSettings } from '../../types/admin'
import { CATEGORY_ICONS, REPORT_CATEGORIES, type TCategoryCode, type TCategoryIcon } from '../../types/reports'
import { findRules } from '../timebank'
import { POINTS_DEFAULT_RULES } from '../points'
import { requireAdmin, requireStreetAdmin } from './admin.policy'
import { CHECKUP_DEFAULTS } from './street-defaults'
import { categorySettingsOf, findStreetSettings } from './repository/settings'

/** The caller's street: the street admin's own, or the street above a 片区 lead (they may read, not change). */
export function streetOf(actor: Actor): { streetId: string; streetPath: string } {
  const role = requireAdmin(actor)[0]
  const streetId = role.path.split('/')[1]
  return { streetId, streetPath: `/${streetId}/` }
}

export async function readStreetSettings(db: Kdb, streetId: string): Promise<TStreetSettings> {
  const [cats, settings, timebank] = await Promise.all([categorySettingsOf(db, streetId), findStreetSettings(db, streetId), findRules(db, `/${streetId}/`)])
  return {
    categories: REPORT_CATEGORIES.map((c) => {
      const row = cats.find((r) => r.category === c.code)
      return {
        category: c.code as TCategoryCode,
        name: row?.name ?? c.name,
        icon: (CATEGORY_ICONS as readonly string[]).includes(row?.icon ?? '') ? (row!.icon as TCategoryIcon) : (c.icon as TCategoryIcon),
        enabled: row?.enabled ?? true,
        limitMinutes: row?.limit_minutes ?? c.limitMinutes,
        handlerLevel: row?.handler_level ?? 'grid',
        departmentId: row?.department_id ?? null,
        duplicateRadiusM: row?.duplicate_radius_m ?? 250,
      }
    }),
    pointsDefaultRules: ((settings?.points_default_rules ?? POINTS_DEFAULT_RULES) as TStreetSettings['pointsDefaultRules']).map((r) => ({ ...r })),
    checkup: { minAge: settings?.checkup_min_age ?? CHECKUP_DEFAULTS.minAge, cancelCutoff: settings?.checkup_cancel_cutoff ?? CHECKUP_DEFAULTS.cancelCutoff },
    timebank,
  }
}

export async function getSettings(deps: AppDeps, actor: Actor): Promise<TStreetSettings & { canEdit: boolean }> {
  const { streetId, streetPath } = streetOf(actor)
  let canEdit = true
  try {
    requireStreetAdmin(actor, streetPath)
  } catch {
    canEdit = false
  }
  return { ...(await readStreetSettings(deps.db.kysely, streetId)), canEdit }
}
