import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { CATEGORY_CODES, REPORT_CATEGORIES } from '../../types/reports'

/**
 * Which LeanCloud class becomes which 邻里通 record, and which field holds what.
 * Field names may be paths into nested objects ("location.latitude").
 * Classes are imported in the order listed: people first, then what points at them.
 */
const field = z.string().min(1).max(100)

const ZUsersClass = z.object({
  class: field,
  kind: z.literal('users'),
  fields: z
    .object({
      phone: field.default('mobilePhoneNumber'),
      nickname: field.default('nickname'),
      fallbackName: field.default('username'),
      authData: field.default('authData'),
    })
    .prefault({}),
})

const ZReportsClass = z.object({
  class: field,
  kind: z.literal('reports'),
  fields: z
    .object({
      reporter: field.default('author'),
      category: field.default('category'),
      description: field.default('content'),
      // a GeoPoint ({__type:'GeoPoint', latitude, longitude}); or separate lat/lng fields
      location: field.default('location'),
      lat: field.default('lat'),
      lng: field.default('lng'),
      address: field.default('address'),
      photos: field.default('images'),
      status: field.default('status'),
    })
    .prefault({}),
  /** LeanCloud category value → our code; anything not listed goes to 其他 with a note. */
  categories: z.record(z.string(), z.enum(CATEGORY_CODES)).default({}),
  /** LeanCloud status value → submitted | in_progress | resolved | closed | rejected (default submitted). */
  statuses: z.record(z.string(), z.enum(['submitted', 'in_progress', 'resolved', 'closed', 'rejected'])).default({}),
})

const ZPointsHistoryClass = z.object({
  class: field,
  kind: z.literal('points_history'),
  fields: z.object({ user: field.default('user'), amount: field.default('points'), reason: field.default('reason') }).prefault({}),
})

const ZPointsBalanceClass = z.object({
  class: field,
  kind: z.literal('points_balance'),
  /** user: a pointer to _User, or "" when the class is _User itself (a points field on the user). */
  fields: z.object({ user: z.string().max(100).default('user'), balance: field.default('balance') }).prefault({}),
})

const ZHoursClass = z.object({
  class: field,
  kind: z.literal('volunteer_hours'),
  fields: z.object({ user: field.default('volunteer'), hours: field.default('hours'), minutes: field.default('minutes'), activity: field.default('activity') }).prefault({}),
})

const ZCheckupsClass = z.object({
  class: field,
  kind: z.literal('checkup_bookings'),
  fields: z.object({ elder: field.default('user'), startsAt: field.default('date'), place: field.default('place'), status: field.default('status') }).prefault({}),
  /** LeanCloud status → booked | done | cancelled | no_show (default booked). */
  statuses: z.record(z.string(), z.enum(['booked', 'done', 'cancelled', 'no_show'])).default({}),
  /** Length of a session created for imported bookings. */
  sessionMinutes: z.number().int().min(15).max(600).default(120),
})

export const ZClassMappingSchema = z.discriminatedUnion('kind', [ZUsersClass, ZReportsClass, ZPointsHistoryClass, ZPointsBalanceClass, ZHoursClass, ZCheckupsClass])
export type TClassMapping = z.infer<typeof ZClassMappingSchema>
export type TClassKind = TClassMapping['kind']

export const ZMappingSchema = z.object({
  /** Names the LeanCloud app in the external-id table (default: the app id, or the export folder's name). */
  sourceApp: z.string().min(1).max(100).optional(),
  /** Users without a phone are refused (邻里通 logs residents in by phone); false imports them by WeChat only. */
  requirePhone: z.boolean().default(true),
  classes: z.array(ZClassMappingSchema).min(1).max(50),
})
export type TMapping = z.infer<typeof ZMappingSchema>

// Chinese names and our codes both map to a category; common LeanCloud-app spellings too.
const DEFAULT_CATEGORIES: Record<string, (typeof CATEGORY_CODES)[number]> = Object.fromEntries([
  ...REPORT_CATEGORIES.map((c) => [c.name, c.code]),
  ...REPORT_CATEGORIES.map((c) => [c.code, c.code]),
  ['垃圾', 'sanitation'],
  ['卫生', 'sanitation'],
  ['路灯', 'municipal'],
  ['绿化', 'greenery'],
  ['违建', 'illegal_building'],
  ['噪音', 'noise'],
  ['消防', 'fire_safety'],
  ['物业', 'property'],
  ['停车', 'traffic'],
])

export const DEFAULT_MAPPING_JSON = {
  requirePhone: true,
  classes: [
    { class: '_User', kind: 'users' },
    { class: 'Report', kind: 'reports', statuses: { 待处理: 'submitted', 处理中: 'in_progress', 已处理: 'closed', 已完成: 'closed', 已驳回: 'rejected' } },
    { class: 'PointRecord', kind: 'points_history' },
    { class: 'PointAccount', kind: 'points_balance' },
    { class: 'VolunteerRecord', kind: 'volunteer_hours' },
    { class: 'CheckupBooking', kind: 'checkup_bookings', statuses: { 已预约: 'booked', 已体检: 'done', 已取消: 'cancelled', 未到: 'no_show' } },
  ],
}

export class MappingError extends Error {}

/** Parses a mapping (file contents or object); report categories always include the defaults. */
export function parseMapping(input: unknown): TMapping {
  const parsed = ZMappingSchema.safeParse(input)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(根)'}: ${i.message}`)
    throw new MappingError(`映射文件不正确：\n${lines.join('\n')}`)
  }
  const mapping = parsed.data
  const users = mapping.classes.filter((c) => c.kind === 'users')
  if (users.length > 1) throw new MappingError('映射文件不正确：只能有一个 users 类')
  for (const c of mapping.classes) {
    if (c.kind === 'reports') c.categories = { ...DEFAULT_CATEGORIES, ...c.categories }
  }
  return mapping
}

export function loadMapping(file: string | null): TMapping {
  if (!file) return parseMapping(DEFAULT_MAPPING_JSON)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new MappingError(`读不了映射文件 ${file}：${(error as Error).message}`)
  }
  return parseMapping(json)
}
