import type { AppDeps } from '../platform/context'
import { setupScopes, type Actor } from '../org'
import { birthDateOfId, hashIdNumber, idCheckDigitValid, maskIdNumber } from '../platform/privacy'
import { businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import { PEOPLE_IMPORT_BATCH, type TPeopleField, type TPeopleImportResult } from '../../types/people'
import { readPeopleSheet, type Sheet, type SheetRow } from './people-sheet'
import { communitiesUnder, insertImportAudit, insertPeopleBatch, knownIdHashes, knownPhones, type NewPerson } from './repository/people-import'

export interface PeopleImportInput {
  bytes: Uint8Array
  dryRun: boolean
  columns: Record<string, TPeopleField>
}

type Refusal = { row: number; reason: string }

const YES = new Set(['是', '√', 'Y', 'YES', '1', 'TRUE'])
const NO = new Set(['否', '×', 'N', 'NO', '0', 'FALSE'])

function yesNo(value: SheetRow['values'][TPeopleField]): boolean | null | 'bad' {
  if (value === null || value === undefined || String(value).trim() === '') return null
  const v = String(value).trim().toUpperCase()
  return YES.has(v) ? true : NO.has(v) ? false : 'bad'
}

function text(value: SheetRow['values'][TPeopleField]): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value).trim()
}

/** A real calendar day (no 02-30), as YYYY-MM-DD; null when it is not one. */
function calendarDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1880) return null
  return t.toISOString().slice(0, 10)
}

const DATE_FORMS = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})(\d{2})(\d{2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日$/]

/** 出生日期 as Excel gives it: a date cell, or text 1950-03-07 / 1950/3/7 / 19500307 / 1950年3月7日. */
function parseBirthDate(value: SheetRow['values'][TPeopleField]): string | null | 'bad' {
  if (value === null || value === undefined || String(value).trim() === '') return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'bad' : value.toISOString().slice(0, 10)
  const s = String(value).trim()
  for (const form of DATE_FORMS) {
    const m = form.exec(s)
    if (m) return calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? 'bad'
  }
  return 'bad'
}

interface Candidate extends NewPerson {
  row: number
}

/** One row → a person to create, or the reason in Chinese it cannot be. */
function checkRow(r: SheetRow, communities: Map<string, string[]>, pepper: string, today: string): Candidate | string {
  if (r.hasFormula) return '单元格含有公式，请复制后「粘贴为数值」再导入'
  const v = r.values
  const name = text(v.name)
  if (!name) return '缺少姓名'
  if ([...name].length > 40) return '姓名超过 40 个字'
  if (typeof v.idNumber === 'number') return '身份证号被 Excel 存成了数字（末几位已丢失），请把这一列设为「文本」后重新填写'
  const idNumber = text(v.idNumber).toUpperCase()
  if (!/^\d{17}[\dX]$/.test(idNumber)) return '身份证号应为 18 位'
  if (!idCheckDigitValid(idNumber)) return '身份证号校验位不对，请核对'
  const idBirth = birthDateOfId(idNumber)
  if (calendarDate(Number(idBirth.slice(0, 4)), Number(idBirth.slice(5, 7)), Number(idBirth.slice(8, 10))) === null || idBirth > today) {
    return '身份证号里的出生日期不对，请核对'
  }
  const birth = parseBirthDate(v.birthDate)
  if (birth === 'bad') return '出生日期格式不对，应为 1950-03-07 这样的日期'
  if (birth !== null && birth !== idBirth) return `出生日期与身份证号不一致（身份证上是 ${idBirth}）`
  const phone = text(v.phone).replace(/[\s-]/g, '')
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) return '手机号应为 11 位数字'
  const communityName = text(v.community)
  const community = communities.get(communityName)
  if (!communityName) return '缺少社区'
  if (!community) return `找不到「${communityName}」社区，或不在您管理的范围内`
  if (community.length > 1) return `「${communityName}」有重名社区，请联系街道管理员`
  const livesAlone = yesNo(v.livesAlone)
  if (livesAlone === 'bad') return '是否独居应填「是」或「否」'
  const disabled = yesNo(v.disabled)
  if (disabled === 'bad') return '是否失能/卧床应填「是」或「否」'
  const address = text(v.address)
  if (address.length > 120) return '地址超过 120 个字'
  const emergencyContact = text(v.emergencyContact)
  if (emergencyContact.length > 60) return '紧急联系人超过 60 个字'
  return {
    row: r.row,
    id: newId(),
    name,
    phone: phone || null,
    birthDate: idBirth,
    idMasked: maskIdNumber(idNumber),
    idHash: hashIdNumber(idNumber, pepper),
    address: address || null,
    communityId: community[0],
    livesAlone,
    disabled,
    emergencyContact: emergencyContact || null,
  }
}

