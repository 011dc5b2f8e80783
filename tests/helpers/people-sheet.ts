import ExcelJS from 'exceljs'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** A valid 18-digit 身份证号 (GB 11643 check digit) for a Xuhui-registered person born on `birth`. */
export function idNumber(birth: string, seq: number): string {
  const body = `310104${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0)
  return body + CHECK[sum % 11]
}

/** The same number with a wrong last character. */
export function badCheckDigit(id: string): string {
  const i = CHECK.indexOf(id[17])
  return id.slice(0, 17) + CHECK[(i + 1) % 11]
}

export const PEOPLE_HEADER = ['姓名', '身份证号', '出生日期', '手机', '地址', '社区', '是否独居', '是否失能/卧床', '紧急联系人']

export interface PeopleSheetOptions {
  rows: number
  /** the first community name is used for good rows */
  community: string
  /** 20 bad rows among them: 5 each of bad check digit, duplicate ID, unknown community, bad date */
  withBadRows?: boolean
  phonePrefix?: string
  /** offsets the generated ID numbers so two files do not overlap */
  seed?: number
}

/**
 * A community's 老年人台账 as staff keep it: 9 columns, ID numbers as text, every other person with
 * a phone. With bad rows, rows 2+100k … carry the four kinds of mistakes (5 each).
 */
export function peopleRows(o: PeopleSheetOptions): { rows: (string | null)[][]; bad: { row: number; kind: string }[] } {
  const rows: (string | null)[][] = []
  const bad: { row: number; kind: string }[] = []
  const seed = o.seed ?? 0
  for (let i = 0; i < o.rows; i++) {
    const n = seed + i
    const year = 1930 + (n % 35)
    const birth = `${year}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`
    const id = idNumber(birth, Math.floor(n / 420))
    const phone = i % 2 === 0 ? `${o.phonePrefix ?? '139'}${String(n).padStart(8, '0')}` : null
    rows.push([`居民${n}`, id, birth, phone, `天平路 ${n} 号`, o.community, i % 3 === 0 ? '是' : '否', i % 7 === 0 ? '是' : '否', i % 5 === 0 ? '李四 13900000000' : null])
  }
  if (o.withBadRows) {
    const kinds = ['bad check digit', 'duplicate', 'unknown community', 'bad date']
    for (let k = 0; k < 20; k++) {
      const i = 50 + k * 97 // spread through the sheet, never row 0..49 (the duplicates' originals)
      const row = rows[i]
      const kind = kinds[k % 4]
      if (kind === 'bad check digit') row[1] = badCheckDigit(row[1]!)
      if (kind === 'duplicate') [row[1], row[2]] = [rows[k][1], rows[k][2]]
      if (kind === 'unknown community') row[5] = '不存在社区'
      if (kind === 'bad date') row[2] = `${row[2]!.slice(0, 4)}-13-40`
      bad.push({ row: i + 2, kind })
    }
  }
  return { rows, bad }
}

export async function peopleXlsx(header: string[], rows: (string | null | { formula: string })[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const ws = book.addWorksheet('老年人台账')
  ws.addRow(header)
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await book.xlsx.writeBuffer())
}
