import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import type { TMonthlySheets } from '../../types/dashboard-lists'
import { AppError } from '../platform/errors'
import { dashboardScope } from './dashboard.policy'
import { findMonthlyReport } from './repository/monthly'

type Cell = string | number | null

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object' && 'result' in value) return cellOf((value as { result: unknown }).result)
  if (typeof value === 'object' && 'richText' in value) return (value as { richText: { text: string }[] }).richText.map((t) => t.text).join('')
  return String(value)
}

/**
 * 月度报表 for print: the stored xlsx of a month read back sheet by sheet. The printable page shows
 * these tables, so the paper and the file are the same numbers by construction (HTML → PDF needs a
 * browser on the server, which neither runtime ships; the page's print CSS is the PDF route).
 */
export async function getMonthlySheets(deps: AppDeps, actor: Actor, orgUnitId: string, month: string): Promise<TMonthlySheets> {
  const { unit } = await dashboardScope(deps.db.kysely, actor, orgUnitId)
  const row = unit.kind === 'department' ? null : await findMonthlyReport(deps.db.kysely, unit.id, month)
  const bytes = row ? await deps.storage.get(row.storage_key) : null
  if (!row || !bytes) throw new AppError('NOT_FOUND')
  const ExcelJS = (await import('exceljs')).default
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(new Uint8Array(bytes).buffer as ArrayBuffer)
  const sheets: TMonthlySheets['sheets'] = []
  book.eachSheet((sheet) => {
    const header = ((sheet.getRow(1).values as unknown[]) ?? []).slice(1).map((v) => String(cellOf(v) ?? ''))
    const rows: Cell[][] = []
    sheet.eachRow((r, n) => {
      if (n === 1) return
      const values = r.values as unknown[]
      rows.push(header.map((_, i) => cellOf(values[i + 1])))
    })
    sheets.push({ name: sheet.name, header, rows })
  })
  return { orgUnitId: unit.id, unitName: unit.name, month, generatedAt: new Date(row.generated_at).toISOString(), sheets }
}
