import { z } from 'zod'
import { ZUuidSchema } from './common'

/** 独居老人关爱: water-meter enrolments, readings, alerts (cloud/care). */

export const ZCareAlertKindSchema = z.enum(['no_use', 'flow', 'quiet', 'device'])
export type TCareAlertKind = z.infer<typeof ZCareAlertKindSchema>
export const CARE_KIND_LABELS: Record<TCareAlertKind, string> = {
  no_use: '长时间未用水',
  flow: '持续用水不停',
  quiet: '深夜异常用水',
  device: '水表失联',
}

export const ZCareOutcomeSchema = z.enum(['safe', 'visited', 'emergency', 'false_alarm'])
export type TCareOutcome = z.infer<typeof ZCareOutcomeSchema>
export const CARE_OUTCOME_LABELS: Record<TCareOutcome | 'withdrawn', string> = {
  safe: '已联系，平安',
  visited: '已上门查看',
  emergency: '已呼叫急救/报警',
  false_alarm: '误报',
  withdrawn: '老人撤回同意，停止关爱',
}

const hour = z.number().int().min(0).max(23)
export const ZMeterIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{3,40}$/, { message: '水表编号为 3–40 位字母、数字或 - _ . :' })

/** Per-elder overrides of the community's rule defaults (null = the community's value). */
export const ZCareThresholdsSchema = z.object({
  noUseHours: z.number().int().min(4).max(48).nullable().optional(),
  flowHours: z.number().int().min(1).max(12).nullable().optional(),
  flowLitres: z.number().int().min(5).max(1000).nullable().optional(),
  quietLitres: z.number().int().min(1).max(1000).nullable().optional(),
  silentHours: z.number().int().min(2).max(72).nullable().optional(),
  quietStart: hour.nullable().optional(),
  quietEnd: hour.nullable().optional(),
})
export type TCareThresholds = z.infer<typeof ZCareThresholdsSchema>

export const ZCreateEnrolmentSchema = z
  .object({
    elderId: ZUuidSchema,
    meterId: ZMeterIdSchema,
    consent: z.object({ by: z.enum(['elder', 'counter']) }),
    gridId: ZUuidSchema.optional(),
  })
  .extend(ZCareThresholdsSchema.shape)
export type TCreateEnrolment = z.infer<typeof ZCreateEnrolmentSchema>

export const ZEnrolmentSchema = z.object({
  id: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  meterId: z.string(),
  communityId: z.string(),
  gridId: z.string().nullable(),
  status: z.enum(['active', 'withdrawn']),
  consentBy: z.enum(['elder', 'counter']),
  consentAt: z.string(),
  withdrawnAt: z.string().nullable(),
  purgeAfter: z.string().nullable(),
  thresholds: ZCareThresholdsSchema,
  lastReadingAt: z.string().nullable(),
  away: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.string() })),
  createdAt: z.string(),
})
export type TEnrolment = z.infer<typeof ZEnrolmentSchema>

export const ZAwaySchema = z
  .object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), reason: z.string().trim().max(60).default('') })
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), { message: '结束时间要晚于开始时间', path: ['endsAt'] })
export type TAway = z.infer<typeof ZAwaySchema>

export const ZAlertsQuerySchema = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  elderId: ZUuidSchema.optional(),
})

export const ZCareAlertSchema = z.object({
  id: z.string(),
  elderId: z.string(),
  elderName: z.string(),
  elderPhone: z.string().nullable(),
  address: z.string().nullable(),
  kind: ZCareAlertKindSchema,
  level: z.number(),
  status: z.enum(['open', 'acknowledged', 'closed']),
  reason: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  family: z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string().nullable() })),
})
export type TCareAlert = z.infer<typeof ZCareAlertSchema>

export const ZCareEventSchema = z.object({ action: z.string(), actorName: z.string().nullable(), note: z.string(), at: z.string() })
export type TCareEvent = z.infer<typeof ZCareEventSchema>

export const ZCloseAlertSchema = z
  .object({ outcome: ZCareOutcomeSchema, note: z.string().trim().max(200).default('') })
  .refine((v) => v.outcome !== 'false_alarm' || v.note.length > 0, { message: '误报请写明原因', path: ['note'] })
export type TCloseAlert = z.infer<typeof ZCloseAlertSchema>

export const ZCheckInSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100000).optional() })

/** One meter reading as the vendor's platform sends it (webhook batch item and MQTT payload). */
export const ZMeterReadingSchema = z.object({
  meterId: ZMeterIdSchema,
  at: z.iso.datetime({ offset: true }),
  totalLitres: z.number().finite().min(0).max(1e10),
  flowLpm: z.number().finite().min(0).max(10000).optional(),
  battery: z.number().int().min(0).max(100).optional(),
  signal: z.number().optional(),
})
export type TMeterReading = z.infer<typeof ZMeterReadingSchema>
export const ZReadingBatchSchema = z.object({ readings: z.array(ZMeterReadingSchema).min(1).max(5000) })

export const ZIngestResultSchema = z.object({ accepted: z.number(), duplicates: z.number(), refused: z.number(), flagged: z.number() })
export type TIngestResult = z.infer<typeof ZIngestResultSchema>

/** What a family member (or the elder) sees: the alerts with their outcome and the recent pattern. */
export const ZFamilyCareSchema = z.object({
  elderId: z.string(),
  elderName: z.string(),
  enrolled: z.boolean(),
  meterId: z.string().nullable(),
  alerts: z.array(ZCareAlertSchema.extend({ events: z.array(ZCareEventSchema) })),
  days: z.array(z.object({ date: z.string(), litres: z.number() })),
  away: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string(), reason: z.string() })),
})
export type TFamilyCare = z.infer<typeof ZFamilyCareSchema>
