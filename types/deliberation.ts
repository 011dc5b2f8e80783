import { z } from 'zod'
import { plainName, plainText, ZCursorQuerySchema, ZUuidSchema } from './common'

/** 议事协商 contracts: topics (议题), answers, 议事会 meetings, votes (表决), results (公示), 落实. */

const ZTimeSchema = z.coerce.date({ message: '时间格式不正确' })
const ZPhotoKeysSchema = z.array(z.string().min(1).max(200)).max(6, { message: '最多 6 张照片' })

export const TOPIC_STATUSES = ['collecting', 'triage', 'accepted', 'merged', 'referred', 'declined'] as const
export type TTopicStatus = (typeof TOPIC_STATUSES)[number]
export const TOPIC_STATUS_LABELS: Record<TTopicStatus | 'expired', string> = {
  collecting: '征集支持中',
  expired: '征集已截止',
  triage: '待社区答复',
  accepted: '已列入议事会',
  merged: '已合并',
  referred: '已转交部门',
  declined: '不予采纳',
}

/** 议题类别 (the database checks the same keys in topics.category). */
export const TOPIC_CATEGORIES = ['parking', 'property', 'sanitation', 'lift', 'facilities', 'dispute', 'other'] as const
export type TTopicCategory = (typeof TOPIC_CATEGORIES)[number]
export const TOPIC_CATEGORY_LABELS: Record<TTopicCategory, string> = {
  parking: '停车',
  property: '物业服务',
  sanitation: '环境卫生',
  lift: '加装电梯',
  facilities: '公共设施',
  dispute: '邻里纠纷',
  other: '其他',
}
const ZTopicCategorySchema = z.enum(TOPIC_CATEGORIES, { message: '请选择议题类别' })

export const ZCreateTopicSchema = z
  .object({
    title: plainName(z.string().trim().min(2, { message: '标题至少 2 个字' }).max(60, { message: '标题最多 60 个字' })),
    description: plainText(z.string().trim().min(5, { message: '请说说具体情况，至少 5 个字' }).max(2000, { message: '最多 2000 个字' })),
    photoKeys: ZPhotoKeysSchema.optional(),
    scopeOrgUnitId: ZUuidSchema.optional(),
    /** required when a resident proposes; a topic raised by staff without one is 其他 */
    category: ZTopicCategorySchema.optional(),
    lat: z.number({ message: '位置不正确' }).min(-90, { message: '位置不正确' }).max(90, { message: '位置不正确' }).optional(),
    lng: z.number({ message: '位置不正确' }).min(-180, { message: '位置不正确' }).max(180, { message: '位置不正确' }).optional(),
  })
  .refine((t) => (t.lat === undefined) === (t.lng === undefined), { message: '位置需同时包含经度和纬度', path: ['lng'] })
export type TCreateTopic = z.infer<typeof ZCreateTopicSchema>

export const ZTopicListQuerySchema = ZCursorQuerySchema.extend({
  orgUnitId: ZUuidSchema.optional(),
  status: z.enum([...TOPIC_STATUSES, 'open']).optional(),
  category: ZTopicCategorySchema.optional(),
})
export type TTopicListQuery = z.infer<typeof ZTopicListQuerySchema>

export const TOPIC_DECISIONS = ['accepted', 'merged', 'referred', 'declined'] as const
export type TTopicDecision = (typeof TOPIC_DECISIONS)[number]

export const ZAnswerTopicSchema = z
  .object({
    decision: z.enum(TOPIC_DECISIONS, { message: '请选择答复结果' }),
    reason: plainText(z.string().trim().min(2, { message: '请写明理由' }).max(1000)),
    departmentId: ZUuidSchema.optional(),
    mergedInto: ZUuidSchema.optional(),
  })
  .refine((a) => a.decision !== 'referred' || a.departmentId, { message: '转交部门时请选择部门', path: ['departmentId'] })
  .refine((a) => a.decision !== 'merged' || a.mergedInto, { message: '合并时请选择合并到的议题', path: ['mergedInto'] })
export type TAnswerTopic = z.infer<typeof ZAnswerTopicSchema>

