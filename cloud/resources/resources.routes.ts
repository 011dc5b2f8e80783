import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../platform/context'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { idempotent } from '../platform/idempotency'
import { sendXlsx } from '../platform/xlsx'
import { ZUuidSchema } from '../../types/common'
import { ZBookResourceSchema, ZDecideBookingSchema, ZResourceCheckInSchema, ZResourceSearchSchema, ZSaveResourceSchema, ZStaffBookingsQuerySchema, ZUsageQuerySchema } from '../../types/resources'
import { searchResources, getResource } from './search-resources'
import { bookResource } from './book-resource'
import { bookingPass, cancelBooking, listMyBookings } from './manage-booking'
import { decideBooking } from './decide-booking'
import { checkInBooking } from './check-in-booking'
import { createResource, listStaffBookings, listStaffResources, saveResource } from './staff-resources'
import { exportResourceUsage, getResourceUsage } from './resource-usage'

const ZDateQuerySchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
})
const ZCommunityQuerySchema = z.object({ communityId: ZUuidSchema.optional() })

/** 跨社区资源共享: search, book (Idempotency-Key), my bookings with QR; staff approve, check in, list and usage. */
export const resourcesRoutes = new Hono<AppEnv>()
  .get('/resources', requireAuth, async (c) => c.json(await searchResources(c.var.deps, c.var.actor, parseQuery(c, ZResourceSearchSchema))))
  .get('/resources/:id', requireAuth, async (c) => c.json(await getResource(c.var.deps, c.var.actor, parseId(c, 'id', 'RESOURCE_NOT_FOUND'), parseQuery(c, ZDateQuerySchema).date)))
  .post('/resources/:id/bookings', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'RESOURCE_NOT_FOUND')
    const body = await parseBody(c, ZBookResourceSchema)
    return idempotent(c, async () => ({ status: 201, body: await bookResource(c.var.deps, c.var.actor, id, body) }))
  })
  .get('/me/resource-bookings', requireAuth, async (c) => c.json(await listMyBookings(c.var.deps, c.var.actor)))
  .get('/resource-bookings/:id/pass', requireAuth, async (c) => c.json(await bookingPass(c.var.deps, c.var.actor, parseId(c, 'id', 'RESOURCE_BOOKING_NOT_FOUND'))))
  .post('/resource-bookings/:id/cancel', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'RESOURCE_BOOKING_NOT_FOUND')
    return idempotent(c, async () => ({ status: 200, body: await cancelBooking(c.var.deps, c.var.actor, id) }))
  })
  .get('/staff/resources', requireAuth, async (c) => c.json(await listStaffResources(c.var.deps, c.var.actor, parseQuery(c, ZCommunityQuerySchema).communityId)))
  .post('/staff/resources', requireAuth, async (c) => c.json(await createResource(c.var.deps, c.var.actor, await parseBody(c, ZSaveResourceSchema)), 201))
  .put('/staff/resources/:id', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'RESOURCE_NOT_FOUND')
    return c.json(await saveResource(c.var.deps, c.var.actor, id, await parseBody(c, ZSaveResourceSchema.extend({ active: z.boolean().optional() }))))
  })
  .get('/staff/resources/bookings', requireAuth, async (c) => c.json(await listStaffBookings(c.var.deps, c.var.actor, parseQuery(c, ZStaffBookingsQuerySchema))))
  .post('/staff/resources/bookings/:id/decide', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'RESOURCE_BOOKING_NOT_FOUND')
    return c.json(await decideBooking(c.var.deps, c.var.actor, id, await parseBody(c, ZDecideBookingSchema)))
  })
  .post('/staff/resources/check-ins', requireAuth, async (c) => c.json(await checkInBooking(c.var.deps, c.var.actor, (await parseBody(c, ZResourceCheckInSchema)).code)))
  .get('/staff/resources/usage', requireAuth, async (c) => c.json(await getResourceUsage(c.var.deps, c.var.actor, parseQuery(c, ZUsageQuerySchema))))
  .get('/staff/resources/usage.xlsx', requireAuth, async (c) => sendXlsx(c, await exportResourceUsage(c.var.deps, c.var.actor, parseQuery(c, ZUsageQuerySchema)), 'resource-usage.xlsx'))
