import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'
import type { AppEnv, Ctx } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { AppError } from '../platform/errors'
import { readFileForm } from '../platform/multipart'
import { MAX_PHOTO_BYTES } from '../platform/storage'
import { ZCursorQuerySchema } from '../../types/common'
import {
  ZAssignRequestSchema,
  ZCategoriesQuerySchema,
  ZBulkReportsRequestSchema,
  ZCommentRequestSchema,
  ZConfirmRequestSchema,
  ZDispatchRequestSchema,
  ZEscalateRequestSchema,
  ZMergeRequestSchema,
  ZNearbyQuerySchema,
  ZNoteRequestSchema,
  ZOptionalReasonSchema,
  ZQueueExportQuerySchema,
  ZQueueQuerySchema,
  ZReassignRequestSchema,
  ZRejectRequestSchema,
  ZReopenRequestSchema,
  ZResolveRequestSchema,
  ZSubmitReportRequestSchema,
  type TReportDetail,
  ZCloudUploadRequestSchema,
} from '../../types/reports'
import type { Actor } from '../org'
import type { AppDeps } from '../platform/context'
import { revealReporterPhone } from './reveal-reporter-phone'
import { submitReport } from './submit-report'
import { getReportView } from './get-report'
import { supportReport } from './support-report'
import { acceptReport } from './accept-report'
import { rejectReport } from './reject-report'
import { mergeReport } from './merge-report'
import { assignReport } from './assign-report'
import { escalateReport } from './escalate-report'
import { dispatchReport } from './dispatch-report'
import { reassignReport } from './reassign-report'
import { startReport } from './start-report'
import { resolveReport } from './resolve-report'
import { confirmReport } from './confirm-report'
import { reopenReport } from './reopen-report'
import { commentReport } from './comment-report'
import { noteReport } from './note-report'
import { listNearbyReports } from './list-nearby-reports'
import { listCategories } from './list-categories'
import { listMyReports } from './list-my-reports'
import { listCommunityReports } from './list-community-reports'
import { listStaffQueue } from './list-staff-queue'
import { getReportStats } from './get-report-stats'
import { listHandoverOptions } from './list-handover-options'
import { uploadCloudPhoto } from './upload-cloud-photo'
import { uploadPhoto } from './upload-photo'
import { bulkChangeReports } from './bulk-change-reports'
import { exportStaffQueue } from './export-staff-queue'
import { sendXlsx } from '../platform/xlsx'
import { limitRequest } from '../platform/rate-limit'

/** Multipart overhead allowed on top of the 10 MB photo. */
export const UPLOAD_BODY_LIMIT = MAX_PHOTO_BYTES + 256 * 1024

type ActionHandler = (deps: AppDeps, actor: Actor, id: string, c: Ctx) => Promise<TReportDetail>
const withBody =
  <S extends z.ZodTypeAny>(schema: S, run: (deps: AppDeps, actor: Actor, id: string, input: z.output<S>) => Promise<TReportDetail>): ActionHandler =>
  async (deps, actor, id, c) =>
    run(deps, actor, id, await parseBody(c, schema))

const ACTIONS: Record<string, ActionHandler> = {
  support: async (deps, actor, id, c) => {
    await parseBody(c, ZOptionalReasonSchema)
    return supportReport(deps, actor, id)
  },
  accept: withBody(ZOptionalReasonSchema, acceptReport),
  reject: withBody(ZRejectRequestSchema, rejectReport),
  merge: withBody(ZMergeRequestSchema, mergeReport),
  assign: withBody(ZAssignRequestSchema, assignReport),
  escalate: withBody(ZEscalateRequestSchema, escalateReport),
  dispatch: withBody(ZDispatchRequestSchema, dispatchReport),
  reassign: withBody(ZReassignRequestSchema, reassignReport),
  start: withBody(ZOptionalReasonSchema, startReport),
  resolve: withBody(ZResolveRequestSchema, resolveReport),
  confirm: withBody(ZConfirmRequestSchema, confirmReport),
  reopen: withBody(ZReopenRequestSchema, reopenReport),
  comment: withBody(ZCommentRequestSchema, commentReport),
  note: withBody(ZNoteRequestSchema, noteReport),
}

