import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv, Ctx } from '../platform/http'
import { parseValue } from '../platform/http'
import { requireAuth } from '../platform/session'
import { AppError } from '../platform/errors'
import { readFileForm } from '../platform/multipart'
import { sendXlsx } from '../platform/xlsx'
import { setupScopes } from '../org'
import { PEOPLE_IMPORT_MAX_BYTES, ZPeopleImportFormSchema } from '../../types/people'
import { importPeople } from './import-people'
import { exportPeopleRefusals } from './export-people-refusals'

const sheetLimit = bodyLimit({
  maxSize: PEOPLE_IMPORT_MAX_BYTES + 64 * 1024,
  onError: () => {
    throw new AppError('IMPORT_FILE_TOO_LARGE', { maxBytes: PEOPLE_IMPORT_MAX_BYTES })
  },
})

/** multipart: file (xlsx), dryRun 'true'|'false', columns (JSON header → field, optional). */
async function readImportForm(c: Ctx) {
  const { bytes, form } = await readFileForm(c, { choose: '请选择 Excel 表格', maxBytes: PEOPLE_IMPORT_MAX_BYTES, tooLarge: 'IMPORT_FILE_TOO_LARGE' })
  const fields = parseValue(ZPeopleImportFormSchema, { dryRun: form.dryRun ?? 'true', columns: typeof form.columns === 'string' ? form.columns : undefined })
  return { bytes, dryRun: fields.dryRun === 'true', columns: fields.columns }
}

/** 导入居民和老人台账: street_admin street-wide, cluster_lead for their 片区; anyone else 404. */
export const peopleRoutes = new Hono<AppEnv>()
  .post('/admin/people/import', sheetLimit, requireAuth, async (c) => {
    setupScopes(c.var.actor)
    return c.json(await importPeople(c.var.deps, c.var.actor, await readImportForm(c)))
  })
  .post('/admin/people/import/refusals', sheetLimit, requireAuth, async (c) => {
    setupScopes(c.var.actor)
    return sendXlsx(c, await exportPeopleRefusals(c.var.deps, c.var.actor, await readImportForm(c)), 'refused-rows.xlsx')
  })
