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