async function readPhoto(c: Ctx): Promise<Buffer> {
  const { bytes } = await readFileForm(c, { choose: '请选择照片', maxBytes: MAX_PHOTO_BYTES, tooLarge: 'IMAGE_TOO_LARGE' })
  return Buffer.from(bytes)
}

export const reportsRoutes = new Hono<AppEnv>()
  .post(
    '/uploads',
    bodyLimit({
      maxSize: UPLOAD_BODY_LIMIT,
      onError: () => {
        throw new AppError('IMAGE_TOO_LARGE', { maxBytes: MAX_PHOTO_BYTES })
      },
    }),
    requireAuth,
    async (c) => {
      const bytes = await readPhoto(c)
      await limitRequest(c, [{ name: 'uploads', subject: c.var.actor.userId }])
      return c.json(await uploadPhoto(c.var.deps, c.var.actor, bytes), 201)
    },
  )
  .post('/uploads/cloud', requireAuth, async (c) => c.json(await uploadCloudPhoto(c.var.deps, c.var.actor, await parseBody(c, ZCloudUploadRequestSchema)), 201))
  .get('/reports/categories', async (c) => c.json(await listCategories(c.var.deps, parseQuery(c, ZCategoriesQuerySchema))))
  .get('/reports/nearby', requireAuth, async (c) => c.json(await listNearbyReports(c.var.deps, parseQuery(c, ZNearbyQuerySchema))))
  .get('/reports', requireAuth, async (c) => c.json(await listCommunityReports(c.var.deps, c.var.actor, parseQuery(c, ZCursorQuerySchema))))
  .post('/reports', requireAuth, async (c) => {
    const input = await parseBody(c, ZSubmitReportRequestSchema)
    // per person here, not in submitReport: Open311 files through one service account with its own limit
    await limitRequest(c, [{ name: 'reports', subject: c.var.actor.userId }])
    return c.json(await submitReport(c.var.deps, c.var.actor, input), 201)
  })
  .get('/reports/:id', requireAuth, async (c) => c.json(await getReportView(c.var.deps, c.var.actor, parseId(c, 'id', 'REPORT_NOT_FOUND'))))
  .get('/me/reports', requireAuth, async (c) => c.json(await listMyReports(c.var.deps, c.var.actor, parseQuery(c, ZCursorQuerySchema))))
  .get('/staff/reports', requireAuth, async (c) => c.json(await listStaffQueue(c.var.deps, c.var.actor, parseQuery(c, ZQueueQuerySchema))))
  .get('/staff/reports/stats', requireAuth, async (c) => c.json(await getReportStats(c.var.deps, c.var.actor)))
  .get('/staff/reports/options', requireAuth, async (c) => c.json(await listHandoverOptions(c.var.deps, c.var.actor)))
  .get('/staff/reports.xlsx', requireAuth, async (c) => {
    return sendXlsx(c, await exportStaffQueue(c.var.deps, c.var.actor, parseQuery(c, ZQueueExportQuerySchema)), 'reports.xlsx')
  })
  .post('/staff/reports/:id/reporter-phone', requireAuth, async (c) => c.json(await revealReporterPhone(c.var.deps, c.var.actor, parseId(c, 'id', 'REPORT_NOT_FOUND'))))
  .post('/staff/reports/bulk', requireAuth, async (c) => c.json(await bulkChangeReports(c.var.deps, c.var.actor, await parseBody(c, ZBulkReportsRequestSchema))))
  // one route for every action (DESIGN: POST /api/v1/reports/{id}/<action>); an unknown action is 404
  .post('/reports/:id/:action', requireAuth, async (c) => {
    const handler = Object.hasOwn(ACTIONS, c.req.param('action')) ? ACTIONS[c.req.param('action')] : undefined
    if (!handler) throw new AppError('ROUTE_NOT_FOUND')
    return c.json(await handler(c.var.deps, c.var.actor, parseId(c, 'id', 'REPORT_NOT_FOUND'), c))
  })
