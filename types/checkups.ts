import { z } from 'zod'
import { ZUuidSchema } from './common'

/** Contracts of 体检预约 (elderly checkup booking), shared by cloud/checkups and src/packages/checkups. */

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export const ZCheckupDateSchema = z
  .string({ message: '请填写日期' })
  .regex(DATE, { message: '日期格式应为 2026-12-01' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: '日期不存在' })
export const ZCheckupTimeSchema = z.string({ message: '请填写时间' }).regex(TIME, { message: '时间格式应为 08:30' })
/** An ISO instant with an offset, e.g. 2026-12-01T08:00:00+08:00. */
export const ZCheckupInstantSchema = z.iso.datetime({ offset: true, message: '时间格式不正确' })

/** Whole numbers with a 中文 message for every way they can be wrong. */
function count(label: string, min: number, max: number) {
  return z
    .number({ message: `${label}应为数字` })
    .int({ message: `${label}应为整数` })
    .min(min, { message: `${label}不能小于 ${min}` })
    .max(max, { message: `${label}不能大于 ${max}` })
}

export const BOOKING_STATUSES = ['booked', 'checked_in', 'done', 'cancelled', 'no_show'] as const
export const ZBookingStatusSchema = z.enum(BOOKING_STATUSES)
export type TBookingStatus = z.infer<typeof ZBookingStatusSchema>
export const BOOKING_STATUS_LABELS: Record<TBookingStatus, string> = {
  booked: '已预约',
  checked_in: '已签到',
  done: '已完成体检',
  cancelled: '已取消',
  no_show: '未到场',
}
export const BOOKING_CHANNELS = ['self', 'family', 'counter', 'phone', 'waitlist'] as const
export type TBookingChannel = (typeof BOOKING_CHANNELS)[number]
export const BOOKING_CHANNEL_LABELS: Record<TBookingChannel, string> = {
  self: '本人预约',
  family: '家人代约',
  counter: '社区窗口代约',
  phone: '电话预约',
  waitlist: '候补转正',
}

export const ZCampaignSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  year: z.number().int(),
  title: z.string(),
  minAge: z.number().int(),
  ageOn: z.string(),
  bring: z.string(),
  fasting: z.string(),
  releaseAt: z.string(),
  cancelCutoff: z.string(),
  heldBack: z.number().int(),
  offerMinutes: z.number().int(),
  status: z.enum(['open', 'closed']),
  /** Places a resident can still book across the campaign's future open sessions. */
  remaining: z.number().int(),
})
export type TCampaign = z.infer<typeof ZCampaignSchema>

export const ZSessionSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  /** Places a resident or family member can take now (held-back counter places excluded). */
  remaining: z.number().int(),
  status: z.enum(['open', 'closed']),
})
export type TSession = z.infer<typeof ZSessionSchema>

export const ZBookingSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignTitle: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  status: ZBookingStatusSchema,
  channel: z.enum(BOOKING_CHANNELS),
  bookedById: z.string(),
  bookedByName: z.string(),
  session: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string() }),
  bring: z.string(),
  fasting: z.string(),
  /** Until this instant the elder or family may cancel or reschedule online. */
  cancelUntil: z.string(),
  createdAt: z.string(),
  checkedInAt: z.string().nullable(),
})
export type TBooking = z.infer<typeof ZBookingSchema>

/** The booking with its check-in QR (only for the elder, their family with the scope, and staff). */
export const ZBookingDetailSchema = ZBookingSchema.extend({
  checkInCode: z.string(),
  /** The 8-character code printed under the QR ("K7P2-9QXM"): read out or typed at the site. */
  shortCode: z.string(),
  qrDataUrl: z.string(),
  /** The server's clock when this was read: the page offers 改约/取消 by it, since a phone's clock may be wrong. */
  serverNow: z.string(),
})
export type TBookingDetail = z.infer<typeof ZBookingDetailSchema>

