import { z } from 'zod'
import { ZOrgKindSchema, ZRoleSchema } from './org'
import { ZPhoneSchema, ZUuidSchema } from './common'
import { CATEGORY_CODES, CATEGORY_ICONS } from './reports'

/** Password change (first login with a one-time password, or after a reset). */
export const ZChangePasswordRequestSchema = z.object({
  currentPassword: z.string({ message: '请输入原密码' }).min(1, { message: '请输入原密码' }).max(200),
  newPassword: z.string({ message: '请输入新密码' }).min(1, { message: '请输入新密码' }).max(200),
})
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequestSchema>

const ZUnitName = z.string({ message: '请填写名称' }).trim().min(1, { message: '请填写名称' }).max(60, { message: '名称不超过 60 个字' })

export const ZCreateOrgUnitRequestSchema = z.object({
  kind: z.enum(['cluster', 'community', 'grid', 'department'], { message: '单位类型应为 片区、社区、网格 或 部门' }),
  name: ZUnitName,
  parentId: ZUuidSchema,
})
export type TCreateOrgUnitRequest = z.infer<typeof ZCreateOrgUnitRequestSchema>

export const ZUpdateOrgUnitRequestSchema = z
  .object({
    name: ZUnitName.optional(),
    parentId: ZUuidSchema.optional(),
    closed: z.boolean().optional(),
  })
  .refine((v) => v.name !== undefined || v.parentId !== undefined || v.closed !== undefined, { message: '请说明要修改什么' })
export type TUpdateOrgUnitRequest = z.infer<typeof ZUpdateOrgUnitRequestSchema>

export interface TOrgTreeNode {
  id: string
  kind: z.infer<typeof ZOrgKindSchema>
  name: string
  parentId: string | null
  closedAt: string | null
  staffCount: number
  children: TOrgTreeNode[]
}

export const ZRoleGrantSchema = z.object({ role: ZRoleSchema, orgUnitId: ZUuidSchema })
export const STAFF_USERNAME = /^[a-z0-9_.-]{3,32}$/
const ZStaffName = z.string({ message: '请填写姓名' }).trim().min(1, { message: '请填写姓名' }).max(40, { message: '姓名不超过 40 个字' })

export const ZCreateStaffRequestSchema = z.object({
  name: ZStaffName,
  username: z.string({ message: '请填写账号' }).trim().toLowerCase().regex(STAFF_USERNAME, { message: '账号为 3–32 位小写字母、数字或 _ . -' }),
  phone: ZPhoneSchema.optional().nullable(),
  roles: z.array(ZRoleGrantSchema).min(1, { message: '请至少分配一个角色' }).max(10),
})
export type TCreateStaffRequest = z.infer<typeof ZCreateStaffRequestSchema>

export const ZUpdateStaffRequestSchema = z.object({
  name: ZStaffName.optional(),
  phone: ZPhoneSchema.optional().nullable(),
  roles: z.array(ZRoleGrantSchema).max(10).optional(),
})
export type TUpdateStaffRequest = z.infer<typeof ZUpdateStaffRequestSchema>

export const ZStaffListQuerySchema = z.object({
  q: z.string().trim().max(40).optional(),
  role: ZRoleSchema.optional(),
  orgUnitId: ZUuidSchema.optional(),
  status: z.enum(['active', 'disabled', 'locked']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})
export type TStaffListQuery = z.infer<typeof ZStaffListQuerySchema>

export interface TStaffView {
  id: string
  name: string
  username: string
  phoneMasked: string | null
  roles: { role: z.infer<typeof ZRoleSchema>; orgUnitId: string; orgUnitName: string }[]
  disabled: boolean
  lockedUntil: string | null
  mustChangePassword: boolean
  demoAccount: boolean
  createdAt: string
}

export const ZCategorySettingSchema = z.object({
  category: z.enum(CATEGORY_CODES),
  name: z.string().trim().min(1).max(20, { message: '类别名称不超过 20 个字' }).nullable().optional(),
  /** one of CATEGORY_ICONS; null or absent keeps the standard icon */
  icon: z.enum(CATEGORY_ICONS, { message: '请从给出的图标中选择' }).nullable().optional(),
  enabled: z.boolean(),
  limitMinutes: z
    .number()
    .int()
    .min(30, { message: '办理时限至少 30 分钟' })
    .max(60 * 24 * 60, { message: '办理时限不超过 60 天' }),
  handlerLevel: z.enum(['grid', 'community', 'department']),
  departmentId: ZUuidSchema.nullable(),
  duplicateRadiusM: z.number().int().min(10, { message: '重复判断半径 10–2000 米' }).max(2000, { message: '重复判断半径 10–2000 米' }),
})

export const ZDefaultPointsRuleSchema = z.object({
  kind: z.enum(['valid_report', 'volunteer_service', 'garbage_sorting', 'event_attendance', 'neighbour_help', 'accepted_suggestion', 'custom']),
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).default(''),
  points: z.number().int().min(1).max(100000),
  needsReview: z.boolean(),
  dailyCap: z.number().int().min(1).nullable(),
  monthlyCap: z.number().int().min(1).nullable(),
})

export const ZStreetSettingsSchema = z.object({
  categories: z.array(ZCategorySettingSchema).max(20),
  pointsDefaultRules: z.array(ZDefaultPointsRuleSchema).max(30),
  checkup: z.object({
    minAge: z.number().int().min(50).max(100),
    cancelCutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '截止时间格式如 18:00' }),
  }),
  timebank: z.object({
    minVolunteerAge: z.number().int().min(16).max(80),
    minDrawAge: z.number().int().min(50).max(100),
    dailyCapMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    lifetimeCapMinutes: z.number().int().min(1).max(10_000_000),
    autoConfirmHours: z.number().int().min(1).max(720),
    maxDistanceM: z.number().int().min(50).max(5000),
  }),
})
export type TStreetSettings = z.infer<typeof ZStreetSettingsSchema>
export const ZSaveStreetSettingsRequestSchema = ZStreetSettingsSchema.partial()
export type TSaveStreetSettingsRequest = z.infer<typeof ZSaveStreetSettingsRequestSchema>

export const ZAuditQuerySchema = z.object({
  actorId: ZUuidSchema.optional(),
  subjectId: ZUuidSchema.optional(),
  action: z.string().trim().max(60).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式如 2026-12-01' })
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式如 2026-12-01' })
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})
export type TAuditQuery = z.infer<typeof ZAuditQuerySchema>

export interface TAuditEntry {
  id: string
  at: string
  actorId: string
  actorName: string
  subjectId: string | null
  subjectName: string | null
  action: string
  details: Record<string, unknown>
}

export const ADMIN_ACTION_LABELS: Record<string, string> = {
  'admin.street_created': '新建街道',
  'admin.password_reset': '重置密码',
  'admin.demo_purged': '清除演示账号',
  'admin.org_unit_created': '新建单位',
  'admin.org_unit_renamed': '单位改名',
  'admin.org_unit_moved': '调整上级',
  'admin.org_unit_closed': '撤销单位',
  'admin.org_unit_reopened': '恢复单位',
  'admin.staff_created': '新建工作人员',
  'admin.staff_updated': '修改工作人员',
  'admin.staff_disabled': '停用账号',
  'admin.staff_enabled': '启用账号',
  'admin.staff_unlocked': '解除锁定',
  'admin.staff_imported': '批量导入工作人员',
  'admin.settings_saved': '修改设置',
  'account.password_changed': '修改密码',
}
