import { z } from 'zod'
import { plainName, plainText, ZUuidSchema } from './common'

/** 时间银行 contracts (issue 6). Minutes are whole numbers; 60 minutes = 1 time coin. */

export const SERVICE_TYPES = ['companionship', 'shopping', 'cleaning', 'escort', 'repair', 'tech_help', 'haircut', 'meal_delivery'] as const
export const ZServiceTypeSchema = z.enum(SERVICE_TYPES, { message: '请选择服务类型' })
export type TServiceType = z.infer<typeof ZServiceTypeSchema>
export const SERVICE_TYPE_LABELS: Record<TServiceType, string> = {
  companionship: '陪伴聊天',
  shopping: '代买代购',
  cleaning: '打扫卫生',
  escort: '陪同就医',
  repair: '小修小补',
  tech_help: '教用手机',
  haircut: '上门理发',
  meal_delivery: '送餐上门',
}

export const REQUEST_STATUSES = ['open', 'accepted', 'in_service', 'awaiting_confirmation', 'disputed', 'confirmed', 'rejected', 'cancelled'] as const
export type TRequestStatus = (typeof REQUEST_STATUSES)[number]
export const REQUEST_STATUS_LABELS: Record<TRequestStatus, string> = {
  open: '等待志愿者接单',
  accepted: '已有志愿者接单',
  in_service: '服务中',
  awaiting_confirmation: '等待确认时长',
  disputed: '有异议，社区处理中',
  confirmed: '已确认',
  rejected: '未记时长',
  cancelled: '已取消',
}

/** A positive whole number of minutes. */
export const ZTimebankMinutesSchema = z
  .number({ message: '时长应为数字（分钟）' })
  .int({ message: '时长应为整数分钟' })
  .positive({ message: '时长应大于 0 分钟' })
  .max(90000, { message: '时长不能超过 90000 分钟' })

const ZLatSchema = z.number({ message: '纬度应为数字' }).min(-90, { message: '纬度不正确' }).max(90, { message: '纬度不正确' })
const ZLngSchema = z.number({ message: '经度应为数字' }).min(-180, { message: '经度不正确' }).max(180, { message: '经度不正确' })
export const ZTimebankLocationSchema = z.object({ lat: ZLatSchema, lng: ZLngSchema }, { message: '请提供位置' })
const ZInstantSchema = z.iso.datetime({ offset: true, message: '时间格式不正确' })
const ZVersionSchema = z.number({ message: '版本号应为数字' }).int({ message: '版本号应为整数' }).positive({ message: '版本号不正确' }).optional()

export const ZVolunteersNeededSchema = z
  .number({ message: '志愿者人数应为数字' })
  .int({ message: '志愿者人数应为整数' })
  .min(1, { message: '至少需要 1 名志愿者' })
  .max(20, { message: '最多 20 名志愿者' })

export const ZCreateServiceRequestSchema = z
  .object({
    /** Omitted: the caller asks for themselves. */
    elderId: ZUuidSchema.optional(),
    serviceType: ZServiceTypeSchema,
    startsAt: ZInstantSchema,
    endsAt: ZInstantSchema,
    /** Omitted: the elder's registered address. */
    address: plainName(z.string({ message: '地址应为文字' }).trim().min(1, { message: '请填写地址' }).max(200, { message: '地址不能超过 200 字' }).optional()),
    location: ZTimebankLocationSchema.optional(),
    estimateMinutes: z.number({ message: '预计时长应为数字' }).int({ message: '预计时长应为整数分钟' }).min(5, { message: '预计时长至少 5 分钟' }).max(480, { message: '预计时长不能超过 8 小时' }),
    maxMinutes: z
      .number({ message: '最长时长应为数字' })
      .int({ message: '最长时长应为整数分钟' })
      .min(5, { message: '最长时长至少 5 分钟' })
      .max(480, { message: '最长时长不能超过 8 小时' })
      .optional(),
    notes: plainText(z.string({ message: '备注应为文字' }).trim().max(300, { message: '备注不能超过 300 字' })).default(''),
    /** Staff only: how many volunteers the service needs (default 1). */
    volunteersNeeded: ZVolunteersNeededSchema.optional(),
  })
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), { message: '结束时间应晚于开始时间', path: ['endsAt'] })
  .refine((v) => v.maxMinutes === undefined || v.maxMinutes >= v.estimateMinutes, { message: '最长时长不能少于预计时长', path: ['maxMinutes'] })
