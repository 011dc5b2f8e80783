import type { Workbook, Worksheet } from 'exceljs'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { ROLE_LABELS, ROLES, type TRole } from '../../types/org'
import { STAFF_USERNAME } from '../../types/admin'
import { AppError } from '../platform/errors'
import { hashPassword } from '../platform/auth'
import { newId } from '../platform/ids'
import { newWorkbook } from '../platform/xlsx'
import { adminPaths, canGrant } from './admin.policy'
import { writeAudit } from './repository/audit'
import { unitsUnder } from './repository/org-units'
import { insertRoles, insertStaff, takenUsernamesOrPhones } from './repository/staff'
import { generateOneTimePassword } from './password-policy'

const HEADERS = { name: '姓名', username: '用户名', phone: '手机', role: '角色', unit: '单位' } as const
const MAX_ROWS = 2000

export interface StaffImportResult {
  dryRun: boolean
  created: { row: number; name: string; username: string; roles: { role: TRole; unit: string }[]; oneTimePassword?: string }[]
  refused: { row: number; reason: string }[]
}

/**
 * Staff from an xlsx (姓名, 用户名, 手机, 角色, 单位; one row per role, rows of one 用户名 merge).
 * The dry run says per row what would happen; the commit writes all accounts in one transaction, and
 * only when no row is refused — a half-imported office list helps nobody. Formula cells are refused.
 */
export async function importStaff(deps: AppDeps, actor: Actor, bytes: Uint8Array, dryRun: boolean): Promise<StaffImportResult> {
  const paths = adminPaths(actor)
  const db = deps.db.kysely
  const now = deps.clock.now()
  const book: Workbook = await newWorkbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as never)
  } catch {
    throw new AppError('XLSX_INVALID')
  }
  const sheet: Worksheet | undefined = book.worksheets[0]
  if (!sheet) throw new AppError('XLSX_INVALID')
  const formulas: string[] = []
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === 6 /* Formula */ || (cell.value && typeof cell.value === 'object' && ('formula' in cell.value || 'sharedFormula' in cell.value))) formulas.push(cell.address)
    }),
  )
  if (formulas.length) throw new AppError('XLSX_FORMULA', { cells: formulas.slice(0, 20) }, `表格里有公式单元格（${formulas.slice(0, 5).join('、')}），请改为纯文本后再上传`)

  const header = sheet.getRow(1)
  const col: Partial<Record<keyof typeof HEADERS, number>> = {}
  header.eachCell((cell, n) => {
    const text = String(cell.text ?? '').trim()
    for (const [k, label] of Object.entries(HEADERS)) if (text === label) col[k as keyof typeof HEADERS] = n
  })
  const missing = Object.entries(HEADERS)
    .filter(([k]) => k !== 'phone' && !col[k as keyof typeof HEADERS])
    .map(([, l]) => l)
  if (missing.length) throw new AppError('INVALID_INPUT', { missingColumns: missing }, `表头缺少：${missing.join('、')}（第一行应为 姓名、用户名、手机、角色、单位）`)
  if (sheet.rowCount - 1 > MAX_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', { maxRows: MAX_ROWS }, `一次最多导入 ${MAX_ROWS} 行`)

  const units = (await unitsUnder(db, paths)).filter((u) => !u.closed_at)
  const roleByLabel = new Map<string, TRole>([...ROLES.map((r) => [r, r] as const), ...Object.entries(ROLE_LABELS).map(([r, l]) => [l, r as TRole] as const)])
  const people = new Map<string, { row: number; name: string; username: string; phone: string | null; roles: { role: TRole; orgUnitId: string; unit: string; path: string }[] }>()
  const refused: StaffImportResult['refused'] = []
  const cell = (r: number, k: keyof typeof HEADERS) => (col[k] ? String(sheet.getRow(r).getCell(col[k]!).text ?? '').trim() : '')
  for (let r = 2; r <= sheet.rowCount; r++) {
    const name = cell(r, 'name')
    const username = cell(r, 'username').toLowerCase()
    const phone = cell(r, 'phone')
    const roleText = cell(r, 'role')
    const unitText = cell(r, 'unit')
    if (!name && !username && !roleText && !unitText) continue
    const reasons: string[] = []
    if (!name || name.length > 40) reasons.push('姓名应为 1–40 个字')
    if (!STAFF_USERNAME.test(username)) reasons.push('用户名应为 3–32 位小写字母、数字或 _ . -')
    if (phone && !/^1[3-9]\d{9}$/.test(phone)) reasons.push('手机号应为 11 位数字')
    const role = roleByLabel.get(roleText)
    if (!role) reasons.push(`不认识的角色「${roleText}」`)
    const matches = units.filter((u) => u.name === unitText)
    if (matches.length === 0) reasons.push(`在您的管理范围内找不到单位「${unitText}」`)
    else if (matches.length > 1) reasons.push(`单位「${unitText}」有重名，请写得更具体`)
    const unit = matches.length === 1 ? matches[0] : null
    if (role && unit && !canGrant(actor, role, unit)) reasons.push(`不能在「${unit.name}」设「${ROLE_LABELS[role]}」`)
    const existing = people.get(username)
    if (existing && existing.name !== name) reasons.push(`用户名 ${username} 在第 ${existing.row} 行是另一个人`)
    if (reasons.length) {
      refused.push({ row: r, reason: reasons.join('；') })
      continue
    }
    const person = existing ?? { row: r, name, username, phone: phone || null, roles: [] }
    person.roles.push({ role: role!, orgUnitId: unit!.id, unit: unit!.name, path: unit!.path })
    people.set(username, person)
  }
  const list = [...people.values()]
  if (list.length) {
    const taken = await takenUsernamesOrPhones(
      db,
      list.map((p) => p.username),
      list.filter((p) => p.phone).map((p) => p.phone!),
    )
    for (const p of list) {
      if (taken.some((t) => t.username === p.username)) refused.push({ row: p.row, reason: `用户名 ${p.username} 已被使用` })
      else if (p.phone && taken.some((t) => t.phone === p.phone)) refused.push({ row: p.row, reason: `手机 ${p.phone} 已被其他账号使用` })
    }
  }
  const ok = list.filter((p) => !refused.some((x) => x.row === p.row))
  refused.sort((a, b) => a.row - b.row)
  const created: StaffImportResult['created'] = ok.map((p) => ({ row: p.row, name: p.name, username: p.username, roles: p.roles.map((r) => ({ role: r.role, unit: r.unit })) }))
  if (dryRun || refused.length > 0 || ok.length === 0) return { dryRun: true, created, refused }

  const withPasswords = await Promise.all(ok.map(async (p) => ({ p, password: generateOneTimePassword() })))
  const hashed = await Promise.all(withPasswords.map(async (x) => ({ ...x, hash: await hashPassword(x.password), id: newId() })))
  await db.transaction().execute(async (tx) => {
    for (const { p, hash, id } of hashed) {
      await insertStaff(tx, { id, name: p.name, username: p.username, phone: p.phone, passwordHash: hash, now })
      await insertRoles(tx, id, p.roles, now)
    }
    await writeAudit(tx, { actorId: actor.userId, action: 'admin.staff_imported', details: { count: ok.length, usernames: ok.map((p) => p.username) }, scopePath: paths[0], now })
  })
  return { dryRun: false, created: created.map((c, i) => ({ ...c, oneTimePassword: hashed[i].password })), refused: [] }
}
