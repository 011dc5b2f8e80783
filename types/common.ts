import { z } from 'zod'

/** Error body every route answers with on failure (shared/DESIGN.md, HTTP conventions). */
export const ZErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type TErrorBody = z.infer<typeof ZErrorBodySchema>

export const ZUuidSchema = z.uuid({ message: '编号格式不正确' })

/** Mainland mobile number, 11 digits starting with 1. */
export const ZPhoneSchema = z
  .string({ message: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: '手机号应为 11 位数字' })

export const ZCursorQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type TCursorQuery = z.infer<typeof ZCursorQuerySchema>

export function ZPageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

// Characters a person cannot see but a screen obeys: C0/C1 controls, format characters (bidi
// embeddings, overrides and isolates U+202A–202E / U+2066–2069, LRM/RLM, zero-width space/joiners,
// BOM, soft hyphen …) and line/paragraph separators. In a name they hide or reorder what staff read
// ("陈\u202E华国" shows as 陈国华) and make two accounts look the same.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
// the same, but a multi-line text may keep its line breaks and tabs
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_IN_TEXT = /[\p{Cf}\p{Zl}\p{Zp}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u
const INVISIBLE_MESSAGE = '不能含有看不见的控制字符（如方向控制符、零宽字符），请删除后重试'

/** A one-line name (people, elders, goods, addresses): visible characters only, refused otherwise. */
export function plainName<S extends z.ZodType<string | undefined | null>>(schema: S) {
  return schema.refine((v) => typeof v !== 'string' || !INVISIBLE.test(v), { message: INVISIBLE_MESSAGE })
}

/** A free text (notes, descriptions): line breaks and tabs allowed, other invisible characters refused. */
export function plainText<S extends z.ZodType<string | undefined | null>>(schema: S) {
  return schema.refine((v) => typeof v !== 'string' || !INVISIBLE_IN_TEXT.test(v), { message: INVISIBLE_MESSAGE })
}

/** A photo stored by POST /api/v1/uploads: its content-addressed key, nothing else (no URL, no path). */
export const ZUploadKeySchema = z.string({ message: '照片编号不正确' }).regex(/^photos\/[0-9a-f]{64}\.jpg$/, { message: '请先上传照片，再保存（只接受上传后的照片）' })
