import type { Context } from 'hono'
import type { Workbook, Worksheet } from 'exceljs'

/** A workbook ready to send: the Chinese file name the office sees, and its bytes. */
export interface XlsxFile {
  name: string
  bytes: Uint8Array<ArrayBuffer>
}

/** A new workbook; exceljs is large, so it is loaded on the first export, not at start. */
export async function newWorkbook(): Promise<Workbook> {
  const ExcelJS = (await import('exceljs')).default
  return new ExcelJS.Workbook()
}

export async function xlsxFile(book: Workbook, name: string): Promise<XlsxFile> {
  const buffer = await book.xlsx.writeBuffer()
  return { name, bytes: new Uint8Array(buffer as ArrayBuffer) as Uint8Array<ArrayBuffer> }
}

/** The download response: an ASCII fallback name for old clients, the real name in filename*. */
export function sendXlsx(c: Context, file: XlsxFile, asciiName: string): Response {
  return c.body(file.bytes, 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  })
}

/**
 * Spreadsheet formula injection (CSV/xlsx injection, OWASP): a text cell starting with = + - @ (or a
 * tab / carriage return before one) runs as a formula when the office opens the export. Such text
 * gets a leading quote; on import formula cells are refused outright.
 */
export function escapeCell(value: string): string
export function escapeCell(value: unknown): unknown
export function escapeCell(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export interface SheetColumn {
  header: string
  key: string
  width: number
}

/** A sheet of an export: its columns, the header row in bold; the caller adds one row per record. */
export function addSheet(book: Workbook, name: string, columns: SheetColumn[]): Worksheet {
  const sheet = book.addWorksheet(name)
  sheet.columns = columns
  sheet.getRow(1).font = { bold: true }
  return sheet
}
