import { z } from 'zod'
import { ZCursorQuerySchema, ZUuidSchema } from './common'

/**
 * 报表通 work lists (精准滴灌) beside the call list: each lists the people or reports that need a
 * hand, is exported as xlsx and is ticked off with a mark (who, when, how it went).
 */
export const WORK_LISTS = ['isolated-elders', 'expiring-points', 'inactive-volunteers', 'department-waiting'] as const
export type TWorkListName = (typeof WORK_LISTS)[number]

export const WORK_LIST_TITLES: Record<TWorkListName, string> = {
  'isolated-elders': '独居、卧床老人久未联系',
  'expiring-points': '本月积分到期的居民',
  'inactive-volunteers': '90 天没有服务的志愿者',
  'department-waiting': '等部门处理最久的随手拍',
}

/** The marks each list takes (outcome → 中文). */
export const WORK_LIST_OUTCOMES = {
  'isolated-elders': { visited: '上门看过', called: '电话联系上', unreachable: '联系不上' },
  'expiring-points': { notified: '已提醒', unreachable: '联系不上' },
  'inactive-volunteers': { will_return: '愿意继续', paused: '暂停服务', unreachable: '联系不上' },
  'department-waiting': { chased: '已催办', replied: '部门已答复' },
} as const satisfies Record<TWorkListName, Record<string, string>>

export const ZWorkListNameSchema = z.enum(WORK_LISTS, { message: '没有这张名单' })

export const ZWorkListQuerySchema = z
  .object({
    orgUnitId: ZUuidSchema,
    /** isolated-elders: no contact in the last N days */
    days: z.coerce.number().int().min(1, { message: '天数至少为 1' }).max(365, { message: '天数最多 365' }).default(30),
    /** only rows with no mark yet ('none') or whose latest mark has this outcome */
    outcome: z
      .string()
      .regex(/^[a-z_]{1,20}$/, { message: '没有这种结果' })
      .optional(),
  })
  .extend(ZCursorQuerySchema.shape)
export type TWorkListQuery = z.infer<typeof ZWorkListQuerySchema>

export const ZWorkListMarkSchema = z.object({
  /** the unit the list was opened for (the mark is checked against the same list) */
  orgUnitId: ZUuidSchema,
  outcome: z.string().min(1, { message: '请选择结果' }).max(20),
  note: z.string().trim().max(200, { message: '备注最多 200 字' }).default(''),
  /** isolated-elders: the N days of the list the mark was made on */
  days: z.coerce.number().int().min(1).max(365).default(30),
})
export type TWorkListMark = z.infer<typeof ZWorkListMarkSchema>

export interface TListMark {
  outcome: string
  note: string
  by: string
  at: string
}

export interface TIsolatedElder {
  subjectId: string
  name: string
  age: number | null
  phoneMasked: string | null
  address: string | null
  communityName: string
  livesAlone: boolean
  bedBound: boolean
  emergencyContact: string | null
  family: { name: string; relation: string; phoneMasked: string | null }[]
  /** the latest contact that counts (visit, service, booking, a successful call); null: none on record */
  lastContact: { kind: 'visit' | 'service' | 'booking' | 'mark'; at: string } | null
  lastMark: TListMark | null
}

export interface TExpiringPoints {
  subjectId: string
  name: string
  phoneMasked: string | null
  communityName: string
  /** points left in lots that expire from today to the month's last day */
  points: number
  expiresOn: string
  lastMark: TListMark | null
}

export interface TInactiveVolunteer {
  subjectId: string
  name: string
  phoneMasked: string | null
  communityName: string
  volunteerSince: string
  /** latest accept, check-in or confirmed service; null: never served */
  lastServiceAt: string | null
  services: number
  lastMark: TListMark | null
}

export interface TDepartmentWaiting {
  subjectId: string
  number: string
  categoryName: string
  status: string
  departmentName: string
  communityName: string
  gridName: string
  /** when the department got it (the latest dispatch, else when it was submitted straight to it) */
  waitingSince: string
  hoursWaiting: number
  deadlineAt: string
  overdue: boolean
  lastMark: TListMark | null
}

export interface TWorkListItems {
  'isolated-elders': TIsolatedElder
  'expiring-points': TExpiringPoints
  'inactive-volunteers': TInactiveVolunteer
  'department-waiting': TDepartmentWaiting
}

export interface TWorkListPage<N extends TWorkListName = TWorkListName> {
  list: N
  title: string
  items: TWorkListItems[N][]
  nextCursor: string | null
}

export const CONTACT_KINDS: Record<NonNullable<TIsolatedElder['lastContact']>['kind'], string> = {
  visit: '上门',
  service: '志愿服务',
  booking: '体检预约',
  mark: '联系记录',
}

/** 数据概览 map: open reports (overdue ones first), capped, and the hotspot centres. */
export interface TDashboardMap {
  points: { id: string; lat: number; lng: number; status: string; overdue: boolean; category: string; categoryName: string }[]
  /** open reports in scope; more than `points.length` when capped */
  total: number
  overdue: number
  capped: boolean
  hotspots: { category: string; name: string; lat: number; lng: number; count: number }[]
  /** the same drawn as SVG (data URI) for weapp and H5 alike */
  svg: string
}

/** A generated month as tables, read from the stored xlsx (the print page shows exactly the file). */
export interface TMonthlySheets {
  orgUnitId: string
  unitName: string
  month: string
  generatedAt: string
  sheets: { name: string; header: string[]; rows: (string | number | null)[][] }[]
}
