import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { idempotent } from '../platform/idempotency'
import { requireAuth } from '../platform/session'
import {
  ZAcceptServiceRequestSchema,
  ZAssignServiceRequestSchema,
  ZCancelServiceRequestSchema,
  ZCheckInSchema,
  ZCheckOutSchema,
  ZConfirmServiceSchema,
  ZCreateServiceRequestSchema,
  ZDisputeServiceSchema,
  ZGiftMinutesSchema,
  ZOpenRequestsQuerySchema,
  ZReverseTimebankJournalSchema,
  ZSettleDisputeSchema,
  ZStaffRequestsQuerySchema,
  ZAdjustMinutesSchema,
  ZDecideVolunteerSchema,
  ZMonthlyReportQuerySchema,
  ZReviewCheckInSchema,
  ZSetVolunteersNeededSchema,
  ZVolunteerApplicationSchema,
} from '../../types/timebank'
import { requestService } from './request-service'
import { getRequest } from './get-request'
import { listOpenRequests } from './list-open-requests'
import { listMyRequests } from './list-my-requests'
import { listStaffRequests } from './list-staff-requests'
import { acceptRequest } from './accept-request'
import { assignRequest } from './assign-request'
import { cancelRequest } from './cancel-request'
import { checkIn } from './check-in'
import { checkOut } from './check-out'
import { confirmService } from './confirm-service'
import { disputeService } from './dispute-service'
import { settleDispute } from './settle-dispute'
import { giftMinutes } from './gift-minutes'
import { reverseTimebankJournal } from './reverse-timebank-journal'
import { getMyTimebank } from './get-my-timebank'
import { issueCertificate } from './issue-certificate'
import { verifyCertificate } from './verify-certificate'
import { renderCertificate } from './render-certificate'
import { setVolunteersNeeded } from './set-volunteers-needed'
import { reviewCheckIn } from './review-check-in'
import { adjustMinutes } from './adjust-minutes'
import { applyVolunteer, getMyVolunteerApplication } from './apply-volunteer'
import { listVolunteerApplications } from './list-volunteer-applications'
import { decideVolunteerApplication } from './decide-volunteer-application'
import { monthlyHoursReport } from './monthly-hours-report'
import { exportMonthlyHours } from './export-monthly-hours'
import { listVolunteers } from './list-volunteers'
import { sendXlsx } from '../platform/xlsx'
import { revealServiceContact } from './reveal-service-contact'