export interface TTopicAnswer {
  decision: TTopicDecision
  decisionLabel: string
  reason: string
  departmentName: string | null
  mergedInto: string | null
  at: string
}

export interface TTopic {
  id: string
  title: string
  description: string
  status: TTopicStatus
  category: TTopicCategory
  categoryLabel: string
  /** where it is, when the author shared a place */
  location: { lat: number; lng: number } | null
  /** status as a resident reads it (征集已截止 when the window passed without enough supports) */
  statusLabel: string
  supports: number
  threshold: number
  collectUntil: string
  scopeOrgUnitId: string
  scopeName: string
  /** masked (王*), or 社区 for a topic raised by staff */
  authorName: string
  byStaff: boolean
  photoUrls: string[]
  createdAt: string
  mine: boolean
  supported: boolean
  following: boolean
  answer: TTopicAnswer | null
}

export interface TTopicDetail extends TTopic {
  answers: TTopicAnswer[]
  votes: { id: string; title: string; status: TVoteStatus }[]
  meetings: { id: string; title: string; startsAt: string; decision: string | null }[]
  actions: TActionItem[]
}

// ---- 落实

export interface TActionItem {
  id: string
  topicId: string
  title: string
  progress: number
  milestones: { id: string; title: string; progress: number; note: string; photoUrls: string[]; at: string }[]
}

export const ZCreateActionSchema = z.object({ title: plainName(z.string().trim().min(2).max(80)) })
export const ZAddMilestoneSchema = z.object({
  title: plainName(z.string().trim().min(2, { message: '请写明进展' }).max(80)),
  progress: z.number().int().min(0).max(100),
  note: plainText(z.string().trim().max(1000)).optional(),
  photoKeys: ZPhotoKeysSchema.optional(),
})
export type TAddMilestone = z.infer<typeof ZAddMilestoneSchema>

// ---- 议事会

export const ZCreateMeetingSchema = z.object({
  communityId: ZUuidSchema.optional(),
  title: plainName(z.string().trim().min(2).max(60)),
  startsAt: ZTimeSchema,
  place: plainName(z.string().trim().min(1).max(100)),
  members: z
    .array(z.object({ role: plainName(z.string().trim().min(1).max(30)), name: plainName(z.string().trim().min(1).max(30)) }))
    .max(40)
    .default([]),
  topicIds: z.array(ZUuidSchema).max(20).default([]),
})
export type TCreateMeeting = z.infer<typeof ZCreateMeetingSchema>

export const ZMinutesSchema = z.object({
  minutes: plainText(z.string().trim().min(2).max(5000)),
  decisions: z
    .array(z.object({ topicId: ZUuidSchema, decision: plainText(z.string().trim().min(1).max(1000)) }))
    .max(20)
    .default([]),
})
export type TMinutes = z.infer<typeof ZMinutesSchema>

export const ZCheckInSchema = z.object({ code: z.string().min(10).max(300) })

export interface TMeeting {
  id: string
  title: string
  startsAt: string
  place: string
  members: { role: string; name: string }[]
  agenda: { topicId: string; title: string; decision: string | null }[]
  minutes: string | null
  published: boolean
  attendees: number
  signedIn: boolean
}

// ---- 表决

export const VOTE_KINDS = ['single', 'multi', 'budget'] as const
export const ELECTORATES = ['residents', 'households', 'owners'] as const
export const VOTE_RULES = ['plurality', 'majority', 'art278_major', 'art278_ordinary'] as const
export type TVoteRule = (typeof VOTE_RULES)[number]
export const ELECTORATE_LABELS: Record<(typeof ELECTORATES)[number], string> = { residents: '本范围居民每人一票', households: '每户（房屋）一票', owners: '业主每套房屋一票' }

