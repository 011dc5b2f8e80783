import { z } from 'zod'
import { plainName, plainText, ZCursorQuerySchema, ZUploadKeySchema, ZUuidSchema } from './common'

/** 积分制 contracts (issue 5). Points are whole numbers; 1 point ≈ 1 yuan of goods. */

export const POINTS_RULE_KINDS = ['valid_report', 'volunteer_service', 'garbage_sorting', 'event_attendance', 'neighbour_help', 'accepted_suggestion', 'custom'] as const
export const ZPointsRuleKindSchema = z.enum(POINTS_RULE_KINDS, { message: '请选择积分事项类型' })
export type TPointsRuleKind = z.infer<typeof ZPointsRuleKindSchema>
export const POINTS_RULE_KIND_LABELS: Record<TPointsRuleKind, string> = {
  valid_report: '随手拍有效上报',
  volunteer_service: '志愿服务',
  garbage_sorting: '垃圾分类打卡',
  event_attendance: '参加社区活动',
  neighbour_help: '邻里互助',
  accepted_suggestion: '建议被采纳',
  custom: '其他',
}

export const GOODS_KINDS = ['goods', 'property_voucher', 'service'] as const
export const ZGoodsKindSchema = z.enum(GOODS_KINDS, { message: '请选择商品类型' })
export type TGoodsKind = z.infer<typeof ZGoodsKindSchema>
export const GOODS_KIND_LABELS: Record<TGoodsKind, string> = { goods: '实物', property_voucher: '物业费抵扣券', service: '服务/优先权' }

export const JOURNAL_KINDS = ['earn', 'hold', 'redeem', 'release', 'reverse', 'expire', 'adjust'] as const
export type TJournalKind = (typeof JOURNAL_KINDS)[number]

/** A positive whole number of points (no fractions, no negatives, no absurd sizes). */
export const ZPointsSchema = z.number({ message: '积分应为数字' }).int({ message: '积分应为整数' }).positive({ message: '积分应大于 0' }).max(100000, { message: '积分不能超过 100000' })
const ZCapSchema = z.number({ message: '上限应为数字' }).int({ message: '上限应为整数' }).positive({ message: '上限应大于 0' }).max(1000000).nullable()
const ZDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
const ZReasonSchema = z.string({ message: '请填写原因' }).trim().min(2, { message: '请填写原因（至少 2 个字）' }).max(200, { message: '原因不能超过 200 字' })
const ZCommunityIdSchema = ZUuidSchema.optional()

// ---- balance and history ----

export const ZMyPointsSchema = z.object({
  communityId: z.string().nullable(),
  available: z.number().int(),
  held: z.number().int(),
  /** Points that expire at the end of this year (31 December), and that date; earnedThisYear counts credits opened this year. */
  expiringSoon: z.number().int(),
  expiringOn: z.string().nullable(),
  earnedThisYear: z.number().int(),
})
export type TMyPoints = z.infer<typeof ZMyPointsSchema>

export const ZPointsHistoryItemSchema = z.object({
  id: z.string(),
  journalId: z.string(),
  kind: z.enum(JOURNAL_KINDS),
  /** Change of the available balance (held moves are shown with bucket 'held'). */
  bucket: z.enum(['available', 'held']),
  points: z.number().int(),
  memo: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
})
export type TPointsHistoryItem = z.infer<typeof ZPointsHistoryItemSchema>
export const ZPointsHistoryQuerySchema = ZCursorQuerySchema

// ---- rules ----

export const ZPointsRuleSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  kind: ZPointsRuleKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  description: z.string(),
  points: z.number().int(),
  needsReview: z.boolean(),
  dailyCap: z.number().int().nullable(),
  monthlyCap: z.number().int().nullable(),
  activeFrom: z.string().nullable(),
  activeUntil: z.string().nullable(),
  active: z.boolean(),
})
export type TPointsRule = z.infer<typeof ZPointsRuleSchema>

export const ZSaveRuleRequestSchema = z.object({
  communityId: ZCommunityIdSchema,
  kind: ZPointsRuleKindSchema,
  name: z.string({ message: '请填写名称' }).trim().min(1, { message: '请填写名称' }).max(60, { message: '名称不能超过 60 字' }),
  description: z.string().trim().max(500, { message: '说明不能超过 500 字' }).default(''),
  points: ZPointsSchema,
  needsReview: z.boolean().default(false),
  dailyCap: ZCapSchema.default(null),
  monthlyCap: ZCapSchema.default(null),
  activeFrom: ZDateSchema.nullable().default(null),
  activeUntil: ZDateSchema.nullable().default(null),
  active: z.boolean().default(true),
})
export type TSaveRuleRequest = z.infer<typeof ZSaveRuleRequestSchema>

// ---- earning ----

