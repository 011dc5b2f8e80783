import { z } from 'zod'

/** 导入居民和老人台账: the fields a community's 实有人口 / 老年人台账 sheet has. */
export const PEOPLE_FIELDS = ['name', 'idNumber', 'birthDate', 'phone', 'address', 'community', 'livesAlone', 'disabled', 'emergencyContact'] as const
export type TPeopleField = (typeof PEOPLE_FIELDS)[number]

/** The usual headers for each field; `columns` maps any other header onto a field. */
export const PEOPLE_HEADERS: Record<TPeopleField, string[]> = {
  name: ['姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码'],
  birthDate: ['出生日期', '出生年月日'],
  phone: ['手机', '手机号', '联系电话'],
  address: ['地址', '住址', '居住地址'],
  community: ['社区', '所属社区', '居委'],
  livesAlone: ['是否独居', '独居'],
  disabled: ['是否失能/卧床', '是否失能', '是否卧床', '失能/卧床'],
  emergencyContact: ['紧急联系人'],
}
export const PEOPLE_REQUIRED: TPeopleField[] = ['name', 'idNumber', 'community']

export const ZPeopleImportFormSchema = z.object({
  dryRun: z.enum(['true', 'false'], { message: 'dryRun 应为 true 或 false' }),
  columns: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {}
      try {
        return JSON.parse(s) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'columns 应为 JSON，例如 {"证件号码":"idNumber"}' })
        return z.NEVER
      }
    })
    .pipe(z.record(z.string().max(40), z.enum(PEOPLE_FIELDS, { message: 'columns 的值只能是 name、idNumber、birthDate、phone、address、community、livesAlone、disabled、emergencyContact' }))),
})

export const ZPeopleImportResultSchema = z.object({
  dryRun: z.boolean(),
  /** people new to the database (in a dry run: who would be created) */
  created: z.number().int(),
  /** rows whose ID number is already known (matched by its keyed hash): nothing is changed */
  matched: z.number().int(),
  /** row = the spreadsheet row number staff see in Excel */
  refused: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  rows: z.number().int(),
})
export type TPeopleImportResult = z.infer<typeof ZPeopleImportResultSchema>

/** Largest spreadsheet accepted (a 20,000-row 台账 is about 1.5 MB). */
export const PEOPLE_IMPORT_MAX_BYTES = 10 * 1024 * 1024
/** Rows written per transaction. */
export const PEOPLE_IMPORT_BATCH = 500
