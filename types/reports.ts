import { z } from 'zod'
import { ZUuidSchema } from './common'
import { ZGeoGeometrySchema } from './org'

/** The ten categories of shared/DOMAIN.md, with default handler and time limit (minutes). */
export const REPORT_CATEGORIES = [
  { code: 'sanitation', name: '环境卫生', icon: '🧹', limitMinutes: 24 * 60, department: '绿化市容所' },
  { code: 'municipal', name: '市政设施', icon: '🚧', limitMinutes: 24 * 60, department: '水务所' },
  { code: 'greenery', name: '园林绿化', icon: '🌳', limitMinutes: 7 * 24 * 60, department: '绿化市容所' },
  { code: 'illegal_building', name: '违章搭建', icon: '🏚️', limitMinutes: 15 * 24 * 60, department: '城管中队' },
  { code: 'street_vending', name: '占道经营', icon: '🛒', limitMinutes: 24 * 60, department: '城管中队' },
  { code: 'noise', name: '噪音扰民', icon: '🔊', limitMinutes: 24 * 60, department: '城管中队' },
  { code: 'fire_safety', name: '消防安全', icon: '🧯', limitMinutes: 2 * 60, department: '城管中队' },
  { code: 'property', name: '物业管理', icon: '🏢', limitMinutes: 7 * 24 * 60, department: '物业管理办公室' },
  { code: 'traffic', name: '交通秩序', icon: '🚦', limitMinutes: 24 * 60, department: '城管中队' },
  { code: 'other', name: '其他', icon: '📌', limitMinutes: 7 * 24 * 60, department: null },
] as const

/**
 * The icons a street may give a 随手拍 category (管理 → 设置): the standard categories' own, and a few
 * more for renamed ones. A fixed set — emoji the app already shows on every platform, no uploads.
 */
export const CATEGORY_ICONS = ['🧹', '🚧', '🌳', '🏚️', '🛒', '🔊', '🧯', '🏢', '🚦', '📌', '💡', '🚰', '🗑️', '🐕', '🅿️', '🌊'] as const
export type TCategoryIcon = (typeof CATEGORY_ICONS)[number]

export const CATEGORY_CODES = REPORT_CATEGORIES.map((c) => c.code) as [TCategoryCode, ...TCategoryCode[]]
export type TCategoryCode = (typeof REPORT_CATEGORIES)[number]['code']
export const ZCategorySchema = z.enum(REPORT_CATEGORIES.map((c) => c.code) as [TCategoryCode, ...TCategoryCode[]], { message: '请选择问题类别' })

export const REPORT_STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'assigned', 'escalated', 'dispatched', 'in_progress', 'resolved', 'reopened', 'closed'] as const
export const ZReportStatusSchema = z.enum(REPORT_STATUSES)
export type TReportStatus = z.infer<typeof ZReportStatusSchema>
export const OPEN_STATUSES: readonly TReportStatus[] = ['submitted', 'accepted', 'assigned', 'escalated', 'dispatched', 'in_progress', 'reopened']

export const STATUS_LABELS: Record<TReportStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '未受理',
  merged: '已合并',
  assigned: '已派网格员',
  escalated: '已上报片区',
  dispatched: '已派部门',
  in_progress: '处理中',
  resolved: '已处理待确认',
  reopened: '重新处理',
  closed: '已办结',
}

export const LEVELS = ['grid', 'community', 'cluster', 'street'] as const
export type TLevel = (typeof LEVELS)[number]
export const LEVEL_LABELS: Record<TLevel, string> = { grid: '网格', community: '社区', cluster: '片区', street: '街道' }

export const REPORT_ACTIONS = ['support', 'accept', 'reject', 'merge', 'assign', 'escalate', 'dispatch', 'reassign', 'start', 'resolve', 'confirm', 'reopen', 'comment', 'note'] as const
export type TReportAction = (typeof REPORT_ACTIONS)[number]

const photoKey = z.string().regex(/^photos\/[0-9a-f]{64}\.jpg$/, { message: '照片编号不正确' })
const reason = (min: number, msg: string) => z.string({ message: msg }).trim().min(min, { message: msg }).max(300, { message: '最多 300 字' })

export const ZUploadResponseSchema = z.object({ key: z.string(), url: z.string(), thumbnailUrl: z.string(), width: z.number(), height: z.number() })
export type TUploadResponse = z.infer<typeof ZUploadResponseSchema>
/** Cloud mode: the photo was put in cloud storage with wx.cloud.uploadFile (tmp/uploads/…); this is its fileID. */
export const ZCloudUploadRequestSchema = z.object({ fileID: z.string().min(1).max(512) })
export type TCloudUploadRequest = z.infer<typeof ZCloudUploadRequestSchema>

