import { createHmac } from 'node:crypto'

export function maskPhone(phone: string | null): string | null {
  return phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null
}

/** 身份证号: only the last four stay visible. */
export function maskIdNumber(idNumber: string): string {
  return `${'*'.repeat(idNumber.length - 4)}${idNumber.slice(-4)}`
}

/** Keyed hash so staff can find a person by the full number without the number being stored. */
export function hashIdNumber(idNumber: string, pepper: string): string {
  return createHmac('sha256', pepper).update(idNumber.trim().toUpperCase()).digest('hex')
}

/** 张*明 style masking for public lists. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return name
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