export type TCreateServiceRequest = z.infer<typeof ZCreateServiceRequestSchema>

export const ZTimebankActionSchema = z.object({ version: ZVersionSchema })
export const ZAcceptServiceRequestSchema = ZTimebankActionSchema
export const ZAssignServiceRequestSchema = z.object({ volunteerId: ZUuidSchema, version: ZVersionSchema })
export const ZCancelServiceRequestSchema = z.object({
  reason: z.string({ message: '请填写取消原因' }).trim().min(1, { message: '请填写取消原因' }).max(200, { message: '原因不能超过 200 字' }),
  version: ZVersionSchema,
})
export const ZCheckInSchema = z.object({
  location: ZTimebankLocationSchema,
  /** Beyond the distance: the volunteer explains (定位不准, 在楼下等) and the check-in goes to staff review. */
  farReason: z.string({ message: '说明应为文字' }).trim().min(1, { message: '请说明为什么离服务地址较远' }).max(200, { message: '说明不能超过 200 字' }).optional(),
  version: ZVersionSchema,
})
const ZReasonSchema = z.string({ message: '请填写理由' }).trim().min(1, { message: '请填写理由' }).max(200, { message: '理由不能超过 200 字' })
export const ZReviewCheckInSchema = z
  .object({ decision: z.enum(['approve', 'reject'], { message: '请选择通过或不通过' }), reason: ZReasonSchema.optional(), version: ZVersionSchema })
  .refine((v) => v.decision === 'approve' || v.reason !== undefined, { message: '不通过时请填写理由', path: ['reason'] })
export type TReviewCheckIn = z.infer<typeof ZReviewCheckInSchema>
export const ZSetVolunteersNeededSchema = z.object({ volunteersNeeded: ZVolunteersNeededSchema, version: ZVersionSchema })
export type TSetVolunteersNeeded = z.infer<typeof ZSetVolunteersNeededSchema>
/** Staff adjust a person's minutes (+ or −) with a reason. */
export const ZAdjustMinutesSchema = z.object({
  userId: ZUuidSchema,
  minutes: z
    .number({ message: '调整时长应为数字（分钟）' })
    .int({ message: '调整时长应为整数分钟' })
    .min(-90000, { message: '调整不能超过 90000 分钟' })
    .max(90000, { message: '调整不能超过 90000 分钟' })
    .refine((n) => n !== 0, { message: '调整时长不能为 0' }),
  reason: ZReasonSchema,
})
export type TAdjustMinutes = z.infer<typeof ZAdjustMinutesSchema>
export const ZVolunteerApplicationSchema = z.object({
  /** 志愿者承诺: serve for free, never take money or gifts, keep elders' privacy. */
  pledge: z.literal(true, { message: '请阅读并同意志愿者承诺' }),
  skills: z.string({ message: '特长应为文字' }).trim().max(200, { message: '特长不能超过 200 字' }).default(''),
})
export const ZDecideVolunteerSchema = z
  .object({ decision: z.enum(['verify', 'reject'], { message: '请选择通过或不通过' }), reason: ZReasonSchema.optional() })
  .refine((v) => v.decision === 'verify' || v.reason !== undefined, { message: '不通过时请填写理由', path: ['reason'] })
