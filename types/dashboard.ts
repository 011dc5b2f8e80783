import { z } from 'zod'
import { ZCursorQuerySchema, ZUuidSchema } from './common'

/** 报表通 contracts: the dashboard, its drill-downs, the targeted lists and the monthly reports. */

const ZDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })

export const ZDashboardQuerySchema = z
  .object({
    orgUnitId: ZUuidSchema,
    from: ZDaySchema,
    to: ZDaySchema,
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { message: '一次最多看一年多的数据', path: ['to'] })
export type TDashboardQuery = z.infer<typeof ZDashboardQuerySchema>

export interface TReportFigures {
  received: number
  accepted: number
  resolved: number
  resolvedOnTime: number
  overdueNow: number
  medianHoursToAccept: number | null
  medianHoursToResolve: number | null
  avgRating: number | null
  reopened: number
}

export interface TDashboardFigures {
  reports: TReportFigures
  /** null for a department: its figures are its own queue's */
  points: { earned: number; spent: number; expiring: number; activeResidents: number } | null
  timebank: { minutesServed: number; openOver48h: number; activeVolunteers: number } | null
  checkups: { eligible: number; booked: number; noShows: number } | null
}

export interface TDashboard extends TDashboardFigures {
  orgUnitId: string
  orgUnitName: string
  kind: string
  from: string
  to: string
  /** the period of the same length just before (week on week, month on month) */
  previous: TDashboardFigures & { from: string; to: string }
  /** received and resolved per day, for the trend line */
  trend: { day: string; received: number; resolved: number }[]
  /** reports received in the period by category, most first */
  byCategory: { category: string; name: string; count: number }[]
  /** open reports past their deadline now, by who holds them */
  overdueByGrid: { orgUnitId: string; name: string; count: number }[]
  overdueByDepartment: { orgUnitId: string; name: string; count: number }[]
  /** the same category within 100 m three or more times in the 30 days up to `to` */
  hotspots: { category: string; name: string; lat: number; lng: number; count: number; reportIds: string[] }[]
  /** for a street or 片区: each community's key figures (tap one to open its dashboard) */
  byCommunity: { orgUnitId: string; name: string; received: number; resolved: number; resolvedOnTime: number; overdueNow: number }[]
  /** days up to this one come from the daily rows; later days were counted live */
  materialisedThrough: string | null
}

/** What a figure's drill-down lists: the rows behind the number. */
export const DRILL_FIGURES = ['received', 'accepted', 'resolved', 'resolvedOnTime', 'resolvedLate', 'overdueNow', 'reopened'] as const
export const ZDrillQuerySchema = z
  .object({
    orgUnitId: ZUuidSchema,
    from: ZDaySchema,
    to: ZDaySchema,
    figure: z.enum(DRILL_FIGURES, { message: '没有这项数字' }),
  })
  .extend(ZCursorQuerySchema.shape)
export type TDrillQuery = z.infer<typeof ZDrillQuerySchema>

export interface TDrillRow {
  id: string
  number: string
  category: string
  categoryName: string
  status: string
  communityName: string
  gridName: string
  createdAt: string
  deadlineAt: string
  /** when the counted event happened (accepted, resolved, reopened) */
  at: string | null
}

export const ZUnbookedQuerySchema = z
  .object({
    campaignId: ZUuidSchema,
    /** only those with no call yet, or whose latest call has this outcome */
    outcome: z.enum(['none', 'declined', 'will_book', 'unreachable']).optional(),
  })
  .extend(ZCursorQuerySchema.shape)
export type TUnbookedQuery = z.infer<typeof ZUnbookedQuerySchema>

export const CALL_OUTCOMES = { declined: '不参加', will_book: '会预约', unreachable: '联系不上' } as const
export type TCallOutcome = keyof typeof CALL_OUTCOMES

export interface TUnbookedElder {
  elderId: string
  name: string
  age: number | null
  phoneMasked: string | null
  address: string | null
  communityName: string
  livesAlone: boolean | null
  family: { name: string; relation: string; phoneMasked: string | null }[]
  emergencyContact: string | null
  lastCall: { outcome: TCallOutcome; note: string; by: string; at: string } | null
}

export const ZMarkCallSchema = z.object({
  campaignId: ZUuidSchema,
  outcome: z.enum(['declined', 'will_book', 'unreachable'], { message: '请选择联系结果' }),
  note: z.string().trim().max(200, { message: '备注最多 200 字' }).default(''),
})
export type TMarkCall = z.infer<typeof ZMarkCallSchema>

export const ZMonthlyReportsQuerySchema = z.object({ orgUnitId: ZUuidSchema })
export const ZMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' })

export interface TMonthlyReport {
  orgUnitId: string
  month: string
  generatedAt: string
  figures: TDashboardFigures
}
