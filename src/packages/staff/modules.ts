import type { TRole } from '@contracts/org'

/**
 * The 工作台 modules and who may use them: the same role lists as the server's policies
 * (reports.policy QUEUE_ROLES, org.policy COUNTER_ROLES for 体检 / 时间银行 / 亲情绑定,
 * points.policy POINTS_STAFF_ROLES), so nobody is shown a module that answers 没有权限.
 */
export const COUNTER_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff']
export const POINTS_STAFF_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']
export const ADMIN_ROLES: readonly TRole[] = ['street_admin', 'cluster_lead']
export const DASHBOARD_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin', 'health_staff', 'department_staff']
// cloud/care/care.policy.ts ALERT_ROLES
export const CARE_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'street_admin']
// cloud/deliberation/deliberation.policy.ts DELIBERATION_STAFF
export const DELIBERATION_ROLES: readonly TRole[] = ['community_staff', 'cluster_lead', 'street_admin']
export const REPORT_QUEUE_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'street_admin', 'department_staff']

export interface StaffModule {
  key: string
  label: string
  url: string
  roles: readonly TRole[]
}

export const STAFF_MODULES: StaffModule[] = [
  // cloud/dashboard/dashboard.policy.ts: a department sees its own queue's figures
  { key: 'dashboard', label: '数据概览（趋势、超期、满意度、精准滴灌名单、月度报表）', url: '/packages/dashboard/index/index', roles: DASHBOARD_ROLES },
  { key: 'reports', label: '随手拍工单', url: '/packages/staff/reports/index/index', roles: REPORT_QUEUE_ROLES },
  { key: 'care', label: '关爱预警（独居老人用水异常、关爱登记）', url: '/packages/care/alerts/index', roles: CARE_ROLES },
  { key: 'checkups', label: '体检预约（签到、窗口预约、场次）', url: '/packages/checkups/staff/index/index', roles: COUNTER_ROLES },
  { key: 'points', label: '积分管理（核销、审核、规则、商品、调整、台账）', url: '/packages/points/staff/index', roles: POINTS_STAFF_ROLES },
  { key: 'timebank', label: '时间银行（派单、异议、签到复核、志愿者认证、月报）', url: '/packages/timebank/staff/index/index', roles: COUNTER_ROLES },
  // cloud/resources/resources.policy.ts RESOURCE_STAFF_ROLES (= POINTS_STAFF_ROLES)
  { key: 'resources', label: '场地与社会组织（预约审核、扫码签到、使用统计、组织认证）', url: '/packages/resources/staff/index', roles: POINTS_STAFF_ROLES },
  { key: 'deliberation', label: '议事协商（议题答复、表决、纸质选票、公示）', url: '/packages/deliberation/staff/index', roles: DELIBERATION_ROLES },
  // the server answers 404 to anyone else (cloud/admin/admin.policy.ts)
  { key: 'admin', label: '管理（组织架构、工作人员、网格边界、居民导入、设置、操作日志）', url: '/packages/admin/index/index', roles: ADMIN_ROLES },
]

export function hasAnyRole(roles: { role: TRole }[] | undefined, allowed: readonly TRole[]): boolean {
  return Boolean(roles?.some((r) => allowed.includes(r.role)))
}