const ZMyRequestsQuerySchema = z.object({
  role: z.enum(['mine', 'serving'], { message: '请选择查看我的请求或我的服务' }).default('mine'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
const ZApplicationsQuerySchema = z.object({
  status: z.enum(['pending', 'verified', 'rejected'], { message: '状态不正确' }).default('pending'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const timebankRoutes = new Hono<AppEnv>()
  .post('/timebank/requests', requireAuth, async (c) => {
    const input = await parseBody(c, ZCreateServiceRequestSchema)
    return idempotent(c, async () => ({ status: 201, body: await requestService(c.var.deps, c.var.actor, input) }))
  })
  .get('/timebank/requests', requireAuth, async (c) => c.json(await listOpenRequests(c.var.deps, c.var.actor, parseQuery(c, ZOpenRequestsQuerySchema))))
  .get('/timebank/requests/:id', requireAuth, async (c) => c.json(await getRequest(c.var.deps, c.var.actor, parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND'))))
  .post('/timebank/requests/:id/accept', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await acceptRequest(c.var.deps, c.var.actor, id, await parseBody(c, ZAcceptServiceRequestSchema)))
  })
  .post('/timebank/requests/:id/assign', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await assignRequest(c.var.deps, c.var.actor, id, await parseBody(c, ZAssignServiceRequestSchema)))
  })
  .post('/timebank/requests/:id/cancel', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await cancelRequest(c.var.deps, c.var.actor, id, await parseBody(c, ZCancelServiceRequestSchema)))
  })
  .post('/timebank/requests/:id/contact', requireAuth, async (c) => c.json(await revealServiceContact(c.var.deps, c.var.actor, parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND'))))
  .post('/timebank/requests/:id/check-in', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await checkIn(c.var.deps, c.var.actor, id, await parseBody(c, ZCheckInSchema)))
  })
  .post('/timebank/requests/:id/check-out', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    const input = await parseBody(c, ZCheckOutSchema)
    return idempotent(c, async () => ({ status: 200, body: await checkOut(c.var.deps, c.var.actor, id, input) }))
  })
  .post('/timebank/requests/:id/confirm', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    const input = await parseBody(c, ZConfirmServiceSchema)
    return idempotent(c, async () => ({ status: 200, body: await confirmService(c.var.deps, c.var.actor, id, input) }))
  })
  .post('/timebank/requests/:id/dispute', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await disputeService(c.var.deps, c.var.actor, id, await parseBody(c, ZDisputeServiceSchema)))
  })
  .post('/timebank/requests/:id/settle', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    const input = await parseBody(c, ZSettleDisputeSchema)
    return idempotent(c, async () => ({ status: 200, body: await settleDispute(c.var.deps, c.var.actor, id, input) }))
  })
  .post('/timebank/gifts', requireAuth, async (c) => {
    const input = await parseBody(c, ZGiftMinutesSchema)
    return idempotent(c, async () => ({ status: 201, body: await giftMinutes(c.var.deps, c.var.actor, input) }))
  })
  .post('/timebank/requests/:id/places', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await setVolunteersNeeded(c.var.deps, c.var.actor, id, await parseBody(c, ZSetVolunteersNeededSchema)))
  })
  .post('/timebank/requests/:id/review-check-in', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await reviewCheckIn(c.var.deps, c.var.actor, id, await parseBody(c, ZReviewCheckInSchema)))
  })
  .get('/timebank/certificates/:code/image.png', async (c) => {
    const file = await renderCertificate(c.var.deps, c.req.param('code'), new URL(c.req.url).origin, c.req.header('if-none-match'))
    if (!file.bytes) return c.body(null, 304, { etag: file.etag, 'cache-control': 'public, max-age=3600' })
    return c.body(file.bytes, 200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=3600',
      etag: file.etag,
      'content-disposition': `inline; filename="certificate.png"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    })
  })
  .get('/timebank/certificates/:code', async (c) => c.json(await verifyCertificate(c.var.deps, c.req.param('code'))))
  .get('/me/timebank', requireAuth, async (c) => c.json(await getMyTimebank(c.var.deps, c.var.actor)))
  .get('/me/timebank/requests', requireAuth, async (c) => c.json(await listMyRequests(c.var.deps, c.var.actor, parseQuery(c, ZMyRequestsQuerySchema))))
  .post('/me/timebank/certificates', requireAuth, async (c) => c.json(await issueCertificate(c.var.deps, c.var.actor, new URL(c.req.url).origin), 201))
  .get('/me/timebank/volunteer-application', requireAuth, async (c) => c.json(await getMyVolunteerApplication(c.var.deps, c.var.actor)))
  .post('/me/timebank/volunteer-application', requireAuth, async (c) => c.json(await applyVolunteer(c.var.deps, c.var.actor, await parseBody(c, ZVolunteerApplicationSchema)), 201))
  .get('/staff/timebank/volunteers', requireAuth, async (c) => c.json(await listVolunteers(c.var.deps, c.var.actor)))
  .get('/staff/timebank/volunteer-applications', requireAuth, async (c) => c.json(await listVolunteerApplications(c.var.deps, c.var.actor, parseQuery(c, ZApplicationsQuerySchema))))
  .post('/staff/timebank/volunteer-applications/:id/decide', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'VOLUNTEER_APPLICATION_NOT_FOUND')
    return c.json(await decideVolunteerApplication(c.var.deps, c.var.actor, id, await parseBody(c, ZDecideVolunteerSchema)))
  })
  .post('/staff/timebank/adjustments', requireAuth, async (c) => {
    const input = await parseBody(c, ZAdjustMinutesSchema)
    return idempotent(c, async () => ({ status: 201, body: await adjustMinutes(c.var.deps, c.var.actor, input) }))
  })
  .get('/staff/timebank/reports/monthly', requireAuth, async (c) => c.json(await monthlyHoursReport(c.var.deps, c.var.actor, parseQuery(c, ZMonthlyReportQuerySchema).month)))
  .get('/staff/timebank/reports/monthly.xlsx', requireAuth, async (c) => {
    return sendXlsx(c, await exportMonthlyHours(c.var.deps, c.var.actor, parseQuery(c, ZMonthlyReportQuerySchema).month), 'timebank-hours.xlsx')
  })
  .get('/staff/timebank/requests', requireAuth, async (c) => c.json(await listStaffRequests(c.var.deps, c.var.actor, parseQuery(c, ZStaffRequestsQuerySchema))))
  .post('/staff/timebank/journals/:id/reverse', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'TIMEBANK_JOURNAL_NOT_FOUND')
    const input = await parseBody(c, ZReverseTimebankJournalSchema)
    return idempotent(c, async () => ({ status: 201, body: await reverseTimebankJournal(c.var.deps, c.var.actor, id, input) }))
  })
