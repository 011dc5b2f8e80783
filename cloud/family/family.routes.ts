import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { ZConfirmFamilyLinkSchema, ZRequestFamilyLinkSchema, ZRevokeFamilyLinkSchema, ZFamilyScopeSchema, FAMILY_LINK_STATUSES } from '../../types/accounts'
import { ZCursorQuerySchema } from '../../types/common'
import { COUNTER_ROLES, requireAnyRole } from '../org'
import { requestFamilyLink } from './request-family-link'
import { confirmFamilyLink, rejectFamilyLink, revokeFamilyLink } from './decide-family-link'
import { issueBindCode } from './issue-bind-code'
import { listLinksInScope } from './family.repository'
import { clientAddress } from '../platform/client-address'

const ZStaffLinksQuerySchema = ZCursorQuerySchema.extend({ status: z.enum(FAMILY_LINK_STATUSES).default('pending') })
const ZIssueBindCodeSchema = z.object({ scopes: z.array(ZFamilyScopeSchema).optional() })

export const familyRoutes = new Hono<AppEnv>()
  .use('/family/*', requireAuth)
  .post('/family/links', async (c) => c.json(await requestFamilyLink(c.var.deps, c.var.actor, await parseBody(c, ZRequestFamilyLinkSchema), clientAddress(c)), 201))
  .post('/family/links/:id/confirm', async (c) => c.json(await confirmFamilyLink(c.var.deps, c.var.actor, parseId(c, 'id', 'FAMILY_LINK_NOT_FOUND'), await parseBody(c, ZConfirmFamilyLinkSchema))))
  .post('/family/links/:id/reject', async (c) => c.json(await rejectFamilyLink(c.var.deps, c.var.actor, parseId(c, 'id', 'FAMILY_LINK_NOT_FOUND'))))
  .post('/family/links/:id/revoke', async (c) => c.json(await revokeFamilyLink(c.var.deps, c.var.actor, parseId(c, 'id', 'FAMILY_LINK_NOT_FOUND'), await parseBody(c, ZRevokeFamilyLinkSchema))))
  .get('/staff/family/links', requireAuth, async (c) => {
    const actor = c.var.actor
    requireAnyRole(actor, COUNTER_ROLES)
    const q = parseQuery(c, ZStaffLinksQuerySchema)
    const paths = actor.roles.filter((r) => COUNTER_ROLES.includes(r.role)).map((r) => r.path)
    return c.json(await listLinksInScope(c.var.deps.db.kysely, paths, q.status, q.limit, q.cursor))
  })
  .post('/staff/elders/:id/bind-codes', requireAuth, async (c) =>
    c.json(await issueBindCode(c.var.deps, c.var.actor, parseId(c, 'id', 'USER_NOT_FOUND'), await parseBody(c, ZIssueBindCodeSchema)), 201),
  )