export const ZLatSchema = z.number({ message: '请提供位置' }).min(-90).max(90)
export const ZLngSchema = z.number({ message: '请提供位置' }).min(-180).max(180)

export const ZSubmitReportRequestSchema = z
  .object({
    category: ZCategorySchema,
    description: z.string({ message: '请描述问题' }).trim().min(5, { message: '描述至少 5 个字' }).max(500, { message: '描述最多 500 字' }),
    lat: ZLatSchema,
    lng: ZLngSchema,
    address: z.string().trim().max(120, { message: '地址最多 120 字' }).optional(),
    photoKeys: z.array(photoKey, { message: '请上传照片' }).min(1, { message: '请至少上传 1 张照片' }).max(3, { message: '最多 3 张照片' }),
    anonymous: z.boolean().default(true),
    /** "不希望被联系": staff handling it will not be shown the reporter's number. */
    noContact: z.boolean().optional(),
    /**
     * Where lat/lng came from: the phone's current position ('device', needs the location consent),
     * a pin the person placed on the map ('map'), or a typed address ('address', no consent needed).
     */
    locationSource: z.enum(['device', 'map', 'address']).optional(),
  })
  .refine((r) => r.locationSource !== 'address' || Boolean(r.address), { message: '请填写地址', path: ['address'] })
export type TSubmitReportRequest = z.infer<typeof ZSubmitReportRequestSchema>

export const ZNearbyQuerySchema = z.object({
  lat: z.coerce.number({ message: '请提供位置' }).min(-90).max(90),
  lng: z.coerce.number({ message: '请提供位置' }).min(-180).max(180),
  category: ZCategorySchema.optional(),
})

/** /reports/categories: the street of this point decides names and which are on (else the only street). */
export const ZCategoriesQuerySchema = z.object({
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
})

export const ZRejectRequestSchema = z.object({ reason: reason(2, '请填写不受理的原因') })
export const ZMergeRequestSchema = z.object({ targetId: ZUuidSchema, reason: z.string().trim().max(300).optional() })
export const ZAssignRequestSchema = z.object({ assigneeId: ZUuidSchema, reason: z.string().trim().max(300).optional() })
export const ZEscalateRequestSchema = z.object({ reason: reason(2, '请说明为什么需要片区协调') })
export const ZDispatchRequestSchema = z.object({ departmentId: ZUuidSchema, reason: z.string().trim().max(300).optional() })
export const ZReassignRequestSchema = z.object({ reason: reason(2, '请说明为什么不归本单位处理') })
export const ZOptionalReasonSchema = z.object({ reason: z.string().trim().max(300).optional() })
export const ZResolveRequestSchema = z.object({
  note: reason(2, '请填写处理说明'),
  photoKeys: z.array(photoKey).min(1, { message: '请上传处理后的照片' }).max(3, { message: '最多 3 张照片' }),
})
export const ZConfirmRequestSchema = z.object({
  rating: z.number({ message: '请打分' }).int().min(1, { message: '评分为 1–5 星' }).max(5, { message: '评分为 1–5 星' }),
  comment: z.string().trim().max(300).optional(),
})
export const ZReopenRequestSchema = z.object({
  reason: reason(2, '请说明还有什么问题'),
  photoKeys: z.array(photoKey).max(3, { message: '最多 3 张照片' }).default([]),
})
export const ZCommentRequestSchema = z.object({
  text: reason(1, '请填写内容'),
  photoKeys: z.array(photoKey).max(3, { message: '最多 3 张照片' }).default([]),
})
export const ZNoteRequestSchema = z.object({ text: reason(1, '请填写内容') })

