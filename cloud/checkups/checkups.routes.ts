import { listElderBookings } from './list-elder-bookings'
import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { idempotent, idempotentWithWrite } from '../platform/idempotency'
import {
  ZBookCheckupRequestSchema,
  ZCheckInRequestSchema,
  ZCreateCampaignRequestSchema,
  ZCreateSessionsRequestSchema,
  ZJoinWaitlistRequestSchema,
  ZRequestHomeVisitRequestSchema,
  ZRescheduleBookingRequestSchema,
  ZRosterQuerySchema,
  ZScheduleHomeVisitRequestSchema,
  ZUpdateSessionRequestSchema,
} from '../../types/checkups'
import { listCheckupCampaigns } from './list-campaigns'
import { listCheckupSessions } from './list-sessions'
import { bookCheckup } from './book-checkup'
import { getBooking } from './get-booking'
import { rescheduleBooking } from './reschedule-booking'
import { cancelBooking } from './cancel-booking'
import { checkInBooking } from './check-in-booking'
import { completeBooking } from './complete-booking'
import { joinWaitlist } from './join-waitlist'
import { acceptOffer } from './accept-offer'
import { leaveWaitlist } from './leave-waitlist'
import { requestHomeVisit } from './request-home-visit'
import { scheduleHomeVisit } from './schedule-home-visit'
import { listMyCheckups } from './list-my-checkups'
import { createCampaign } from './create-campaign'
import { createSessions } from './create-sessions'
import { updateSession } from './update-session'
import { getCampaignWaitlist, getNoShows, getRoster } from './get-roster'
import { exportRoster } from './export-roster'
import { renderPass } from './render-pass'
import { listHomeVisits } from './list-home-visits'
import { listHomeVisitors } from './list-home-visitors'
import { sendXlsx } from '../platform/xlsx'

/**
 * 体检预约 over HTTP: parse with the contract, call the use case. Book, accept, reschedule and cancel
 * take Idempotency-Key; book and accept store their answer with the booking itself (one commit).
 */
export const checkupsRoutes = new Hono<AppEnv>()
  .get('/checkups/campaigns', requireAuth, async (c) => c.json(await listCheckupCampaigns(c.var.deps, c.var.actor)))
  .get('/checkups/campaigns/:id/sessions', requireAuth, async (c) => c.json(await listCheckupSessions(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND'))))
  .post('/checkups/bookings', requireAuth, (c) => idempotentWithWrite(c, 201, async (answer) => bookCheckup(c.var.deps, c.var.actor, await parseBody(c, ZBookCheckupRequestSchema), answer)))
  .get('/checkups/bookings/:id', requireAuth, async (c) => c.json(await getBooking(c.var.deps, c.var.actor, parseId(c, 'id', 'BOOKING_NOT_FOUND'))))
  .post('/checkups/bookings/:id/reschedule', requireAuth, (c) =>
    idempotent(c, async () => {
      const id = parseId(c, 'id', 'BOOKING_NOT_FOUND')
      return { status: 200, body: await rescheduleBooking(c.var.deps, c.var.actor, id, await parseBody(c, ZRescheduleBookingRequestSchema)) }
    }),
  )
  .post('/checkups/bookings/:id/cancel', requireAuth, (c) => idempotent(c, async () => ({ status: 200, body: await cancelBooking(c.var.deps, c.var.actor, parseId(c, 'id', 'BOOKING_NOT_FOUND')) })))
  .post('/checkups/bookings/:id/check-in', requireAuth, async (c) => c.json(await checkInBooking(c.var.deps, c.var.actor, { bookingId: parseId(c, 'id', 'BOOKING_NOT_FOUND') })))
  .get('/checkups/bookings/:id/pass.png', requireAuth, async (c) => {
    const file = await renderPass(c.var.deps, c.var.actor, parseId(c, 'id', 'BOOKING_NOT_FOUND'))
    return c.body(file.bytes, 200, {
      'content-type': 'image/png',
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="checkup-pass.png"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    })
  })
  .post('/checkups/bookings/:id/done', requireAuth, async (c) => c.json(await completeBooking(c.var.deps, c.var.actor, parseId(c, 'id', 'BOOKING_NOT_FOUND'))))
  .post('/checkups/check-ins', requireAuth, async (c) => c.json(await checkInBooking(c.var.deps, c.var.actor, await parseBody(c, ZCheckInRequestSchema))))
  .post('/checkups/waitlist', requireAuth, async (c) => c.json(await joinWaitlist(c.var.deps, c.var.actor, await parseBody(c, ZJoinWaitlistRequestSchema)), 201))
  .post('/checkups/waitlist/:id/accept', requireAuth, (c) => idempotentWithWrite(c, 201, async (answer) => acceptOffer(c.var.deps, c.var.actor, parseId(c, 'id', 'WAITLIST_NOT_FOUND'), answer)))
  .post('/checkups/waitlist/:id/leave', requireAuth, async (c) => c.json(await leaveWaitlist(c.var.deps, c.var.actor, parseId(c, 'id', 'WAITLIST_NOT_FOUND'))))
  .post('/checkups/home-visits', requireAuth, async (c) => c.json(await requestHomeVisit(c.var.deps, c.var.actor, await parseBody(c, ZRequestHomeVisitRequestSchema)), 201))
  .post('/checkups/home-visits/:id/schedule', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'HOME_VISIT_NOT_FOUND')
    return c.json(await scheduleHomeVisit(c.var.deps, c.var.actor, id, await parseBody(c, ZScheduleHomeVisitRequestSchema)))
  })
  .get('/me/checkups', requireAuth, async (c) => c.json(await listMyCheckups(c.var.deps, c.var.actor)))
  .post('/staff/checkups/campaigns', requireAuth, async (c) => c.json(await createCampaign(c.var.deps, c.var.actor, await parseBody(c, ZCreateCampaignRequestSchema)), 201))
  .post('/staff/checkups/campaigns/:id/sessions', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'CAMPAIGN_NOT_FOUND')
    return c.json(await createSessions(c.var.deps, c.var.actor, id, await parseBody(c, ZCreateSessionsRequestSchema)), 201)
  })
  .patch('/staff/checkups/sessions/:id', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'SESSION_NOT_FOUND')
    return c.json(await updateSession(c.var.deps, c.var.actor, id, await parseBody(c, ZUpdateSessionRequestSchema)))
  })
  .get('/staff/checkups/elders/:id/bookings', requireAuth, async (c) => c.json(await listElderBookings(c.var.deps, c.var.actor, parseId(c, 'id', 'ELDER_NOT_FOUND'))))
  .get('/staff/checkups/campaigns/:id/roster', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'CAMPAIGN_NOT_FOUND')
    return c.json(await getRoster(c.var.deps, c.var.actor, id, parseQuery(c, ZRosterQuerySchema).date))
  })
  .get('/staff/checkups/campaigns/:id/no-shows', requireAuth, async (c) => c.json(await getNoShows(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND'))))
  .get('/staff/checkups/campaigns/:id/waitlist', requireAuth, async (c) => c.json(await getCampaignWaitlist(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND'))))
  .get('/staff/checkups/campaigns/:id/home-visits', requireAuth, async (c) => c.json(await listHomeVisits(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND'))))
  .get('/staff/checkups/campaigns/:id/visitors', requireAuth, async (c) => c.json(await listHomeVisitors(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND'))))
  .get('/staff/checkups/campaigns/:id/roster.xlsx', requireAuth, async (c) => {
    return sendXlsx(c, await exportRoster(c.var.deps, c.var.actor, parseId(c, 'id', 'CAMPAIGN_NOT_FOUND')), 'roster.xlsx')
  })
