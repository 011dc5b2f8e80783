import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TSaveStreetSettingsRequest } from '../../types/admin'
import { AppError } from '../platform/errors'
import { saveRules } from '../timebank'
import { requireStreetAdmin } from './admin.policy'
import { writeAudit } from './repository/audit'
import { unitsByIds } from './repository/org-units'
import { saveCategorySetting, saveStreetSettings } from './repository/settings'
import { readStreetSettings, streetOf } from './get-settings'

/**
 * Street settings (street admin only). Each setting is read when new work starts — a report's time
 * limit when it is submitted, a community's 积分 rules when it is created — so a change never
 * rewrites work already under way. The audit row keeps before and after.
 */
export async function saveSettings(deps: AppDeps, actor: Actor, input: TSaveStreetSettingsRequest) {
  const { streetId, streetPath } = streetOf(actor)
  requireStreetAdmin(actor, streetPath)
  const db = deps.db.kysely
  const now = deps.clock.now()
  if (input.categories) {
    const deptIds = input.categories.map((c) => c.departmentId).filter((d): d is string => Boolean(d))
    const depts = await unitsByIds(db, deptIds)
    const bad = deptIds.filter((id) => !depts.some((d) => d.id === id && d.kind === 'department' && d.path.startsWith(streetPath) && !d.closed_at))
    if (bad.length) throw new AppError('DEPARTMENT_INVALID', { departmentIds: bad })
    const noDept = input.categories.filter((c) => c.handlerLevel === 'department' && !c.departmentId)
    if (noDept.length) throw new AppError('INVALID_INPUT', { fields: { categories: '由部门处理的类别请选择部门' } }, '由部门处理的类别请选择部门')
  }
  const before = await readStreetSettings(db, streetId)
  await db.transaction().execute(async (tx) => {
    for (const c of input.categories ?? []) {
      const values = {
        name: c.name ?? null,
        icon: c.icon ?? null,
        enabled: c.enabled,
        limit_minutes: c.limitMinutes,
        handler_level: c.handlerLevel,
        department_id: c.departmentId,
        duplicate_radius_m: c.duplicateRadiusM,
      }
      await saveCategorySetting(tx, streetId, c.category, values)
    }
    if (input.pointsDefaultRules || input.checkup) {
      const values = {
        ...(input.pointsDefaultRules ? { points_default_rules: JSON.stringify(input.pointsDefaultRules) } : {}),
        ...(input.checkup ? { checkup_min_age: input.checkup.minAge, checkup_cancel_cutoff: input.checkup.cancelCutoff } : {}),
        updated_at: now,
        updated_by: actor.userId,
      }
      await saveStreetSettings(tx, streetId, before.pointsDefaultRules, values)
    }
    if (input.timebank) await saveRules(tx, streetId, input.timebank, now)
    const after = await readStreetSettings(tx, streetId)
    const changed = (Object.keys(input) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    await writeAudit(tx, { actorId: actor.userId, action: 'admin.settings_saved', details: { changed, before: pick(before, changed), after: pick(after, changed) }, scopePath: streetPath, now })
  })
  return readStreetSettings(db, streetId)
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>
}