/** Dry-run analysis shared by the import and the refusals download: nothing is written. */
export async function analysePeople(deps: AppDeps, actor: Actor, sheet: Sheet): Promise<{ toCreate: Candidate[]; matched: number; refused: Refusal[] }> {
  const db = deps.db.kysely
  const communities = new Map<string, string[]>()
  for (const c of await communitiesUnder(db, setupScopes(actor))) communities.set(c.name, [...(communities.get(c.name) ?? []), c.id])
  const today = businessDate(deps.clock.now())
  const refused: Refusal[] = []
  const valid: Candidate[] = []
  const firstRowOfId = new Map<string, number>()
  const firstRowOfPhone = new Map<string, number>()
  for (const r of sheet.rows) {
    const checked = checkRow(r, communities, deps.config.idPepper, today)
    if (typeof checked === 'string') {
      refused.push({ row: r.row, reason: checked })
      continue
    }
    const sameId = firstRowOfId.get(checked.idHash)
    if (sameId !== undefined) {
      refused.push({ row: r.row, reason: `与第 ${sameId} 行的身份证号重复` })
      continue
    }
    firstRowOfId.set(checked.idHash, r.row)
    valid.push(checked)
  }
  const known = await knownIdHashes(
    db,
    valid.map((p) => p.idHash),
  )
  const fresh = valid.filter((p) => !known.has(p.idHash))
  const phonesTaken = await knownPhones(
    db,
    fresh.flatMap((p) => (p.phone ? [p.phone] : [])),
  )
  const toCreate: Candidate[] = []
  for (const p of fresh) {
    if (p.phone && phonesTaken.has(p.phone)) {
      refused.push({ row: p.row, reason: '手机号已被其他账号使用，请核对（或留空，按无手机老人登记）' })
      continue
    }
    const samePhone = p.phone ? firstRowOfPhone.get(p.phone) : undefined
    if (samePhone !== undefined) {
      refused.push({ row: p.row, reason: `手机号与第 ${samePhone} 行重复` })
      continue
    }
    if (p.phone) firstRowOfPhone.set(p.phone, p.row)
    toCreate.push(p)
  }
  refused.sort((a, b) => a.row - b.row)
  return { toCreate, matched: valid.length - fresh.length, refused }
}

/**
 * 导入居民和老人台账 (POST /admin/people/import): a community's 实有人口 / 老年人台账 xlsx. Each row is
 * created, matched to a person already known by the ID number's keyed hash (nothing changes), or
 * refused with a reason. Commit writes in batches of 500 rows, one transaction each, with
 * multi-row inserts; a second run of the same file creates nothing. A person with a phone logs in
 * with it by SMS; one without is a counter-registered elder of the community.
 */
export async function importPeople(deps: AppDeps, actor: Actor, input: PeopleImportInput): Promise<TPeopleImportResult> {
  setupScopes(actor)
  const sheet = await readPeopleSheet(input.bytes, input.columns)
  const { toCreate, matched, refused } = await analysePeople(deps, actor, sheet)
  if (input.dryRun) return { dryRun: true, created: toCreate.length, matched, refused, rows: sheet.rows.length }
  const now = deps.clock.now()
  let created = 0
  let lateMatched = 0
  for (let i = 0; i < toCreate.length; i += PEOPLE_IMPORT_BATCH) {
    const batch = toCreate.slice(i, i + PEOPLE_IMPORT_BATCH)
    const inserted = await deps.db.kysely.transaction().execute((tx) => insertPeopleBatch(tx, batch, actor.userId, now))
    created += inserted.size
    // another import created some of these a moment ago: known now, so matched
    lateMatched += batch.length - inserted.size
  }
  await insertImportAudit(deps.db.kysely, actor.userId, { rows: sheet.rows.length, created, matched: matched + lateMatched, refused: refused.length }, now)
  return { dryRun: false, created, matched: matched + lateMatched, refused, rows: sheet.rows.length }
}