export const WAITLIST_STATUSES = ['waiting', 'offered', 'accepted', 'expired', 'withdrawn'] as const
export const ZWaitlistEntrySchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  status: z.enum(WAITLIST_STATUSES),
  session: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string() }),
  createdAt: z.string(),
  offerExpiresAt: z.string().nullable(),
  /** 1 = next in line (waiting entries only). */
  position: z.number().int().nullable(),
})
export type TWaitlistEntry = z.infer<typeof ZWaitlistEntrySchema>

export const ZMyCheckupsSchema = z.object({
  /** Active and past bookings of me and of the elders I may book for. */
  bookings: z.array(ZBookingSchema),
  waitlist: z.array(ZWaitlistEntrySchema),
  /** Elders the caller may book for: themselves (if 65+) and linked elders with book_checkups. */
  elders: z.array(z.object({ id: z.string(), name: z.string(), age: z.number().int().nullable(), self: z.boolean(), healthConsent: z.boolean() })),
})
export type TMyCheckups = z.infer<typeof ZMyCheckupsSchema>

// ---- requests

export const ZBookCheckupRequestSchema = z.object({
  elderId: ZUuidSchema,
  sessionId: ZUuidSchema,
  /** Staff only: how the elder asked (窗口 / 电话). */
  channel: z.enum(['counter', 'phone'], { message: '预约方式只能是窗口或电话' }).optional(),
  /** Staff only: book someone outside the rule (age, registration) and say why. */
  overrideReason: z.string({ message: '请写明原因' }).trim().min(2, { message: '请写明原因' }).max(200, { message: '原因最多 200 个字' }).optional(),
})
export type TBookCheckupRequest = z.infer<typeof ZBookCheckupRequestSchema>

export const ZRescheduleBookingRequestSchema = z.object({ sessionId: ZUuidSchema })
export type TRescheduleBookingRequest = z.infer<typeof ZRescheduleBookingRequestSchema>

export const ZJoinWaitlistRequestSchema = z.object({ elderId: ZUuidSchema, sessionId: ZUuidSchema })
export type TJoinWaitlistRequest = z.infer<typeof ZJoinWaitlistRequestSchema>

/**
 * 签到 at the site by one of: `code` — what the QR reads (`linli:checkup:<long code>` or the long code)
 * or the 8-character code printed under it ("K7P2-9QXM", case, spaces and dashes ignored); or
 * `idNumber` — the elder's 18-digit ID-card number (found by its keyed hash, like the counter search).
 */
export const ZCheckInRequestSchema = z
  .object({
    code: z.string().trim().min(1, { message: '请输入签到码' }).max(80, { message: '签到码不对，请核对二维码下方的 8 位签到码' }).optional(),
    idNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, { message: '身份证号应为 18 位' })
      .transform((v) => v.toUpperCase())
      .optional(),
  })
  .refine((v) => (v.code === undefined) !== (v.idNumber === undefined), { message: '请输入签到码或身份证号（二选一）' })
export type TCheckInRequest = z.infer<typeof ZCheckInRequestSchema>

export const ZCreateCampaignRequestSchema = z.object({
  communityId: ZUuidSchema,
  year: count('年份', 2000, 2100),
  title: z.string({ message: '请填写名称' }).trim().min(1, { message: '请填写名称' }).max(60, { message: '名称最多 60 个字' }),
  // omitted: the street's default (管理 → 设置, 65 unless changed)
  minAge: count('年龄', 0, 120).optional(),
  ageOn: ZCheckupDateSchema.optional(),
  bring: z.string({ message: '请填写要带的东西' }).trim().max(500, { message: '最多 500 个字' }).default('身份证、医保卡、正在服用的药物'),
  fasting: z.string({ message: '请填写空腹要求' }).trim().max(500, { message: '最多 500 个字' }).default('体检前一晚 22:00 后不要吃东西，早上可以少量喝水'),
  releaseAt: ZCheckupInstantSchema,
  cancelCutoff: ZCheckupTimeSchema.optional(),
  heldBack: count('预留名额', 0, 1000).default(0),
  offerMinutes: count('候补保留分钟数', 5, 10080).default(120),
})
export type TCreateCampaignRequest = z.infer<typeof ZCreateCampaignRequestSchema>

