import type { Kdb } from '../db/db'
import { hashPassword } from '../platform/auth'
import { AppError, isUniqueViolation } from '../platform/errors'
import { newId } from '../platform/ids'
import { applyStreetDefaults } from './street-defaults'
import { writeAudit } from './repository/audit'
import { findStreetByName, insertUnit } from './repository/org-units'
import { insertRoles, insertStaff } from './repository/staff'
import { generateOneTimePassword } from './password-policy'
import { STAFF_USERNAME } from '../../types/admin'

export interface CreateStreetInput {
  name: string
  adminUsername: string
  adminName: string
}

/**
 * Day one of a real street (run from the command line, no one is logged in yet): the street, its
 * standard settings, and its first street admin with a one-time password they must change.
 */
export async function createStreet(db: Kdb, now: Date, input: CreateStreetInput): Promise<{ streetId: string; adminId: string; username: string; oneTimePassword: string }> {
  const name = input.name.trim()
  const adminName = input.adminName.trim()
  const username = input.adminUsername.trim().toLowerCase()
  const problems: Record<string, string> = {}
  if (name.length < 1 || name.length > 60) problems.name = '街道名称 1–60 个字'
  if (adminName.length < 1 || adminName.length > 40) problems.adminName = '管理员姓名 1–40 个字'
  if (!STAFF_USERNAME.test(username)) problems.adminUsername = '账号为 3–32 位小写字母、数字或 _ . -'
  if (Object.keys(problems).length) throw new AppError('INVALID_INPUT', { fields: problems }, Object.values(problems)[0])
  if (await findStreetByName(db, name)) throw new AppError('STREET_EXISTS', { name }, `街道「${name}」已经建好了，不能重复创建`)
  const oneTimePassword = generateOneTimePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  const streetId = newId()
  const adminId = newId()
  try {
    await db.transaction().execute(async (tx) => {
      const path = `/${streetId}/`
      await insertUnit(tx, { id: streetId, kind: 'street', name, parentId: null, path, now })
      await insertStaff(tx, { id: adminId, name: adminName, username, phone: null, passwordHash, now })
      await insertRoles(tx, adminId, [{ role: 'street_admin', orgUnitId: streetId }], now)
      await applyStreetDefaults(tx, streetId, adminId, now)
      await writeAudit(tx, { actorId: adminId, subjectId: adminId, action: 'admin.street_created', details: { via: 'cli', street: name, username }, scopePath: path, now })
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('USERNAME_TAKEN', { username }, `账号「${username}」已被使用，请换一个`)
    throw error
  }
  return { streetId, adminId, username, oneTimePassword }
}
