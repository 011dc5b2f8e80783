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

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643: an 18-character 居民身份证号码 whose last character is the ISO 7064 MOD 11-2 check. */
export function idCheckDigitValid(idNumber: string): boolean {
  const id = idNumber.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0)
  return ID_CHECK[sum % 11] === id[17]
}

/** The birth date written in an ID number (characters 7–14), as YYYY-MM-DD. */
export function birthDateOfId(idNumber: string): string {
  const id = idNumber.trim()
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}
