import { z } from 'zod'
import { ZPhoneSchema, ZUuidSchema } from './common'

/** 跨社区资源共享 and 社区社会组织 contracts (cloud/resources, cloud/organisations). */

const ZDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
const ZTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:mm' })
const ZInstantSchema = z.iso.datetime({ offset: true, message: '时间格式不正确' })

export const RESOURCE_KINDS = ['room', 'hall', 'court', 'equipment', 'service'] as const
export const ZResourceKindSchema = z.enum(RESOURCE_KINDS)
export type TResourceKind = z.infer<typeof ZResourceKindSchema>
export const RESOURCE_KIND_LABELS: Record<TResourceKind, string> = { room: '活动室', hall: '礼堂', court: '球场', equipment: '借用物品', service: '服务队' }

export const RESOURCE_AUDIENCES = ['own', 'street', 'organisations'] as const
export const ZResourceAudienceSchema = z.enum(RESOURCE_AUDIENCES)
export type TResourceAudience = z.infer<typeof ZResourceAudienceSchema>
export const RESOURCE_AUDIENCE_LABELS: Record<TResourceAudience, string> = { own: '仅本社区居民', street: '全街道居民', organisations: '登记的社会组织' }

export const BOOKING_STATUSES = ['pending', 'approved', 'refused', 'cancelled', 'checked_in', 'no_show'] as const
export type TBookingStatus = (typeof BOOKING_STATUSES)[number]
export const BOOKING_STATUS_LABELS: Record<TBookingStatus, string> = { pending: '待审核', approved: '已通过', refused: '未通过', cancelled: '已取消', checked_in: '已签到', no_show: '未到场' }

export const ZResourceSearchSchema = z.object({
  kind: ZResourceKindSchema.optional(),
  date: ZDaySchema.optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  radiusM: z.coerce.number().int().min(100).max(50_000).optional(),
})
export type TResourceSearch = z.infer<typeof ZResourceSearchSchema>

export interface TTakenRange {
  startsAt: string
  endsAt: string
  /** equipment: how many units that booking holds */
  quantity: number
}

export interface TResource {
  id: string
  name: string
  communityId: string
  communityName: string
  kind: TResourceKind
  description: string
  rules: string
  address: string
  photos: string[]
  capacity: number
  /** rooms, halls and courts: one booking at a time; equipment and service slots: a quantity each */
  exclusive: boolean
  openFrom: string
  openUntil: string
  maxMinutes: number
  audience: TResourceAudience
  needsApproval: boolean
  /** metres from the given point (or the caller's community), null when neither has a place */
  distanceM: number | null
  /** bookings that hold it on the asked date (no names) */
  taken: TTakenRange[]
}

export const ZBookResourceSchema = z
  .object({
    startsAt: ZInstantSchema,
    endsAt: ZInstantSchema,
    /** how many weekly occurrences in all (1 = just this one), all or nothing */
    repeatWeeks: z.number().int().min(1, { message: '至少 1 周' }).max(12, { message: '最多连续 12 周' }).optional(),
    quantity: z.number().int().min(1).max(1000).optional(),
    purpose: z.string().trim().max(200).optional(),
    /** book in a social organisation's name (its leader only) */
    organisationId: ZUuidSchema.optional(),
  })
  .refine((b) => Date.parse(b.startsAt) < Date.parse(b.endsAt), { message: '结束时间要晚于开始时间', path: ['endsAt'] })
export type TBookResource = z.infer<typeof ZBookResourceSchema>

/** One clash named in a 409 RESOURCE_TAKEN: the requested week and what already holds it. */
export interface TResourceClash {
  week: number
  startsAt: string
  endsAt: string
  taken: TTakenRange[]
  /** equipment: units still free in that range */
  available?: number
}

export interface TResourceBooking {
  id: string
  seriesId: string
  week: number
  resourceId: string
  resourceName: string
  resourceKind: TResourceKind
  communityId: string
  communityName: string
  address: string
  bookerName: string
  bookerCommunityName: string | null
  organisationId: string | null
  organisationName: string | null
  startsAt: string
  endsAt: string
  quantity: number
  status: TBookingStatus
  purpose: string
  decisionNote: string | null
  checkedInAt: string | null
  /** may the caller still cancel it online (until 2 h before) */
  cancellable: boolean
}

export interface TBookResult {
  seriesId: string
  items: TResourceBooking[]
}

export interface TBookingPass {
  bookingId: string
  code: string
  qrDataUrl: string
}

export const ZDecideBookingSchema = z.object({ decision: z.enum(['approve', 'refuse']), note: z.string().trim().max(200).optional() })
export type TDecideBooking = z.infer<typeof ZDecideBookingSchema>

export const ZResourceCheckInSchema = z.object({ code: z.string().trim().min(8).max(200) })

export const ZStaffBookingsQuerySchema = z.object({
  communityId: ZUuidSchema.optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  /** a day, or 'today' by the server's clock (the phone's date may differ) */
  date: z.union([ZDaySchema, z.literal('today')]).optional(),
})