export type TDecideVolunteer = z.infer<typeof ZDecideVolunteerSchema>
const ZTimebankMonthSchema = z.string({ message: '请选择月份' }).regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 2026-11' })
export const ZMonthlyReportQuerySchema = z.object({ month: ZTimebankMonthSchema })
export const ZCheckOutSchema = z
  .object({
    location: ZTimebankLocationSchema.optional(),
    /** Forgot to check out: the time the service really ended; the elder/staff confirm it. */
    proposedEndAt: ZInstantSchema.optional(),
    /** Beyond the distance: the volunteer explains and the check-out goes to staff review (as a far check-in). */
    farReason: z.string({ message: '说明应为文字' }).trim().min(1, { message: '请说明为什么离服务地址较远' }).max(200, { message: '说明不能超过 200 字' }).optional(),
    version: ZVersionSchema,
  })
  .refine((v) => v.location !== undefined || v.proposedEndAt !== undefined, { message: '请提供位置，或填写实际结束时间', path: ['location'] })
export const ZConfirmServiceSchema = z.object({
  /** The elder may confirm fewer minutes than recorded, never more. */
  minutes: ZTimebankMinutesSchema.optional(),
  rating: z.number({ message: '评分应为数字' }).int({ message: '评分应为 1–5 的整数' }).min(1, { message: '评分应为 1–5' }).max(5, { message: '评分应为 1–5' }),
  comment: z.string({ message: '评价应为文字' }).trim().max(300, { message: '评价不能超过 300 字' }).optional(),
  version: ZVersionSchema,
})
export const ZDisputeServiceSchema = z.object({
  reason: z.string({ message: '请说明有什么问题' }).trim().min(1, { message: '请说明有什么问题' }).max(300, { message: '不能超过 300 字' }),
  version: ZVersionSchema,
})
export const ZSettleDisputeSchema = z.object({
  decision: z.enum(['credit', 'reject'], { message: '请选择记时长或不记' }),
  minutes: ZTimebankMinutesSchema.optional(),
  reason: z.string({ message: '请填写处理理由' }).trim().min(1, { message: '请填写处理理由' }).max(300, { message: '不能超过 300 字' }),
  version: ZVersionSchema,
})
export type TCreateServiceRequestInput = z.input<typeof ZCreateServiceRequestSchema>
export type TAssignServiceRequest = z.infer<typeof ZAssignServiceRequestSchema>
export type TCancelServiceRequest = z.infer<typeof ZCancelServiceRequestSchema>
export type TCheckIn = z.infer<typeof ZCheckInSchema>
export type TCheckOut = z.infer<typeof ZCheckOutSchema>
export type TConfirmService = z.infer<typeof ZConfirmServiceSchema>
export type TDisputeService = z.infer<typeof ZDisputeServiceSchema>
export type TSettleDispute = z.infer<typeof ZSettleDisputeSchema>

export const ZGiftMinutesSchema = z.object({ toUserId: ZUuidSchema, minutes: ZTimebankMinutesSchema })
export type TGiftMinutes = z.infer<typeof ZGiftMinutesSchema>

export const ZReverseTimebankJournalSchema = z.object({
  reason: z.string({ message: '请填写冲正原因' }).trim().min(1, { message: '请填写冲正原因' }).max(200, { message: '不能超过 200 字' }),
})
export type TReverseTimebankJournal = z.infer<typeof ZReverseTimebankJournalSchema>

export const ZOpenRequestsQuerySchema = z
  .object({
    serviceType: ZServiceTypeSchema.optional(),
    from: ZInstantSchema.optional(),
    to: ZInstantSchema.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** Nearby: the volunteer's position; open requests with coordinates within radiusM, nearest first. */
    lat: z.coerce.number({ message: '纬度应为数字' }).min(-90, { message: '纬度不正确' }).max(90, { message: '纬度不正确' }).optional(),
    lng: z.coerce.number({ message: '经度应为数字' }).min(-180, { message: '经度不正确' }).max(180, { message: '经度不正确' }).optional(),
    radiusM: z.coerce.number({ message: '范围应为数字' }).int({ message: '范围应为整数米' }).min(100, { message: '范围至少 100 米' }).max(20000, { message: '范围不能超过 20 公里' }).default(3000),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: '请同时提供经度和纬度', path: ['lat'] })
