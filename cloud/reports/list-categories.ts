import type { AppDeps } from '../platform/context'
import { REPORT_CATEGORIES } from '../../types/reports'
import { onlyStreetId, routeLocation, streetCategorySettings } from './repository/routing'

/**
 * The 随手拍 categories a resident can choose: the street's display names, icons and time limits (管理 →
 * 设置), without the ones it turned off. The street is the one the point is in, else the only street
 * of the deployment; with neither, the standard list.
 */
export async function listCategories(deps: AppDeps, q: { lat?: number; lng?: number }) {
  const db = deps.db.kysely
  const streetId = q.lat !== undefined && q.lng !== undefined ? ((await routeLocation(db, q.lat, q.lng))?.streetId ?? null) : await onlyStreetId(db)
  const saved = streetId ? await streetCategorySettings(db, streetId) : []
  return {
    items: REPORT_CATEGORIES.flatMap(({ code, name, icon, limitMinutes }) => {
      const row = saved.find((r) => r.category === code)
      if (row && !row.enabled) return []
      return [{ code, name: row?.name ?? name, icon: row?.icon ?? icon, limitMinutes: row?.limit_minutes ?? limitMinutes }]
    }),
  }
}