export const EARNING_STATUSES = ['pending', 'credited', 'capped', 'rejected'] as const
export const ZEarningSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  userId: z.string(),
  userName: z.string(),
  status: z.enum(EARNING_STATUSES),
  points: z.number().int(),
  note: z.string(),
  /** Why nothing (or less) was credited: over a cap, rejected by staff. */
  reason: z.string().nullable(),
  createdAt: z.string(),
})
export type TEarning = z.infer<typeof ZEarningSchema>

export const ZEventCheckInRequestSchema = z.object({
  code: z.string({ message: '请扫描活动二维码' }).trim().min(10, { message: '二维码无效' }).max(500, { message: '二维码无效' }),
})
export type TEventCheckInRequest = z.infer<typeof ZEventCheckInRequestSchema>

export const ZApplyPointsRequestSchema = z.object({
  ruleId: ZUuidSchema,
  note: z.string({ message: '请说明做了什么' }).trim().min(2, { message: '请说明做了什么（至少 2 个字）' }).max(500, { message: '说明不能超过 500 字' }),
})
export type TApplyPointsRequest = z.infer<typeof ZApplyPointsRequestSchema>

export const ZRejectEarningRequestSchema = z.object({ reason: ZReasonSchema })
export const ZEarningQueueQuerySchema = ZCursorQuerySchema.extend({ status: z.enum(EARNING_STATUSES).default('pending') })

export const ZCreateEventRequestSchema = z.object({
  communityId: ZCommunityIdSchema,
  ruleId: ZUuidSchema,
  title: z.string({ message: '请填写活动名称' }).trim().min(1, { message: '请填写活动名称' }).max(60, { message: '活动名称不能超过 60 字' }),
  /** How long the printed / shown code stays valid. */
  validMinutes: z
    .number()
    .int({ message: '有效时间应为整数分钟' })
    .min(5, { message: '有效时间至少 5 分钟' })
    .max(60 * 24 * 31, { message: '有效时间最长 31 天' })
    .default(120),
})
export const ZEventCodeSchema = z.object({
  eventId: z.string(),
  title: z.string(),
  code: z.string(),
  /** Path of the H5 check-in page with the code: scanning the QR opens it. */
  url: z.string(),
  qrDataUrl: z.string(),
  expiresAt: z.string(),
})
export type TEventCode = z.infer<typeof ZEventCodeSchema>

export const ZAdjustPointsRequestSchema = z.object({
  userId: ZUuidSchema,
  points: z
    .number({ message: '积分应为数字' })
    .int({ message: '积分应为整数' })
    .min(-100000, { message: '一次最多扣减 100000 分' })
    .max(100000, { message: '一次最多增加 100000 分' })
    .refine((n) => n !== 0, { message: '调整的积分不能为 0' }),
  reason: ZReasonSchema,
})
export type TAdjustPointsRequest = z.infer<typeof ZAdjustPointsRequestSchema>
export const ZReverseJournalRequestSchema = z.object({ reason: ZReasonSchema })

export const ZJournalResultSchema = z.object({ journalId: z.string(), points: z.number().int() })

// ---- shop ----

export const ZGoodsSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  name: z.string(),
  description: z.string(),
  photoUrl: z.string().nullable(),
  /** The upload key behind photoUrl (sent back unchanged when the photo is kept). */
  photoKey: z.string().nullable(),
  kind: ZGoodsKindSchema,
  kindLabel: z.string(),
  price: z.number().int(),
  stock: z.number().int(),
  perPersonLimit: z.number().int().nullable(),
  activeFrom: z.string().nullable(),
  activeUntil: z.string().nullable(),
  active: z.boolean(),
})
export type TGoods = z.infer<typeof ZGoodsSchema>

export const ZSaveGoodsRequestSchema = z.object({
  communityId: ZCommunityIdSchema,
  name: plainName(z.string({ message: '请填写商品名称' }).trim().min(1, { message: '请填写商品名称' }).max(60, { message: '名称不能超过 60 字' })),
  description: plainText(z.string().trim().max(500, { message: '说明不能超过 500 字' })).default(''),
  /** The key POST /api/v1/uploads answered (photos/<sha-256>.jpg); never a URL or a path. */
  photoUrl: ZUploadKeySchema.nullable().default(null),
  kind: ZGoodsKindSchema.default('goods'),
  price: ZPointsSchema,
  stock: z.number({ message: '库存应为数字' }).int({ message: '库存应为整数' }).min(0, { message: '库存不能为负数' }).max(1000000),
  perPersonLimit: ZCapSchema.default(null),
  activeFrom: z.iso.datetime({ message: '时间格式不正确' }).nullable().default(null),
  activeUntil: z.iso.datetime({ message: '时间格式不正确' }).nullable().default(null),
  active: z.boolean().default(true),
})
export type TSaveGoodsRequest = z.infer<typeof ZSaveGoodsRequestSchema>