export type TOpenRequestsQuery = z.infer<typeof ZOpenRequestsQuerySchema>

export const ZStaffRequestsQuerySchema = z.object({
  status: z.enum(['open', 'disputed', 'awaiting_confirmation', 'review'], { message: '状态不正确' }).default('open'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type TStaffRequestsQuery = z.infer<typeof ZStaffRequestsQuerySchema>

export const ZCertificateCodeSchema = z.string().regex(/^[A-Z0-9]{12}$/)

export interface TServiceRequest {
  id: string
  communityId: string
  elderId: string
  elderName: string
  requestedBy: string
  requestedByName: string
  serviceType: TServiceType
  serviceTypeLabel: string
  startsAt: string
  endsAt: string
  address: string
  estimateMinutes: number
  maxMinutes: number
  notes: string
  status: TRequestStatus
  statusLabel: string
  version: number
  volunteerId: string | null
  volunteerName: string | null
  checkInAt: string | null
  checkOutAt: string | null
  checkOutProposed: boolean
  minutes: number | null
  creditedMinutes: number | null
  capNote: string | null
  rating: number | null
  comment: string | null
  disputeReason: string | null
  settleReason: string | null
  cancelReason: string | null
  lateCancel: boolean
  autoConfirmAt: string | null
  createdAt: string
  /** How many volunteers the request needs and how many places are taken (a group when > 1). */
  volunteersNeeded: number
  placesTaken: number
  /** A volunteer's place in a group request: the group's id. */
  parentId: string | null
  checkInDistanceM: number | null
  /** Far check-in: 'pending' until staff approve or reject it. */
  checkInReview: 'pending' | 'approved' | 'rejected' | null
  checkInReviewReason: string | null
  /** Nearby list only: metres from the volunteer. */
  distanceM?: number
  /** A group's places (one per volunteer), on the detail only. */
  places?: TServiceRequest[]
}

export interface TVolunteerApplication {
  id: string
  userId: string
  name: string
  age: number | null
  phone: string | null
  skills: string
  status: 'pending' | 'verified' | 'rejected'
  reason: string | null
  createdAt: string
}

export interface TMonthlyHoursRow {
  volunteerId: string
  name: string
  communityName: string
  services: number
  minutes: number
  adjustMinutes: number
}
export interface TMonthlyHoursReport {
  month: string
  rows: TMonthlyHoursRow[]
  totalServices: number
  totalMinutes: number
}

export interface TMyTimebank {
  balanceMinutes: number
  earnedMinutes: number
  servicesDone: number
  todayCreditedMinutes: number
  dailyCapMinutes: number
  lifetimeCreditedMinutes: number
  lifetimeCapMinutes: number
  history: { journalId: string; kind: string; memo: string; minutes: number; createdAt: string }[]
}

/** 联系请求人: the numbers the accepted volunteer may call (requester, the elder, family), shown on tap. */
export interface TServiceContacts {
  contacts: { name: string; relation: '请求人' | '老人本人' | '家属'; phone: string }[]
}

/** What anyone sees when checking a certificate by its code (GET /timebank/certificates/:code). */
export interface TCertificateCheck {
  valid: true
  code: string
  /** Masked: 张*明. */
  name: string
  totalMinutes: number
  totalHours: number
  services: number
  issuedAt: string
  periodFrom: string | null
  issuer: string
}

/** The in-app page that checks a certificate: what its QR and link open (H5 and mini-program alike). */
export function certificatePagePath(code: string): string {
  return `/packages/timebank/verify/index?code=${encodeURIComponent(code)}`
}

export interface TCertificate {
  code: string
  name: string
  totalMinutes: number
  totalHours: number
  services: number
  issuedAt: string
  verifyUrl: string
  qrDataUrl?: string
  /** First credited service (the period the certificate covers ends at issuedAt). */
  periodFrom?: string | null
  /** PNG of the certificate (path under /api/v1). */
  imagePath?: string
}