export const ZCreateVoteSchema = z
  .object({
    orgUnitId: ZUuidSchema,
    title: plainName(z.string().trim().min(2).max(80)),
    description: plainText(z.string().trim().max(2000)).optional(),
    topicId: ZUuidSchema.optional(),
    options: z
      .array(z.object({ label: plainName(z.string().trim().min(1).max(60)), cost: z.number().int().min(0).max(1e10).optional() }))
      .min(2, { message: '至少两个选项' })
      .max(20),
    kind: z.enum(VOTE_KINDS),
    budget: z.number().int().positive().max(1e11).optional(),
    maxChoices: z.number().int().min(1).max(20).optional(),
    electorate: z.enum(ELECTORATES),
    secret: z.boolean(),
    changeable: z.boolean().default(true),
    rule: z.enum(VOTE_RULES).default('plurality'),
    quorumPercent: z.number().int().min(0).max(100).default(0),
    opensAt: ZTimeSchema,
    closesAt: ZTimeSchema,
  })
  .refine((v) => v.closesAt > v.opensAt, { message: '截止时间要晚于开始时间', path: ['closesAt'] })
  .refine((v) => v.kind !== 'budget' || (v.budget && v.options.every((o) => o.cost !== undefined)), { message: '预算表决要填总预算和每个项目的费用', path: ['budget'] })
  .refine((v) => !v.rule.startsWith('art278') || (v.kind === 'single' && v.electorate !== 'residents'), {
    message: '民法典第278条规则只用于按户或业主的单选表决（第一个选项为“同意”）',
    path: ['rule'],
  })
  .refine((v) => !v.maxChoices || v.maxChoices <= v.options.length, { message: '最多可选数不能超过选项数', path: ['maxChoices'] })
export type TCreateVote = z.infer<typeof ZCreateVoteSchema>

export const ZCastBallotSchema = z.object({
  choices: z.array(z.number().int().min(0).max(19)).max(20),
  /** a secret ballot is changed by presenting the receipt the first ballot gave */
  receipt: z.string().min(10).max(100).optional(),
})
export type TCastBallot = z.infer<typeof ZCastBallotSchema>

export const ZPaperBallotSchema = z.object({
  voterId: ZUuidSchema,
  choices: z.array(z.number().int().min(0).max(19)).max(20),
  idChecked: z.literal(true, { message: '请先核对投票人的身份证件' }).default(true),
})
export type TPaperBallot = z.infer<typeof ZPaperBallotSchema>

export const ZReceiptCheckSchema = z.object({ receipt: z.string().min(10).max(100) })

export const ZVoteListQuerySchema = ZCursorQuerySchema.extend({ orgUnitId: ZUuidSchema.optional() })
export const ZElectorQuerySchema = z.object({ q: z.string().trim().max(30).default('') })

export type TVoteStatus = 'scheduled' | 'open' | 'closed' | 'published'
export const VOTE_STATUS_LABELS: Record<TVoteStatus, string> = { scheduled: '未开始', open: '投票中', closed: '已截止', published: '已公示' }

export interface TVote {
  id: string
  orgUnitId: string
  orgUnitName: string
  topicId: string | null
  title: string
  description: string
  kind: (typeof VOTE_KINDS)[number]
  options: { label: string; cost: number | null }[]
  budget: number | null
  maxChoices: number | null
  electorate: (typeof ELECTORATES)[number]
  electorateLabel: string
  secret: boolean
  changeable: boolean
  rule: TVoteRule
  quorumPercent: number
  /** the pass and quorum rules in words, shown before voting */
  ruleText: string
  opensAt: string
  closesAt: string
  status: TVoteStatus
  statusLabel: string
  publishedAt: string | null
  /** the caller's own position (residents) */
  me: { eligible: boolean; voted: boolean; channel: 'online' | 'paper' | null; choices: number[] | null; votedByOther: string | null } | null
}

export interface TVoteResults {
  voteId: string
  eligible: number
  ballots: number
  paper: number
  online: number
  /** ballots / eligible, 0–100 with one decimal */
  turnout: number
  options: { label: string; votes: number; cost: number | null; area: number | null }[]
  /** households/owners votes with floor areas: the areas behind the figures */
  eligibleArea: number | null
  ballotArea: number | null
  outcome: { rule: TVoteRule; passed: boolean; text: string; checks: { label: string; value: string; ok: boolean }[] }
  status: TVoteStatus
  publishedAt: string | null
}

export interface TElector {
  userId: string
  name: string
  idNumberMasked: string | null
  house: string | null
  voted: 'online' | 'paper' | null
}