export const ZRedeemGoodsRequestSchema = z.object({ goodsId: ZUuidSchema })
export type TRedeemGoodsRequest = z.infer<typeof ZRedeemGoodsRequestSchema>

export const REDEMPTION_STATUSES = ['held', 'redeemed', 'released', 'cancelled'] as const
export const ZRedemptionSchema = z.object({
  id: z.string(),
  goodsId: z.string(),
  goodsName: z.string(),
  userName: z.string(),
  points: z.number().int(),
  /** 8 digits shown to staff at the counter (核销码). Only the owner and staff see it. */
  code: z.string(),
  /** What the staff scanner reads: linli:redeem:<id>:<code>. */
  qrText: z.string(),
  status: z.enum(REDEMPTION_STATUSES),
  holdUntil: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
})
export type TRedemption = z.infer<typeof ZRedemptionSchema>
export const ZRedemptionWithQrSchema = ZRedemptionSchema.extend({ qrDataUrl: z.string().nullable() })
export type TRedemptionWithQr = z.infer<typeof ZRedemptionWithQrSchema>

/** 核销: staff send the code they scanned or typed; a wrong code writes nothing. */
export const ZRedeemAtCounterRequestSchema = z.object({
  code: z
    .string({ message: '请输入核销码' })
    .trim()
    .regex(/^\d{8}$/, { message: '核销码是 8 位数字' }),
})
export const ZFindRedemptionQuerySchema = z.object({
  code: z
    .string({ message: '请输入核销码' })
    .trim()
    .regex(/^\d{8}$/, { message: '核销码是 8 位数字' }),
  communityId: ZCommunityIdSchema,
})

// ---- public lists and staff reports ----

export const ZMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' })
export const ZLeaderboardQuerySchema = z.object({ month: ZMonthSchema.optional() })
export const ZLeaderboardSchema = z.object({
  month: z.string(),
  communityName: z.string(),
  items: z.array(z.object({ rank: z.number().int(), name: z.string(), points: z.number().int() })),
})
export type TLeaderboard = z.infer<typeof ZLeaderboardSchema>

export const ZReconciliationSchema = z.object({
  communityId: z.string(),
  ok: z.boolean(),
  journals: z.number().int(),
  entries: z.number().int(),
  accounts: z.number().int(),
  unbalancedJournals: z.array(z.string()),
  driftedAccounts: z.array(z.object({ accountId: z.string(), available: z.number(), held: z.number(), entriesAvailable: z.number(), entriesHeld: z.number(), lots: z.number().nullable() })),
})
export type TReconciliation = z.infer<typeof ZReconciliationSchema>
export const ZCommunityQuerySchema = z.object({ communityId: ZCommunityIdSchema })

// ---- staff: adjustments and the monthly ledger report ----

export const ZResidentSearchQuerySchema = z.object({
  q: z.string({ message: '请输入姓名或手机号' }).trim().min(1, { message: '请输入姓名或手机号' }).max(40, { message: '搜索内容太长' }),
  communityId: ZCommunityIdSchema,
})
export const ZPointsResidentSchema = z.object({
  userId: z.string(),
  name: z.string(),
  /** 138****0001; null for elders registered without a phone. */
  phone: z.string().nullable(),
  available: z.number().int(),
  held: z.number().int(),
})
export type TPointsResident = z.infer<typeof ZPointsResidentSchema>

export const ZAdjustmentSchema = z.object({
  journalId: z.string(),
  userId: z.string(),
  userName: z.string(),
  points: z.number().int(),
  reason: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
})
export type TAdjustment = z.infer<typeof ZAdjustmentSchema>

export const ZLedgerReportQuerySchema = z.object({ month: ZMonthSchema.optional(), communityId: ZCommunityIdSchema })
export const JOURNAL_KIND_LABELS: Record<TJournalKind, string> = {
  earn: '获得积分',
  hold: '兑换冻结',
  redeem: '兑换核销',
  release: '冻结退回',
  reverse: '冲正',
  expire: '到期清零',
  adjust: '人工调整',
}
export const ZLedgerReportSchema = z.object({
  month: z.string(),
  communityName: z.string(),
  /** Per kind of journal: how many, points moved, and the net change of residents' points (available + held). */
  byKind: z.array(z.object({ kind: z.enum(JOURNAL_KINDS), label: z.string(), journals: z.number().int(), points: z.number().int(), residentNet: z.number().int() })),
  journals: z.number().int(),
  residentNet: z.number().int(),
  /** Residents' balances now (not at the month's end): what the community still owes in goods. */
  outstandingAvailable: z.number().int(),
  outstandingHeld: z.number().int(),
})
export type TLedgerReport = z.infer<typeof ZLedgerReportSchema>
