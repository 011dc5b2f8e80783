import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'
import { requireAuth } from '../platform/session'
import { STAFF_ROLES, ZLocateQuerySchema } from '../../types/org'
import { parseQuery } from '../platform/http'
import { locateGrid } from './locate-grid'
import { requireAnyRole } from './org.policy'
import { listCommunities, listUnitsUnder } from './org.repository'

export const orgRoutes = new Hono<AppEnv>()
  // public: a new resident picks where they live
  .get('/org/communities', async (c) => c.json({ items: await listCommunities(c.var.deps.db.kysely) }))
  // a signed-in person placing a pin: which grid is this? (the name shown under the pin)
  .get('/org/locate', requireAuth, async (c) => {
    const q = parseQuery(c, ZLocateQuerySchema)
    return c.json(await locateGrid(c.var.deps, q.lat, q.lng))
  })
  // staff: the org units under their own assignments
  .get('/org/units', requireAuth, async (c) => {
    const actor = c.var.actor
    requireAnyRole(actor, STAFF_ROLES)
    const paths = actor.roles.filter((r) => STAFF_ROLES.includes(r.role)).map((r) => r.path)
    return c.json({ items: await listUnitsUnder(c.var.deps.db.kysely, paths) })
  })
