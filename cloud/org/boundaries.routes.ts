import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../platform/http'
import { parseBody, parseId } from '../platform/http'
import { requireAuth } from '../platform/session'
import { AppError } from '../platform/errors'
import { BOUNDARY_BODY_LIMIT, ZImportBoundariesRequestSchema, ZSetBoundaryRequestSchema } from '../../types/boundaries'
import { setBoundary } from './set-boundary'
import { importBoundaries } from './import-boundaries'
import { listBoundaries } from './list-boundaries'
import { setupScopes } from './org.policy'

// GeoJSON is larger than the app-wide 64 KB JSON limit (cloud/app.ts skips it for these paths)
const geojsonLimit = bodyLimit({
  maxSize: BOUNDARY_BODY_LIMIT,
  onError: () => {
    throw new AppError('BOUNDARY_TOO_LARGE', { maxBytes: BOUNDARY_BODY_LIMIT })
  },
})

/** 网格边界: street_admin street-wide, cluster_lead for their 片区; anyone else 404. */
export const boundariesRoutes = new Hono<AppEnv>()
  .get('/admin/boundaries', requireAuth, async (c) => c.json(await listBoundaries(c.var.deps, c.var.actor)))
  .put('/admin/org-units/:id/boundary', geojsonLimit, requireAuth, async (c) => {
    setupScopes(c.var.actor) // not an admin: 404 before the body is even read
    return c.json(await setBoundary(c.var.deps, c.var.actor, parseId(c, 'id', 'ORG_UNIT_NOT_FOUND'), await parseBody(c, ZSetBoundaryRequestSchema)))
  })
  .post('/admin/org-units/boundaries', geojsonLimit, requireAuth, async (c) => {
    setupScopes(c.var.actor)
    return c.json(await importBoundaries(c.var.deps, c.var.actor, await parseBody(c, ZImportBoundariesRequestSchema)))
  })
