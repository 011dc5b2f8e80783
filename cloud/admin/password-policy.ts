import { randomInt } from 'node:crypto'
import { AppError } from '../platform/errors'

export const MIN_PASSWORD_LENGTH = 10

// the first entries of public leaked-password lists, with the ones Chinese users pick most
// (digits, keyboard rows, pinyin); compared case-insensitively
const COMMON = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1234567899',
  '0987654321',
  '9876543210',
  '1111111111',
  '0000000000',
  '1122334455',
  '1234512345',
  '5201314520',
  '5201314521',
  '1314520520',
  'a123456789',
  'a1234567890',
  'aa123456789',
  'abc1234567',
  'abcd123456',
  'abcdefghij',
  'qwertyuiop',
  'qwerty1234',
  'qwerty123456',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  'zxcvbnm123',
  'asdfghjkl1',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'admin12345',
  'admin123456',
  'administrator',
  'iloveyou123',
  'woaini1314',
  'woaini5201314',
  'woaini123456',
  'wangjian123',
  'zhang123456',
  'li123456789',
  'changeme123',
  'welcome123',
  'letmein1234',
  'demo123456',
  'linli123456',
  '88888888888',
  '66666666666',
])

/** ≥ 10 characters, not the username (either way round), not a common password. Throws PASSWORD_TOO_WEAK. */
export function checkPasswordPolicy(password: string, username: string): void {
  const lower = password.toLowerCase()
  const reasons: string[] = []
  if (password.length < MIN_PASSWORD_LENGTH) reasons.push(`至少 ${MIN_PASSWORD_LENGTH} 位`)
  if (password.length > 128) reasons.push('不超过 128 位')
  if (username && (lower.includes(username.toLowerCase()) || lower === [...username.toLowerCase()].reverse().join(''))) reasons.push('不能包含账号名')
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) reasons.push('不能是常见密码')
  if (reasons.length) throw new AppError('PASSWORD_TOO_WEAK', { reasons }, `新密码不符合要求：${reasons.join('，')}`)
}

// no 0/O, 1/l/I: read aloud over the phone or copied from a screen without mistakes
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A one-time password: 12 characters from an unambiguous alphabet (about 69 bits). */
export function generateOneTimePassword(): string {
  let out = ''
  for (let i = 0; i < 12; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}
