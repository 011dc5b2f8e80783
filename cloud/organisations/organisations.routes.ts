import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../platform/context'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { sendXlsx } from '../platform/xlsx'
import {
  ZActivityCheckInSchema,
  ZAddMemberSchema,
  ZDecideOrganisationSchema,
  ZOverviewQuerySchema,
  ZPublishActivitySchema,
  ZRegisterOrganisationSchema,
  ZTeamAcceptSchema,
} from '../../types/resources'
import { ZUuidSchema } from '../../types/common'
import { registerOrganisation } from './register-organisation'
import { addMember, removeOrganisationMember } from './manage-members'
import { decideOrganisation } from './decide-organisation'
import { getOrganisation, listMyOrganisationsView, listStaffOrganisations } from './get-organisation'
import { activityCode, listOrganisationActivities, publishActivity } from './publish-activity'
import { checkInActivity } from './check-in-activity'
import { acceptRequestAsTeam, listTeamRequests } from './team-accept'
import { exportOrganisationOverview, getOrganisationOverview } from './organisation-overview'

const ZStaffListSchema = z.object({ orgUnitId: ZUuidSchema.optional(), status: z.enum(['pending', 'verified', 'rejected']).optional() })
const ZCodeQuerySchema = z.object({
  validMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
})

/** 社区社会组织: register, members, activities with QR sign-in; staff verify; the street office's overview. */
export const organisationsRoutes = new Hono<AppEnv>()
  .post('/organisations', requireAuth, async (c) => c.json(await registerOrganisation(c.var.deps, c.var.actor, await parseBody(c, ZRegisterOrganisationSchema)), 201))
  .get('/me/organisations', requireAuth, async (c) => c.json(await listMyOrganisationsView(c.var.deps, c.var.actor)))
  .post('/organisations/check-ins', requireAuth, async (c) => c.json(await checkInActivity(c.var.deps, c.var.actor, (await parseBody(c, ZActivityCheckInSchema)).code), 201))
  .get('/organisations/:id', requireAuth, async (c) => c.json(await getOrganisation(c.var.deps, c.var.actor, parseId(c, 'id', 'ORGANISATION_NOT_FOUND'))))
  .post('/organisations/:id/members', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ORGANISATION_NOT_FOUND')
    return c.json(await addMember(c.var.deps, c.var.actor, id, (await parseBody(c, ZAddMemberSchema)).phone), 201)
  })
  .delete('/organisations/:id/members/:userId', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ORGANISATION_NOT_FOUND')
    return c.json(await removeOrganisationMember(c.var.deps, c.var.actor, id, parseId(c, 'userId', 'USER_NOT_FOUND')))
  })
  .get('/organisations/:id/timebank/requests', requireAuth, async (c) => c.json(await listTeamRequests(c.var.deps, c.var.actor, parseId(c, 'id', 'ORGANISATION_NOT_FOUND'))))
  .post('/organisations/:id/timebank/requests/:requestId/accept', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ORGANISATION_NOT_FOUND')
    const requestId = parseId(c, 'requestId', 'SERVICE_REQUEST_NOT_FOUND')
    return c.json(await acceptRequestAsTeam(c.var.deps, c.var.actor, id, requestId, (await parseBody(c, ZTeamAcceptSchema)).memberIds), 201)
  })
  .get('/organisations/:id/activities', requireAuth, async (c) => c.json(await listOrganisationActivities(c.var.deps, c.var.actor, parseId(c, 'id', 'ORGANISATION_NOT_FOUND'))))
  .post('/organisations/:id/activities', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ORGANISATION_NOT_FOUND')
    return c.json(await publishActivity(c.var.deps, c.var.actor, id, await parseBody(c, ZPublishActivitySchema)), 201)
  })
  .post('/organisations/activities/:id/code', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ACTIVITY_NOT_FOUND')
    return c.json(await activityCode(c.var.deps, c.var.actor, id, parseQuery(c, ZCodeQuerySchema).validMinutes), 201)
  })
  .get('/staff/organisations', requireAuth, async (c) => c.json(await listStaffOrganisations(c.var.deps, c.var.actor, parseQuery(c, ZStaffListSchema))))
  .get('/staff/organisations/overview', requireAuth, async (c) => c.json(await getOrganisationOverview(c.var.deps, c.var.actor, parseQuery(c, ZOverviewQuerySchema))))
  .get('/staff/organisations/overview.xlsx', requireAuth, async (c) =>
    sendXlsx(c, await exportOrganisationOverview(c.var.deps, c.var.actor, parseQuery(c, ZOverviewQuerySchema)), 'organisations.xlsx'),
  )
  .post('/staff/organisations/:id/decide', requireAuth, async (c) => {
    const id = parseId(c, 'id', 'ORGANISATION_NOT_FOUND')
    return c.json(await decideOrganisation(c.var.deps, c.var.actor, id, await parseBody(c, ZDecideOrganisationSchema)))
  })