export const ZQueueQuerySchema = z.object({
  status: ZReportStatusSchema.optional(),
  category: ZCategorySchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type TQueueQuery = z.infer<typeof ZQueueQuerySchema>
export const ZListQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const ZPhotoSchema = z.object({ key: z.string(), url: z.string(), thumbnailUrl: z.string(), kind: z.enum(['before', 'after', 'comment', 'reopen']) })
export const ZReportEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  label: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  level: z.string(),
  /** Role label (网格员, 社区工作人员 …) — never a resident's name. */
  actorRole: z.string(),
  reason: z.string().nullable(),
  public: z.boolean(),
  at: z.string(),
})
/** What anyone may see: no reporter name, phone or openid. */
export const ZPublicReportSchema = z.object({
  id: z.string(),
  number: z.string(),
  category: ZCategorySchema,
  categoryName: z.string(),
  description: z.string(),
  lat: z.number(),
  lng: z.number(),
  /** Street-level address only for the public; the exact address for the reporter and staff. */
  address: z.string().nullable(),
  status: ZReportStatusSchema,
  statusLabel: z.string(),
  level: z.string(),
  holder: z.string(),
  deadlineAt: z.string(),
  overdue: z.boolean(),
  supporters: z.number(),
  photos: z.array(ZPhotoSchema),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  rating: z.number().nullable(),
  mergedInto: z.string().nullable(),
  rejectReason: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  timeline: z.array(ZReportEventSchema),
})
export type TPublicReport = z.infer<typeof ZPublicReportSchema>
export const ZReportDetailSchema = ZPublicReportSchema.extend({
  /** What the caller may do now (buttons). */
  can: z.array(z.string()),
  mine: z.boolean(),
  supported: z.boolean(),
  version: z.number(),
  /** Staff only: the reporter (never shown to the public). */
  reporter: z.object({ name: z.string(), phoneMasked: z.string().nullable(), contactable: z.boolean() }).nullable(),
  anonymous: z.boolean(),
  /** The reporter asked not to be called (shown to the reporter and to staff). */
  noContact: z.boolean(),
  communityName: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  /** The grid's boundary (GeoJSON, [lng, lat]) for the map on the ticket; null when unknown. */
  gridBoundary: ZGeoGeometrySchema.nullable(),
  departmentName: z.string().nullable(),
  assigneeName: z.string().nullable(),
})
export type TReportDetail = z.infer<typeof ZReportDetailSchema>
/** POST /api/v1/staff/reports/{id}/reporter-phone: the full number, for a call (audited). */
export const ZReporterPhoneResponseSchema = z.object({ name: z.string(), phone: z.string() })
export type TReporterPhoneResponse = z.infer<typeof ZReporterPhoneResponseSchema>
export const ZReportSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  category: ZCategorySchema,
  categoryName: z.string(),
  description: z.string(),
  status: ZReportStatusSchema,
  statusLabel: z.string(),
  level: z.string(),
  holder: z.string(),
  deadlineAt: z.string(),
  overdue: z.boolean(),
  supporters: z.number(),
  thumbnailUrl: z.string().nullable(),
  createdAt: z.string(),
  distanceMeters: z.number().optional(),
  /** Staff queue: the version the list was read at (bulk actions check it). */
  version: z.number().optional(),
  /** Staff queue: where (the grid it belongs to). */
  place: z.string().optional(),
})
export type TReportSummary = z.infer<typeof ZReportSummarySchema>
export const ZReportPageSchema = z.object({ items: z.array(ZReportSummarySchema), nextCursor: z.string().nullable() })
export type TReportPage = z.infer<typeof ZReportPageSchema>
export const ZQueueResponseSchema = ZReportPageSchema.extend({
  counts: z.object({ open: z.number(), overdue: z.number(), submitted: z.number() }),
  /** Badge counts stop here (a count equal to it means "this many or more", shown as 999+). */
  countCap: z.number().optional(),
})
export type TQueueResponse = z.infer<typeof ZQueueResponseSchema>
/** 批量操作: several reports of the queue at once, each its own versioned transition. */
export const BULK_ACTIONS = ['accept', 'assign'] as const
export const ZBulkReportsRequestSchema = z
  .object({
    action: z.enum(BULK_ACTIONS, { message: '只能批量受理或批量派给网格员' }),
    items: z
      .array(z.object({ id: ZUuidSchema, version: z.number().int().positive().optional() }), { message: '请选择工单' })
      .min(1, { message: '请至少选择 1 条工单' })
      .max(50, { message: '一次最多处理 50 条' })
      .refine((xs) => new Set(xs.map((x) => x.id)).size === xs.length, { message: '同一条工单选了两次' }),
    assigneeId: ZUuidSchema.optional(),
    reason: z.string().trim().max(300).optional(),
  })
  .refine((b) => b.action !== 'assign' || Boolean(b.assigneeId), { message: '请选择网格员', path: ['assigneeId'] })
export type TBulkReportsRequest = z.infer<typeof ZBulkReportsRequestSchema>
export const ZBulkResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  status: ZReportStatusSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type TBulkResult = z.infer<typeof ZBulkResultSchema>
export const ZBulkReportsResponseSchema = z.object({ results: z.array(ZBulkResultSchema), succeeded: z.number(), failed: z.number() })
export type TBulkReportsResponse = z.infer<typeof ZBulkReportsResponseSchema>
export const ZQueueExportQuerySchema = ZQueueQuerySchema.omit({ cursor: true, limit: true })

export const ZCategoryInfoSchema = z.object({ code: ZCategorySchema, name: z.string(), icon: z.string(), limitMinutes: z.number() })
export const ZStatsRowSchema = z.object({ unitId: z.string(), unitName: z.string(), kind: z.string(), byStatus: z.record(z.string(), z.number()), overdue: z.number() })
export type TStatsRow = z.infer<typeof ZStatsRowSchema>
