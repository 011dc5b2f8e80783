import { ApiError, messageOf } from '@/api'
import { shanghai } from '@/utils/shanghai'

/** The server's message, with the field messages of a 400 (名称：请填写名称) so staff know what to fix. */
export function errorText(e: unknown): string {
  if (e instanceof FormError) return e.message
  if (e instanceof ApiError && e.details && typeof e.details.fields === 'object' && e.details.fields) {
    const fields = Object.values(e.details.fields as Record<string, unknown>).filter((v): v is string => typeof v === 'string')
    if (fields.length > 0) return [...new Set(fields)].join('；')
  }
  return messageOf(e)
}

/** A form value the page refuses before sending (the server checks again). */
export class FormError extends Error {}

/** '' → null (no limit); whole numbers only: '1.5' or 'abc' is a FormError naming the field. */
export function optionalInt(text: string, label: string): number | null {
  const t = text.trim()
  if (t === '') return null
  if (!/^-?\d+$/.test(t)) throw new FormError(`${label}应为整数`)
  return Number(t)
}

export function requiredInt(text: string, label: string): number {
  const n = optionalInt(text, label)
  if (n === null) throw new FormError(`请填写${label}`)
  return n
}

/** This month and the 11 before it, newest first (YYYY-MM, Shanghai). */
export function recentMonths(now = new Date()): string[] {
  const d = shanghai(now)
  let y = d.getUTCFullYear()
  let m = d.getUTCMonth() + 1
  const out: string[] = []
  for (let i = 0; i < 12; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m -= 1
    if (m === 0) {
      m = 12
      y -= 1
    }
  }
  return out
}
