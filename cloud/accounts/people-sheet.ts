import type { CellValue, Worksheet } from 'exceljs'
import { AppError } from '../platform/errors'
import { escapeCell, newWorkbook, xlsxFile, type XlsxFile } from '../platform/xlsx'
import { PEOPLE_HEADERS, PEOPLE_REQUIRED, type TPeopleField } from '../../types/people'

/** Reading a 台账 workbook into rows, and writing the refused rows back out. No SQL, no rules. */

export interface SheetRow {
  /** row number as Excel shows it */
  row: number
  /** the original cells under each header, as text (for the refusals file) */
  original: string[]
  values: Partial<Record<TPeopleField, string | Date | number | null>>
  hasFormula: boolean
}

export interface Sheet {
  headers: string[]
  rows: SheetRow[]
}

/** A sane ceiling: the largest 实有人口 sheet of a community is a few tens of thousands of rows. */
export const MAX_SHEET_ROWS = 50_000

function isFormula(value: CellValue): boolean {
  return Boolean(value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('formula' in value) return `=${value.formula}`
    if ('sharedFormula' in value) return `=${value.sharedFormula}`
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('text' in value) return String(value.text)
    if ('error' in value) return String(value.error)
    return ''
  }
  return String(value)
}

function plain(value: CellValue): string | Date | number | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? '是' : '否'
  return cellText(value)
}

/** xlsx bytes → headers and rows. Not an xlsx (not a zip, or exceljs cannot read it) → 415. */
export async function readPeopleSheet(bytes: Uint8Array, columns: Record<string, TPeopleField>): Promise<Sheet> {
  // an xlsx is a zip: "PK\x03\x04"; anything else (a csv, an old .xls, a photo) is refused before parsing
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) throw new AppError('IMPORT_NOT_XLSX')
  const book = await newWorkbook()
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    throw new AppError('IMPORT_NOT_XLSX')
  }
  const sheet: Worksheet | undefined = book.worksheets[0]
  if (!sheet || sheet.rowCount < 1) throw new AppError('IMPORT_COLUMNS_MISSING', { missing: PEOPLE_REQUIRED.map((f) => PEOPLE_HEADERS[f][0]) })
  if (sheet.rowCount > MAX_SHEET_ROWS + 1) throw new AppError('IMPORT_FILE_TOO_LARGE', { maxRows: MAX_SHEET_ROWS }, `表格太大了，一次最多导入 ${MAX_SHEET_ROWS} 行`)

  const headerRow = sheet.getRow(1)
  const headers: string[] = []
  const fieldAt = new Map<number, TPeopleField>()
  for (let col = 1; col <= sheet.columnCount; col++) {
    const header = cellText(headerRow.getCell(col).value).trim()
    headers.push(header)
    const field = columns[header] ?? (Object.keys(PEOPLE_HEADERS) as TPeopleField[]).find((f) => PEOPLE_HEADERS[f].includes(header))
    if (field && ![...fieldAt.values()].includes(field)) fieldAt.set(col, field)
  }
  const missing = PEOPLE_REQUIRED.filter((f) => ![...fieldAt.values()].includes(f))
  if (missing.length > 0) {
    const names = missing.map((f) => PEOPLE_HEADERS[f][0])
    throw new AppError('IMPORT_COLUMNS_MISSING', { missing: names }, `表格缺少这些列：${names.join('、')}（或在「列对应」里指定）`)
  }

  const rows: SheetRow[] = []
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return
    const original: string[] = []
    const values: SheetRow['values'] = {}
    let hasFormula = false
    for (let col = 1; col <= headers.length; col++) {
      const value = r.getCell(col).value
      if (isFormula(value)) hasFormula = true
      original.push(cellText(value))
      const field = fieldAt.get(col)
      if (field) values[field] = plain(value)
    }
    if (original.every((t) => t.trim() === '')) return
    rows.push({ row: rowNumber, original, values, hasFormula })
  })
  return { headers, rows }
}

/** The refused rows as they were, with a 原因 column: staff fix them and upload this file again. */
export async function refusalsWorkbook(sheet: Sheet, refused: { row: number; reason: string }[]): Promise<XlsxFile> {
  const book = await newWorkbook()
  const ws = book.addWorksheet('未导入')
  ws.addRow([...sheet.headers.map(escapeCell), '原因'])
  const byRow = new Map(sheet.rows.map((r) => [r.row, r]))
  for (const r of refused) {
    const original = byRow.get(r.row)?.original ?? []
    // every cell as a string: an ID number must not come back as 1.10101E+17
    const row = ws.addRow([...original.map(escapeCell), escapeCell(r.reason)])
    row.eachCell((cell) => {
      cell.numFmt = '@'
    })
  }
  ws.getRow(1).font = { bold: true }
  return xlsxFile(book, '未导入的行.xlsx')
}
