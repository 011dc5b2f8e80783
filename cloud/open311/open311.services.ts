import { REPORT_CATEGORIES } from '../../types/reports'

/** One Open311 service per 随手拍 category; the service_code is the category code. */
export function listServices() {
  return REPORT_CATEGORIES.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: `随手拍：${c.name}（办理时限 ${c.limitMinutes >= 1440 ? `${c.limitMinutes / 1440} 天` : `${c.limitMinutes / 60} 小时`}）`,
    metadata: false,
    type: 'realtime',
    keywords: c.name,
    group: '随手拍',
  }))
}

export function serviceDefinition(code: string) {
  const c = REPORT_CATEGORIES.find((x) => x.code === code)
  return c ? { service_code: c.code, attributes: [] } : null
}

/** open / closed as GeoReport sees it: resolved, closed, rejected and merged are closed. */
export const CLOSED_STATUSES = ['resolved', 'closed', 'rejected', 'merged'] as const
export const OPEN_STATUSES = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened'] as const