export const ZCreateSessionsRequestSchema = z
  .object({
    /** First and last day (Shanghai), inclusive. */
    from: ZCheckupDateSchema,
    to: ZCheckupDateSchema,
    weekdaysOnly: z.boolean({ message: '请选择是否只排工作日' }).default(true),
    dayStart: ZCheckupTimeSchema,
    dayEnd: ZCheckupTimeSchema,
    slotMinutes: count('每场分钟数', 10, 480),
    capacity: count('每场人数', 1, 1000),
    place: z.string({ message: '请填写地点' }).trim().min(1, { message: '请填写地点' }).max(100, { message: '地点最多 100 个字' }),
  })
  .refine((v) => v.from <= v.to, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((v) => v.dayStart < v.dayEnd, { message: '结束时间要晚于开始时间', path: ['dayEnd'] })
  .refine((v) => (Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`)) / 86_400_000 <= 366, { message: '一次最多建一年的场次', path: ['to'] })
export type TCreateSessionsRequest = z.infer<typeof ZCreateSessionsRequestSchema>

export const ZUpdateSessionRequestSchema = z
  .object({
    capacity: count('每场人数', 0, 1000).optional(),
    place: z.string({ message: '请填写地点' }).trim().min(1, { message: '请填写地点' }).max(100, { message: '地点最多 100 个字' }).optional(),
    status: z.enum(['open', 'closed'], { message: '状态只能是开放或停止' }).optional(),
    /** Where to move the bookings that no longer fit (each elder is told). */
    moveTo: ZUuidSchema.optional(),
  })
  .refine((v) => v.capacity !== undefined || v.place !== undefined || v.status !== undefined, { message: '没有要修改的内容' })
export type TUpdateSessionRequest = z.infer<typeof ZUpdateSessionRequestSchema>

export const ZRequestHomeVisitRequestSchema = z.object({
  elderId: ZUuidSchema,
  campaignId: ZUuidSchema,
  note: z.string({ message: '备注应为文字' }).trim().max(300, { message: '备注最多 300 个字' }).default(''),
})
export type TRequestHomeVisitRequest = z.infer<typeof ZRequestHomeVisitRequestSchema>

export const ZScheduleHomeVisitRequestSchema = z
  .object({ staffId: ZUuidSchema, startsAt: ZCheckupInstantSchema, endsAt: ZCheckupInstantSchema })
  .refine((v) => Date.parse(v.startsAt) < Date.parse(v.endsAt), { message: '结束时间要晚于开始时间', path: ['endsAt'] })
export type TScheduleHomeVisitRequest = z.infer<typeof ZScheduleHomeVisitRequestSchema>

export const ZHomeVisitSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  status: z.enum(['requested', 'scheduled', 'done', 'cancelled']),
  note: z.string(),
  staffId: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
})
export type THomeVisit = z.infer<typeof ZHomeVisitSchema>

/** Someone who may be sent on a 上门体检 for the campaign's community (health centre or community staff). */
export const ZHomeVisitorSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(['health_staff', 'community_staff']) })
export type THomeVisitor = z.infer<typeof ZHomeVisitorSchema>

export const ZRosterQuerySchema = z.object({ date: ZCheckupDateSchema.optional() })

export const ZRosterEntrySchema = z.object({
  bookingId: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  age: z.number().int().nullable(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  address: z.string().nullable(),
  status: ZBookingStatusSchema,
  channel: z.enum(BOOKING_CHANNELS),
  session: z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), place: z.string() }),
  checkedInAt: z.string().nullable(),
  /** Family members who can be called (no-show call list). */
  familyContacts: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
  phone: z.string().nullable(),
})
export type TRosterEntry = z.infer<typeof ZRosterEntrySchema>