export const ZSaveResourceSchema = z.object({
  communityId: ZUuidSchema.optional(),
  kind: ZResourceKindSchema,
  name: z.string().trim().min(2).max(40),
  description: z.string().trim().max(500).default(''),
  rules: z.string().trim().max(1000).default(''),
  address: z.string().trim().max(100).default(''),
  photos: z.array(z.string().max(200)).max(9).default([]),
  capacity: z.number().int().min(1).max(1000),
  openFrom: ZTimeSchema.default('08:00'),
  openUntil: ZTimeSchema.default('21:00'),
  maxMinutes: z.number().int().min(30).max(1440).default(240),
  audience: ZResourceAudienceSchema,
  needsApproval: z.boolean().default(true),
})
export type TSaveResource = z.infer<typeof ZSaveResourceSchema>

export const ZUsageQuerySchema = z.object({ communityId: ZUuidSchema.optional(), from: ZDaySchema, to: ZDaySchema })
export type TUsageQuery = z.infer<typeof ZUsageQuerySchema>

export interface TResourceUsageRow {
  resourceId: string
  name: string
  kind: TResourceKind
  bookings: number
  approvedOrUsed: number
  checkedIn: number
  noShows: number
  hoursBooked: number
  /** bookings made by residents of other communities */
  fromOtherCommunities: number
  byOrganisations: number
}
export interface TResourceUsage {
  communityId: string
  communityName: string
  from: string
  to: string
  rows: TResourceUsageRow[]
}

// ——— social organisations ———

export const ORGANISATION_KINDS = ['volunteer', 'elderly_care', 'youth', 'culture', 'sports', 'other'] as const
export type TOrganisationKind = (typeof ORGANISATION_KINDS)[number]
export const ORGANISATION_KIND_LABELS: Record<TOrganisationKind, string> = {
  volunteer: '志愿服务队',
  elderly_care: '为老服务',
  youth: '青少年',
  culture: '文化艺术',
  sports: '体育健身',
  other: '其他',
}
export const ORGANISATION_STATUS_LABELS = { pending: '待社区审核', verified: '已认证', rejected: '未通过' } as const

export const ZRegisterOrganisationSchema = z.object({
  name: z.string().trim().min(2, { message: '名称至少 2 个字' }).max(40),
  kind: z.enum(ORGANISATION_KINDS),
  description: z.string().trim().max(500).default(''),
  /** the host community; default: the leader's own */
  hostCommunityId: ZUuidSchema.optional(),
  memberPhones: z.array(ZPhoneSchema).max(50).default([]),
})
export type TRegisterOrganisation = z.infer<typeof ZRegisterOrganisationSchema>

export interface TOrganisationMember {
  userId: string
  name: string
  role: 'leader' | 'member'
}
export interface TOrganisation {
  id: string
  name: string
  kind: TOrganisationKind
  description: string
  status: 'pending' | 'verified' | 'rejected'
  hostCommunityId: string
  hostCommunityName: string
  leaderName: string
  memberCount: number
  /** the caller's role in it (null: staff looking at it) */
  myRole: 'leader' | 'member' | null
  members?: TOrganisationMember[]
  decisionNote: string | null
}

export const ZAddMemberSchema = z.object({ phone: ZPhoneSchema })
/** 以组织名义接单: the members who take places of a time bank request. */
export const ZTeamAcceptSchema = z.object({ memberIds: z.array(ZUuidSchema).min(1).max(50) })
export const ZDecideOrganisationSchema = z.object({ decision: z.enum(['verify', 'reject']), note: z.string().trim().max(200).optional() })

export const ZPublishActivitySchema = z
  .object({
    title: z.string().trim().min(2).max(40),
    description: z.string().trim().max(500).default(''),
    place: z.string().trim().max(100).default(''),
    startsAt: ZInstantSchema,
    endsAt: ZInstantSchema,
    bookingId: ZUuidSchema.optional(),
  })
  .refine((b) => Date.parse(b.startsAt) < Date.parse(b.endsAt), { message: '结束时间要晚于开始时间', path: ['endsAt'] })
export type TPublishActivity = z.infer<typeof ZPublishActivitySchema>

export interface TActivity {
  id: string
  organisationId: string
  organisationName: string
  title: string
  description: string
  place: string
  startsAt: string
  endsAt: string
  attendees: number
  /** has the caller signed in */
  signedIn: boolean
}

export interface TActivityCode {
  activityId: string
  code: string
  url: string
  qrDataUrl: string
  expiresAt: string
}

export const ZActivityCheckInSchema = z.object({ code: z.string().trim().min(10).max(300) })

export const ZOverviewQuerySchema = z.object({ orgUnitId: ZUuidSchema.optional(), from: ZDaySchema, to: ZDaySchema })
export interface TOrganisationOverviewRow {
  organisationId: string
  name: string
  kind: TOrganisationKind
  status: 'pending' | 'verified' | 'rejected'
  hostCommunityName: string
  members: number
  activities: number
  attendances: number
  hoursServed: number
  bookings: number
  hoursBooked: number
}
export interface TOrganisationOverview {
  orgUnitId: string
  orgUnitName: string
  from: string
  to: string
  rows: TOrganisationOverviewRow[]
}
