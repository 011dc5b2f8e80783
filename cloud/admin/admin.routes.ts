import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { sendXlsx } from '../platform/xlsx'
import {
  ZAuditQuerySchema,
  ZCreateOrgUnitRequestSchema,
  ZCreateStaffRequestSchema,
  ZSaveStreetSettingsRequestSchema,
  ZStaffListQuerySchema,
  ZUpdateOrgUnitRequestSchema,
  ZUpdateStaffRequestSchema,
} from '../../types/admin'
import { requireAdmin } from './admin.policy'
import { listOrgUnits } from './list-org-units'
import { createOrgUnit } from './create-org-unit'
import { updateOrgUnit } from './update-org-unit'
import { createStaff } from './create-staff'
import { updateStaff } from './update-staff'
import { resetStaffPassword } from './reset-staff-password'
import { setStaffDisabled } from './set-staff-disabled'
import { unlockStaff } from './unlock-staff'
import { listStaff } from './list-staff'
import { importStaff } from './import-staff'
import { getSettings } from './get-settings'
import { saveSettings } from './save-settings'
import { listAuditLog } from './list-audit'
import { exportAudit } from './export-audit'
import { readXlsxUpload } from './xlsx-upload'

/** The admin console (street admin for the street, 片区 lead for the 片区); everyone else: 404 on every route. */
export const adminRoutes = new Hono<AppEnv>()
  .use('/admin/*', requireAuth, async (c, next) => {
    requireAdmin(c.var.actor)
    await next()
  })
  .get('/admin/org-units', async (c) => c.json(await listOrgUnits(c.var.deps, c.var.actor)))
  .post('/admin/org-units', async (c) => c.json(await createOrgUnit(c.var.deps, c.var.actor, await parseBody(c, ZCreateOrgUnitRequestSchema)), 201))
  .patch('/admin/org-units/:id', async (c) => c.json(await updateOrgUnit(c.var.deps, c.var.actor, parseId(c, 'id', 'ORG_UNIT_NOT_FOUND'), await parseBody(c, ZUpdateOrgUnitRequestSchema))))
  .get('/admin/staff', async (c) => c.json(await listStaff(c.var.deps, c.var.actor, parseQuery(c, ZStaffListQuerySchema))))
  .post('/admin/staff', async (c) => c.json(await createStaff(c.var.deps, c.var.actor, await parseBody(c, ZCreateStaffRequestSchema)), 201))
  .post('/admin/staff/import', async (c) => {
    const { bytes, dryRun } = await readXlsxUpload(c)
    return c.json(await importStaff(c.var.deps, c.var.actor, bytes, dryRun))
  })
  .patch('/admin/staff/:id', async (c) => c.json(await updateStaff(c.var.deps, c.var.actor, parseId(c, 'id', 'STAFF_NOT_FOUND'), await parseBody(c, ZUpdateStaffRequestSchema))))
  .post('/admin/staff/:id/reset-password', async (c) => c.json(await resetStaffPassword(c.var.deps, c.var.actor, parseId(c, 'id', 'STAFF_NOT_FOUND'))))
  .post('/admin/staff/:id/disable', async (c) => c.json(await setStaffDisabled(c.var.deps, c.var.actor, parseId(c, 'id', 'STAFF_NOT_FOUND'), true)))
  .post('/admin/staff/:id/enable', async (c) => c.json(await setStaffDisabled(c.var.deps, c.var.actor, parseId(c, 'id', 'STAFF_NOT_FOUND'), false)))
  .post('/admin/staff/:id/unlock', async (c) => c.json(await unlockStaff(c.var.deps, c.var.actor, parseId(c, 'id', 'STAFF_NOT_FOUND'))))
  .get('/admin/settings', async (c) => c.json(await getSettings(c.var.deps, c.var.actor)))
  .put('/admin/settings', async (c) => c.json(await saveSettings(c.var.deps, c.var.actor, await parseBody(c, ZSaveStreetSettingsRequestSchema))))
  .get('/admin/audit', async (c) => c.json(await listAuditLog(c.var.deps, c.var.actor, parseQuery(c, ZAuditQuerySchema))))
  .get('/admin/audit/export', async (c) => sendXlsx(c, await exportAudit(c.var.deps, c.var.actor, parseQuery(c, ZAuditQuerySchema)), 'audit.xlsx'))
